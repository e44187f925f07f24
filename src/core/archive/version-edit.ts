import type { Database } from 'better-sqlite3-multiple-ciphers'
import { joinBlocks, type BlockDraft } from '../../shared/blocks'
import { CasebookError } from '../../shared/errors'
import type { Block, ReanchorSummary } from '../../shared/model'
import { sha256Hex } from '../hash'
import { addVersion, getVersionContent, type VersionContent } from './versions'

/**
 * The blocks of a text corrected in the app. The editor shows the canonical text, blocks apart by a blank
 * line, so blank lines split it again. A block whose text is unchanged keeps its kind (heading, quote, list
 * item…); a changed one takes the kind of the old block at its place when the number of blocks is the
 * same (a typo fixed inside a heading leaves a heading), else it is a paragraph.
 */
export function blocksOfEditedText(edited: string, previous: VersionContent): VersionContent {
  const oldBlocks = previous.blocks.map((block) => ({
    block,
    text: previous.text.slice(block.start, block.end),
  }))
  const kindOfText = new Map(oldBlocks.map(({ block, text }) => [text, block]))
  const pieces = edited
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((piece) => piece.replace(/^\n+|\s+$/g, ''))
    .filter((piece) => piece.trim() !== '')
  const sameShape = pieces.length === oldBlocks.length
  const drafts: BlockDraft[] = pieces.map((piece, i) => {
    const template: Block | undefined =
      kindOfText.get(piece) ?? kindOfText.get(piece.trim()) ?? (sameShape ? oldBlocks[i]?.block : undefined)
    const kind = template?.kind ?? 'paragraph'
    return { kind, level: template?.level, text: piece }
  })
  return joinBlocks(drafts)
}

/**
 * Saves a correction of an article's text made in the app as a new version, re-anchoring its highlights.
 * `baseVersionId` is the version the user edited: if the article has moved on since (another window, an
 * import), the edit is refused rather than silently undoing that change.
 */
export function editArticleText(
  db: Database,
  articleId: string,
  baseVersionId: string,
  edited: string,
): ReanchorSummary {
  const current = db
    .prepare('SELECT current_version_id AS id FROM articles WHERE id = ? AND deleted_at IS NULL')
    .get(articleId) as { id: string } | undefined
  if (!current) throw new CasebookError('not_found', `no article with id ${articleId}`)
  if (current.id !== baseVersionId) {
    throw new CasebookError(
      'conflict',
      'the article has a newer version than the one you edited; open it again and redo the correction there',
    )
  }
  const base = getVersionContent(db, articleId, baseVersionId)
  const content = blocksOfEditedText(edited, base)
  if (!content.text) throw new CasebookError('invalid_input', 'the corrected text is empty')
  // The base is the current version (checked above): the same text again is no correction.
  if (sha256Hex(content.text) === base.sha256)
    throw new CasebookError('invalid_input', 'the text is unchanged')
  return addVersion(db, articleId, content, 'edit')
}
