/**
 * The audit log as the shells see it: one entry per change to the archive (and per export), each chained
 * to the one before by its hash, so a removed, edited or reordered entry is detected.
 */

/** JSON a log entry's detail may hold: ids, counts, hashes and flags, never an article's text or a note. */
export type AuditValue = string | number | boolean | null | AuditValue[] | { [key: string]: AuditValue }
export type AuditDetail = { [key: string]: AuditValue }

export interface AuditEntry {
  seq: number
  /** ISO 8601 time of the change. */
  at: string
  /** What was done, e.g. 'article.import', 'highlight.update', 'export.report'. */
  action: string
  /** The id of the record changed (article, highlight, entity…), or null for a change of several. */
  subject: string | null
  detail: AuditDetail
  /** The hash of the entry before this one (a fixed genesis value for the first). */
  prevHash: string
  /** SHA-256 (hex) of the canonical serialisation of seq, at, action, subject, detail and prevHash. */
  hash: string
}

/** A page of the log, newest first. */
export interface AuditPage {
  total: number
  entries: AuditEntry[]
}

export interface AuditVerification {
  ok: boolean
  /** Entries read. */
  entries: number
  /** The first entry at which the chain does not hold, and why. */
  firstBroken?: { seq: number; reason: string }
}
