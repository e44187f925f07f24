/** What `archive.check` finds: a report the UI shows and the CLI prints. */

export const INTEGRITY_PROBLEM_KINDS = [
  /** SQLite's own check (quick_check or integrity_check) failed: pages or indexes are damaged. */
  'database',
  /** A row points at a row that does not exist. */
  'foreign_key',
  /** An article version's stored text no longer matches its SHA-256. */
  'text_hash',
  /** The audit log's chain is broken: an entry was edited, removed or moved. */
  'audit_log',
  /** A search index segment cannot be read; the index is derived data and is rebuilt from the texts. */
  'search_index',
  /** A file beside the archive not in its key state: a plain backup of an encrypted archive, say. */
  'backup',
] as const
export type IntegrityProblemKind = (typeof INTEGRITY_PROBLEM_KINDS)[number]

export interface IntegrityProblem {
  kind: IntegrityProblemKind
  /** Where, for a person: the article's title and ids, the table, the log entry or the segment. */
  where: string
  message: string
  /** Casebook can put it right by itself (a search segment is rebuilt); the rest needs a backup. */
  repairable: boolean
  articleId?: string
  versionId?: string
}

export interface IntegrityReport {
  ok: boolean
  /** Whether SQLite's full integrity_check ran (else quick_check). */
  full: boolean
  checkedAt: string
  problems: IntegrityProblem[]
  /** How much was looked at, so "ok" on an empty archive is not mistaken for more. */
  checked: { versions: number; auditEntries: number; segments: number }
}
