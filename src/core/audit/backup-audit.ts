import type { Database } from 'better-sqlite3-multiple-ciphers'
import type { BackupInfo, RestoreResult } from '../../shared/backups'
import { appendAudit } from './audit-log'

/**
 * Logs a backup once it is written and checked. A backup copies the archive over several turns of the event
 * loop, outside any transaction, so its entry follows it in a transaction of its own (the backup file
 * therefore ends just before its own entry). Only the file's name is logged, not the folder (a user's path).
 */
export function auditBackup(db: Database, backup: BackupInfo): void {
  db.transaction(() =>
    appendAudit(db, {
      action: 'backup.create',
      subject: null,
      detail: {
        file: backup.file.split(/[\\/]/).pop() ?? '',
        bytes: backup.bytes,
        ok: backup.ok,
        beforeRestore: backup.beforeRestore,
      },
    }),
  ).immediate()
}

/**
 * Logs a restore in the restored archive's own chain, once it is open again: the entries made between the
 * backup and the restore stay in the archive saved just before (`savedAs`), so the custody of both files
 * can be followed. Names only, not folders.
 */
export function auditRestore(db: Database, result: RestoreResult): void {
  const name = (path: string | null) => (path === null ? null : (path.split(/[\\/]/).pop() ?? ''))
  db.transaction(() =>
    appendAudit(db, {
      action: 'backup.restore',
      subject: null,
      detail: { file: name(result.restored), savedAs: name(result.savedAs) },
    }),
  ).immediate()
}

/**
 * Logs a change of the archive's passphrase (set, changed or removed) once the converted archive is open:
 * whether it is now encrypted and what happened to its backups, never a passphrase.
 */
export function auditKeyChange(
  db: Database,
  change: { encrypted: boolean; backupsConverted: number; backupsRemoved: number; backupsLeft: number },
): void {
  db.transaction(() =>
    appendAudit(db, { action: 'archive.passphrase', subject: null, detail: change }),
  ).immediate()
}
