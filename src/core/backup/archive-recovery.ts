import type { ArchiveRecovery } from '../../shared/lock-state'
import { backupFolder, listBackupFiles } from './backup-files'
import { checkBackupFile } from './check-backup'
import type { DatabaseFileOptions } from './database-file'
import { latestGoodBackup } from './restore-backup'

/**
 * What the locked and refused screens offer: the archive's backups, newest first. `canLook` says whether the
 * backups can be opened at all — not for an encrypted archive whose passphrase is not at hand, whose backups
 * are then listed by name and date only (restoring checks the chosen one fully anyway).
 */
export function archiveRecovery(
  archivePath: string,
  reason: string | null,
  options: DatabaseFileOptions & { canLook: boolean },
): ArchiveRecovery {
  const files = listBackupFiles(backupFolder(archivePath)).reverse()
  const look = (file: string) =>
    options.canLook ? checkBackupFile(file, options, undefined, false).ok : null
  let latestGood: string | null = null
  if (options.canLook) {
    try {
      latestGood = latestGoodBackup(archivePath, options)?.file ?? null
    } catch {
      latestGood = null
    }
  }
  return {
    archivePath,
    reason,
    backups: files.map((backup) => ({ ...backup, ok: look(backup.file) })),
    latestGood,
  }
}
