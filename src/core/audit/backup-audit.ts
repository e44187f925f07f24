import type { Database } from 'better-sqlite3-multiple-ciphers'
import type { BackupInfo } from '../../shared/backups'
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
