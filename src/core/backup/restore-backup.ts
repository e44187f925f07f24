import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { CasebookError } from '../../shared/errors'
import type { RestoreResult } from '../../shared/backups'
import {
  backupFolder,
  fsyncPath,
  listBackupFiles,
  newBackupPath,
  PARTIAL_SUFFIX,
  removeDatabaseFile,
  type BackupFile,
} from './backup-files'
import { checkBackupFile } from './check-backup'
import { openDatabaseFile, type DatabaseFileOptions } from './database-file'

/**
 * Replaces the archive with a backup. The archive must not be open (the CLI's `restore` runs before any
 * engine opens; the app's worker closes its engine around this call and reopens it after).
 *
 * The backup is checked first (quick_check, application_id, schema version), so a bad backup never replaces
 * anything. The archive as it is now is saved as one more backup (`before-restore-…`), so a restore can be
 * undone, even of an archive the engine refuses. The backup is copied to a temporary file beside the archive,
 * flushed, and renamed over it: at every moment the archive's path holds either the old or the new archive.
 * The old archive's -wal and -shm go before the rename, or SQLite would replay the old log onto the new file.
 */
export function restoreBackup(
  archivePath: string,
  backupFile: string,
  options: DatabaseFileOptions = {},
): RestoreResult {
  const file = resolve(backupFile)
  if (!existsSync(file)) throw new CasebookError('not_found', `no backup at ${file}`)
  const check = checkBackupFile(file, options)
  if (!check.ok)
    throw new CasebookError(
      'bad_file',
      `${file} cannot be restored: ${check.reason}. The archive was not changed.`,
    )

  const savedAs =
    existsSync(archivePath) && statSync(archivePath).size > 0 ? saveCurrent(archivePath, options) : null

  const temp = `${archivePath}.restoring`
  removeDatabaseFile(temp)
  copyFileSync(file, temp)
  fsyncPath(temp)
  for (const suffix of ['-wal', '-shm', '-journal']) rmSync(archivePath + suffix, { force: true })
  renameSync(temp, archivePath)
  fsyncPath(dirname(archivePath))
  return { restored: file, savedAs }
}

/**
 * Copies the archive as it stands into the backup folder. Its log is folded into the file first when it
 * opens; a damaged archive that does not is copied with its -wal beside the copy, as found.
 */
function saveCurrent(archivePath: string, options: DatabaseFileOptions): string {
  try {
    const db = openDatabaseFile(archivePath, false, options)
    try {
      db.pragma('wal_checkpoint(TRUNCATE)')
    } finally {
      db.close()
    }
  } catch {
    // Damaged, foreign or keyed otherwise: saved byte for byte below, log included.
  }
  const folder = backupFolder(archivePath)
  mkdirSync(folder, { recursive: true })
  const savedAs = newBackupPath(folder, 'before-restore')
  copyFileSync(archivePath, savedAs + PARTIAL_SUFFIX)
  if (existsSync(`${archivePath}-wal`) && statSync(`${archivePath}-wal`).size > 0)
    copyFileSync(`${archivePath}-wal`, `${savedAs}-wal`)
  fsyncPath(savedAs + PARTIAL_SUFFIX)
  renameSync(savedAs + PARTIAL_SUFFIX, savedAs)
  fsyncPath(folder)
  return savedAs
}

/**
 * The newest backup that passes the full check, for an archive the engine refuses (damaged, foreign,
 * from a newer Casebook): the refusal names it and says how to restore it. Null when there is none.
 */
export function latestGoodBackup(archivePath: string, options: DatabaseFileOptions = {}): BackupFile | null {
  const backups = listBackupFiles(backupFolder(archivePath)).reverse()
  for (const backup of backups) {
    if (checkBackupFile(backup.file, options).ok) return backup
  }
  return null
}

/**
 * A restore asked for by the app: only a backup listed in the archive's own backup folder, so an untrusted
 * caller cannot have any file on the disk copied over the archive.
 */
export function restoreListedBackup(
  archivePath: string,
  backupFile: string,
  options: DatabaseFileOptions = {},
): RestoreResult {
  const file = resolve(backupFile)
  const listed = listBackupFiles(backupFolder(archivePath)).some((b) => b.file === file)
  if (!listed) throw new CasebookError('not_found', `${file} is not one of this archive's backups`)
  return restoreBackup(archivePath, file, options)
}
