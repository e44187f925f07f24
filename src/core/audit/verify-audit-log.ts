import type { Database } from 'better-sqlite3-multiple-ciphers'
import type { AuditValue, AuditVerification } from '../../shared/audit-types'
import { entryHash, GENESIS_HASH, type AuditRow } from './audit-log'

/** Why one entry breaks the chain, given the entry expected before it; undefined when it holds. */
function brokenReason(row: AuditRow, expectedSeq: number, prevHash: string): string | undefined {
  if (row.seq < expectedSeq) return `its seq ${row.seq} is out of sequence (the log starts at 1)`
  if (row.seq > expectedSeq) {
    return expectedSeq === row.seq - 1
      ? `entry ${expectedSeq} is missing (deleted)`
      : `entries ${expectedSeq}–${row.seq - 1} are missing (deleted)`
  }
  let detail: AuditValue
  try {
    detail = JSON.parse(row.detail) as AuditValue
  } catch {
    return 'its detail is not valid JSON (edited)'
  }
  if (entryHash(row.seq, row.at, row.action, row.subject, detail, row.prev_hash) !== row.hash)
    return 'its content does not match its hash (edited, or moved from another place in the log)'
  if (row.prev_hash !== prevHash) {
    return row.seq === 1
      ? 'the first entry does not start the chain (entries before it were removed)'
      : `it does not follow entry ${row.seq - 1} (its prev_hash is not that entry's hash: an entry was replaced, rewritten or moved)`
  }
  return undefined
}

/**
 * Walks the whole log in order and reports the first entry at which the chain does not hold: an edited
 * entry (its hash no longer matches), a deleted one (a gap in seq, or a broken prev_hash) or entries
 * swapped. A log cut short at its end cannot show it by itself: compare its head with an earlier export.
 */
export function verifyAuditLog(db: Database): AuditVerification {
  let expectedSeq = 1
  let prevHash = GENESIS_HASH
  const entries = (db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n
  for (const row of db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as Iterable<AuditRow>) {
    const reason = brokenReason(row, expectedSeq, prevHash)
    if (reason) return { ok: false, entries, firstBroken: { seq: row.seq, reason } }
    expectedSeq = row.seq + 1
    prevHash = row.hash
  }
  return { ok: true, entries }
}
