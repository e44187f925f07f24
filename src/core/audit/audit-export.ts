import type { Database } from 'better-sqlite3-multiple-ciphers'
import { appendAudit, GENESIS_HASH, HASH_RULE, toAuditEntry, type AuditRow } from './audit-log'
import { canonicalJson } from './canonical-json'
import { verifyAuditLog } from './verify-audit-log'

/**
 * The whole audit log as JSON Lines: a header saying what the file is and how to verify it, then one
 * entry per line, oldest first. The export is itself logged first, so the file ends with the entry that
 * records it and its head hash pins the log as it stood: a later log that lost entries at its end no longer
 * contains this head.
 */
export function exportAuditLog(db: Database): { content: string; entries: number; head: string } {
  return db
    .transaction(() => {
      const count = (db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n
      const own = appendAudit(db, { action: 'export.audit', subject: null, detail: { entries: count + 1 } })
      const verification = verifyAuditLog(db)
      const header = {
        casebook: 'audit-log',
        format: 1,
        exportedAt: own.at,
        entries: count + 1,
        head: own.hash,
        genesis: GENESIS_HASH,
        verifiedAtExport: verification.ok,
        ...(verification.firstBroken ? { firstBroken: verification.firstBroken } : {}),
        howToVerify: `Each line after this header is one entry {seq, at, action, subject, detail, prevHash, hash}. ${HASH_RULE}. The last entry's hash is the head above.`,
      }
      const lines = [JSON.stringify(header)]
      for (const row of db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as Iterable<AuditRow>) {
        const { seq, at, action, subject, detail, prevHash, hash } = toAuditEntry(row)
        lines.push(canonicalJson({ seq, at, action, subject, detail, prevHash, hash }))
      }
      return { content: `${lines.join('\n')}\n`, entries: count + 1, head: own.hash }
    })
    .immediate()
}
