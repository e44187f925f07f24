import type { Database } from 'better-sqlite3-multiple-ciphers'
import { diffLines, diffWordsWithSpace, type ChangeObject } from 'diff'
import { CasebookError } from '../../shared/errors'
import type { DiffPart, VersionDiff } from '../../shared/model'
import { countWords, getVersionContent, listVersions } from './versions'

/**
 * A word diff takes time that grows with the product of text length and changes; past this the paragraphs
 * are compared whole instead, so a rewritten long article still shows its differences promptly.
 */
const WORD_DIFF_TIMEOUT_MS = 1500

/** The parts of a diff, adjacent parts of one kind joined. */
function toParts(changes: ChangeObject<string>[]): DiffPart[] {
  const parts: DiffPart[] = []
  for (const change of changes) {
    const kind = change.added ? 'added' : change.removed ? 'removed' : 'same'
    const last = parts[parts.length - 1]
    if (last && last.kind === kind) last.text += change.value
    else parts.push({ kind, text: change.value })
  }
  return parts
}

/** The difference between two texts, word by word (white space included, so both texts can be rebuilt). */
export function diffTexts(from: string, to: string): DiffPart[] {
  const words = diffWordsWithSpace(from, to, { timeout: WORD_DIFF_TIMEOUT_MS })
  return toParts(words ?? diffLines(from, to))
}

/** How two versions of an article differ: `from` the older text (removed parts) `to` the newer (added). */
export function diffVersions(db: Database, articleId: string, fromId: string, toId: string): VersionDiff {
  const versions = listVersions(db, articleId)
  const from = versions.find((v) => v.id === fromId)
  const to = versions.find((v) => v.id === toId)
  if (!from || !to) {
    throw new CasebookError('not_found', `article ${articleId} has no version ${from ? toId : fromId}`)
  }
  const parts = diffTexts(
    getVersionContent(db, articleId, fromId).text,
    getVersionContent(db, articleId, toId).text,
  )
  const wordsOf = (kind: DiffPart['kind']) =>
    parts.filter((p) => p.kind === kind).reduce((sum, p) => sum + countWords(p.text), 0)
  return { from, to, parts, added: wordsOf('added'), removed: wordsOf('removed') }
}
