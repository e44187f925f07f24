import { statement } from '../db/statement-cache'
import { createHash } from 'node:crypto'
import type { Database } from 'better-sqlite3-multiple-ciphers'
import type { AuditDetail, AuditEntry, AuditPage, AuditValue } from '../../shared/audit-types'
import { nowIso } from '../ids'
import { canonicalJson } from './canonical-json'

/** The prev_hash of the first entry: no entry came before it. */
export const GENESIS_HASH = '0'.repeat(64)

/** How the hash of an entry is made, for the export's header and anyone verifying a log by hand. */
export const HASH_RULE =
  'hash = SHA-256 (hex) of the UTF-8 text of the JSON array [seq, at, action, subject, detail, prevHash], ' +
  'with object keys sorted and no white space; prevHash is the hash of the entry before (seq − 1), ' +
  `or ${GENESIS_HASH} for seq 1; seq counts up from 1 without gaps`

export interface AuditRecord {
  action: string
  subject: string | null
  detail: AuditDetail
}

export interface AuditRow {
  seq: number
  at: string
  action: string
  subject: string | null
  detail: string
  prev_hash: string
  hash: string
}

export function entryHash(
  seq: number,
  at: string,
  action: string,
  subject: string | null,
  detail: AuditValue,
  prevHash: string,
): string {
  const text = canonicalJson([seq, at, action, subject, detail, prevHash])
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

/**
 * Appends an entry to the log. Only inside the transaction making the change it records: the change and
 * its entry are committed together or not at all, so the log never claims a change that did not happen
 * nor misses one that did.
 */
export function appendAudit(db: Database, record: AuditRecord, at = nowIso()): AuditEntry {
  if (!db.inTransaction) throw new Error('an audit entry is appended only inside the change’s transaction')
  const last = statement(db, 'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
    { seq: number; hash: string } | undefined
  const seq = (last?.seq ?? 0) + 1
  const prevHash = last?.hash ?? GENESIS_HASH
  const hash = entryHash(seq, at, record.action, record.subject, record.detail, prevHash)
  statement(
    db,
    'INSERT INTO audit_log (seq, at, action, subject, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(seq, at, record.action, record.subject, canonicalJson(record.detail), prevHash, hash)
  return { seq, at, action: record.action, subject: record.subject, detail: record.detail, prevHash, hash }
}

/** A stored row as an entry; a detail that is not JSON (a damaged row) is shown as its raw text. */
export function toAuditEntry(row: AuditRow): AuditEntry {
  let detail: AuditDetail
  try {
    detail = JSON.parse(row.detail) as AuditDetail
  } catch {
    detail = { unreadable: row.detail }
  }
  return {
    seq: row.seq,
    at: row.at,
    action: row.action,
    subject: row.subject,
    detail,
    prevHash: row.prev_hash,
    hash: row.hash,
  }
}

/** A page of the log, newest first; with `subject`, only the entries about that record. */
export function listAudit(
  db: Database,
  options: { limit: number; offset: number; subject?: string },
): AuditPage {
  const where = options.subject === undefined ? '' : 'WHERE subject = ?'
  const values = options.subject === undefined ? [] : [options.subject]
  const total = (db.prepare(`SELECT count(*) AS n FROM audit_log ${where}`).get(...values) as { n: number }).n
  const rows = db
    .prepare(`SELECT * FROM audit_log ${where} ORDER BY seq DESC LIMIT ? OFFSET ?`)
    .all(...values, options.limit, options.offset) as AuditRow[]
  return { total, entries: rows.map(toAuditEntry) }
}
