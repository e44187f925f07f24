import type { Database } from 'better-sqlite3-multiple-ciphers'
import type { IntegrityProblem, IntegrityReport } from '../../shared/integrity-types'
import { verifyAuditLog } from '../audit/verify-audit-log'
import { backupsOutOfStep, conversionLeftovers } from '../backup/backup-keys'
import { nowIso } from '../ids'
import { decodeSegment } from '../search/segment-codec'
import { recordFullCheck, sqliteCheck } from './full-check-schedule'
import { describeVersion, findHashMismatches } from './version-text'

/** SQLite's messages beyond these say nothing more useful to a person; the count is given. */
const MAX_SQLITE_MESSAGES = 20

function databaseProblems(db: Database, full: boolean): IntegrityProblem[] {
  const messages = sqliteCheck(db, full)
  const shown = messages.slice(0, MAX_SQLITE_MESSAGES).map((message): IntegrityProblem => ({
    kind: 'database',
    where: 'the archive file',
    message: `SQLite ${full ? 'integrity_check' : 'quick_check'}: ${message}`,
    repairable: false,
  }))
  if (messages.length > shown.length)
    shown.push({
      kind: 'database',
      where: 'the archive file',
      message: `and ${messages.length - shown.length} more damaged places`,
      repairable: false,
    })
  return shown
}

function foreignKeyProblems(db: Database): IntegrityProblem[] {
  const rows = db.pragma('foreign_key_check') as Array<{ table: string; rowid: number; parent: string }>
  return rows.map((row) => ({
    kind: 'foreign_key',
    where: `table ${row.table}, row ${row.rowid}`,
    message: `it points at a row of ${row.parent} that does not exist`,
    repairable: false,
  }))
}

function textProblems(db: Database): { checked: number; problems: IntegrityProblem[] } {
  const { checked, mismatches } = findHashMismatches(db)
  return {
    checked,
    problems: mismatches.map((v) => ({
      kind: 'text_hash',
      where: describeVersion(v),
      message:
        'the stored text no longer matches its SHA-256: it was changed or damaged on disk (restore it from a backup)',
      repairable: false,
      articleId: v.articleId,
      versionId: v.versionId,
    })),
  }
}

/** Each search segment decoded, which verifies its checksum; a bad one is rebuilt from the texts. */
function segmentProblems(db: Database): { checked: number; problems: IntegrityProblem[] } {
  const problems: IntegrityProblem[] = []
  let checked = 0
  for (const row of db.prepare('SELECT id, data FROM search_segments').iterate() as Iterable<{
    id: string
    data: Buffer
  }>) {
    checked++
    try {
      decodeSegment(row.data)
    } catch (error) {
      problems.push({
        kind: 'search_index',
        where: `search index segment ${row.id}`,
        message: `${(error as Error).message}; the index is derived from the texts and this segment is rebuilt at the next search`,
        repairable: true,
      })
    }
  }
  return { checked, problems }
}

/**
 * Files beside the archive not in its state (backup-keys.ts), read from their first bytes only: a plain
 * backup of an encrypted archive, which anyone with the disk can read, or an encrypted one of a plain
 * archive, which restore cannot read; and a conversion's copy left by a crash, which may be plaintext.
 * Nothing converts while the archive is open here, so such a copy is never one in progress.
 */
function backupStateProblems(archivePath: string): IntegrityProblem[] {
  const problems = backupsOutOfStep(archivePath).map((backup): IntegrityProblem => ({
    kind: 'backup',
    where: `backup ${backup.file}`,
    message: backup.encrypted
      ? 'this backup is encrypted, though the archive is not, so it cannot be restored as it is: `decrypt` with its passphrase decrypts it'
      : "this backup is not encrypted, though the archive is: anyone with the disk can read it. `encrypt` run again with the archive's passphrase encrypts it",
    repairable: false,
  }))
  for (const file of conversionLeftovers(archivePath))
    problems.push({
      kind: 'backup',
      where: file,
      message:
        'an encrypt, rekey or decrypt was cut short here and left this copy, which may hold the archive in plain text: run the command again, or delete the file',
      repairable: false,
    })
  return problems
}

/**
 * Checks everything that can be checked without a backup to compare with: SQLite's pages and indexes
 * (quick_check, or the full integrity_check), foreign keys, every version's text against its SHA-256, the
 * audit log's chain, each search index segment's checksum, and that the backups are in the archive's
 * state (encrypted or not) with no conversion's copy left beside them. A full check that SQLite passes is
 * recorded, so the weekly check at open (see full-check-schedule.ts) is not repeated needlessly.
 */
export function checkArchive(db: Database, options: { full: boolean }): IntegrityReport {
  const checkedAt = nowIso()
  const database = databaseProblems(db, options.full)
  const texts = textProblems(db)
  const audit = verifyAuditLog(db)
  const segments = segmentProblems(db)
  const problems = [...database, ...foreignKeyProblems(db), ...texts.problems]
  if (audit.firstBroken)
    problems.push({
      kind: 'audit_log',
      where: `audit log entry ${audit.firstBroken.seq}`,
      message: `the chain of custody is broken: ${audit.firstBroken.reason}`,
      repairable: false,
    })
  problems.push(...segments.problems, ...backupStateProblems(db.name))
  if (options.full && database.length === 0) recordFullCheck(db, new Date(checkedAt))
  return {
    ok: problems.length === 0,
    full: options.full,
    checkedAt,
    problems,
    checked: { versions: texts.checked, auditEntries: audit.entries, segments: segments.checked },
  }
}
