import type { Database } from 'better-sqlite3-multiple-ciphers'
import { appendAudit } from '../audit/audit-log'
import { statement } from '../db/statement-cache'
import type { StoreOutcome } from '../archive/articles'

/**
 * The audit entry of a stored import: a new article or a new version of one, with the SHA-256 of the text
 * (which proves what was imported without copying it into the log). A duplicate changed nothing: no entry.
 */
export function auditImport(db: Database, outcome: StoreOutcome): void {
  if (outcome.status === 'duplicate') return
  const version = statement(
    db,
    `SELECT v.id, v.sha256, v.word_count AS words FROM articles a
         JOIN article_versions v ON v.id = a.current_version_id WHERE a.id = ?`,
  ).get(outcome.id) as { id: string; sha256: string; words: number }
  if (outcome.status === 'imported') {
    appendAudit(db, {
      action: 'article.import',
      subject: outcome.id,
      detail: { versionId: version.id, sha256: version.sha256, words: version.words },
    })
    return
  }
  const { anchored, fuzzy, recovered, orphaned } = outcome.reanchor
  appendAudit(db, {
    action: 'article.version',
    subject: outcome.id,
    detail: {
      versionId: version.id,
      sha256: version.sha256,
      words: version.words,
      anchored,
      fuzzy,
      recovered,
      orphaned,
    },
  })
}
