import type { Database } from 'better-sqlite3-multiple-ciphers'
import { describeRange, trimRange } from '../../shared/anchoring'
import { CasebookError } from '../../shared/errors'
import type { Highlight } from '../../shared/model'
import { nowIso } from '../ids'
import { getHighlight, recordAnchor } from './highlights'
import { getVersionContent } from './versions'

function currentVersionOf(db: Database, highlightId: string): { articleId: string; versionId: string } {
  const row = db
    .prepare(
      `SELECT h.article_id AS articleId, a.current_version_id AS versionId
         FROM highlights h JOIN articles a ON a.id = h.article_id
        WHERE h.id = ? AND h.deleted_at IS NULL AND a.deleted_at IS NULL`,
    )
    .get(highlightId) as { articleId: string; versionId: string } | undefined
  if (!row) throw new CasebookError('not_found', `no highlight with id ${highlightId}`)
  return row
}

/**
 * Re-attaches a highlight (an orphan, usually) to words the user selected in the article's current
 * version. The user's choice is the evidence, so the quote becomes those words; the old quote stays
 * readable in the version it came from (highlight_anchors).
 */
export function reattachHighlight(
  db: Database,
  id: string,
  versionId: string,
  start: number,
  end: number,
): Highlight {
  return db
    .transaction(() => {
      const current = currentVersionOf(db, id)
      if (current.versionId !== versionId) {
        throw new CasebookError(
          'conflict',
          'a highlight is re-attached in the current version of its article; open the latest version and select there',
        )
      }
      const { text } = getVersionContent(db, current.articleId, versionId)
      if (end > text.length || start >= end) {
        throw new CasebookError('invalid_input', `the range ${start}–${end} is outside the article's text`)
      }
      const range = trimRange(text, start, end)
      if (range.start >= range.end)
        throw new CasebookError('invalid_input', 'the selection contains only white space')
      const { quote } = describeRange(text, range.start, range.end)
      const now = nowIso()
      db.prepare(
        `UPDATE highlights SET version_id = ?, start_offset = ?, end_offset = ?, exact = ?, prefix = ?, suffix = ?,
                anchor_status = 'anchored', anchor_method = 'manual', anchor_score = 1, anchor_reason = NULL,
                updated_at = ?
          WHERE id = ?`,
      ).run(versionId, range.start, range.end, quote.exact, quote.prefix, quote.suffix, now, id)
      recordAnchor(db, id, versionId, range, 'manual', 1, now)
      return getHighlight(db, id)
    })
    .immediate()
}

/**
 * Takes an orphan out of the review queue without placing it: the user has seen that its words are gone.
 * It is kept (with its quote, the version it quotes, its note and links) and can still be re-attached.
 */
export function dismissHighlight(db: Database, id: string): Highlight {
  const result = db
    .prepare(
      `UPDATE highlights SET anchor_status = 'dismissed', updated_at = ?
        WHERE id = ? AND deleted_at IS NULL AND anchor_status = 'orphan'`,
    )
    .run(nowIso(), id)
  if (result.changes === 0) {
    const highlight = getHighlight(db, id)
    throw new CasebookError(
      'invalid_input',
      `the highlight is ${highlight.anchor.status}, not waiting for review`,
    )
  }
  return getHighlight(db, id)
}
