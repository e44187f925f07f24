import type { Database } from 'better-sqlite3-multiple-ciphers'
import { CasebookError } from '../../shared/errors'
import { sha256Hex } from '../hash'

/**
 * An article version's text checked against the SHA-256 stored beside it. SQLite's own checks see damaged
 * pages, not a changed byte inside a valid text; the hash does, and it is what exports cite.
 */

export interface VersionHashMismatch {
  articleId: string
  versionId: string
  title: string
  /** 1 for the article's first version. */
  number: number
}

/** Every version's stored text re-hashed; the ones that no longer match. */
export function findHashMismatches(db: Database): { checked: number; mismatches: VersionHashMismatch[] } {
  const rows = db
    .prepare(
      `SELECT v.id AS versionId, v.article_id AS articleId, v.text, v.sha256, a.title
         FROM article_versions v LEFT JOIN articles a ON a.id = v.article_id
        ORDER BY v.rowid`,
    )
    .iterate() as Iterable<{
    versionId: string
    articleId: string
    text: string
    sha256: string
    title: string | null
  }>
  // Numbered as the version menu numbers them: by creation, the first is 1 (asked only for a mismatch).
  const numberOf = db.prepare(
    `SELECT count(*) FROM article_versions o, article_versions v
      WHERE v.id = ? AND o.article_id = v.article_id
        AND (o.created_at < v.created_at OR (o.created_at = v.created_at AND o.rowid <= v.rowid))`,
  )
  let checked = 0
  const found: Array<Omit<VersionHashMismatch, 'number'>> = []
  for (const { text, sha256, title, ...version } of rows) {
    checked++
    if (sha256Hex(text) !== sha256) found.push({ ...version, title: title ?? '(no article)' })
  }
  const mismatches = found.map((v) => ({ ...v, number: numberOf.pluck().get(v.versionId) as number }))
  return { checked, mismatches }
}

export function describeVersion(v: VersionHashMismatch): string {
  return `“${v.title}” (article ${v.articleId}, version ${v.number}: ${v.versionId})`
}

/**
 * Refuses to go on when any of these versions' texts no longer match their SHA-256: an export would cite a
 * hash its quotes do not come from. Each distinct version is hashed once.
 */
export function assertVersionTexts(db: Database, versionIds: Iterable<string>): void {
  const read = db.prepare(
    `SELECT v.article_id AS articleId, v.text, v.sha256, a.title FROM article_versions v
       JOIN articles a ON a.id = v.article_id WHERE v.id = ?`,
  )
  for (const versionId of new Set(versionIds)) {
    const row = read.get(versionId) as
      { articleId: string; text: string; sha256: string; title: string } | undefined
    if (row && sha256Hex(row.text) !== row.sha256) {
      throw new CasebookError(
        'damaged',
        `the stored text of “${row.title}” (article ${row.articleId}, version ${versionId}) no longer matches ` +
          `its SHA-256: it was changed or damaged on disk, so nothing was exported. Run \`casebook check\` ` +
          `and restore the archive from a backup`,
      )
    }
  }
}
