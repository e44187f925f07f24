import { mkdirSync, renameSync } from 'node:fs'
import type { Database as Db } from 'better-sqlite3-multiple-ciphers'
import { CasebookError } from '../../shared/errors'
import {
  backupFolder,
  fsyncPath,
  listBackupFiles,
  newBackupPath,
  PARTIAL_SUFFIX,
  removeDatabaseFile,
  removePartials,
  type BackupFile,
} from './backup-files'
import { checkBackupFile, quickCheckProblem, tableCounts } from './check-backup'
import { openDatabaseFile, type DatabaseFileOptions } from './database-file'

export interface BackupSource {
  /** The open archive. */
  db: Db
  archivePath: string
  /** How to open the backup to check it: the same driver and key as the archive. */
  fileOptions: DatabaseFileOptions
  /** Defaults to `<archive>.backups/`. */
  folder?: string
}

export interface CreateBackupOptions {
  /** Regular backups to keep after this one has passed its check. */
  keep: number
  onProgress?: (progress: { totalPages: number; remainingPages: number }) => void
  /** Test seam: runs between writing and checking, the window the check exists for (a disk that lies). */
  afterWrite?: (writtenFile: string) => void
}

/** Pages copied per step of the online backup: ~1 MB at 4 KB pages, a few milliseconds between requests. */
const PAGES_PER_STEP = 256

/**
 * Copies the open archive into a new backup file while the archive stays in use.
 *
 * A plain archive goes through SQLite's online backup API (better-sqlite3's `db.backup`), a few hundred pages
 * per turn of the event loop: in the engine's worker, requests from the UI are answered between two steps,
 * and a change made meanwhile through this same connection is carried into the backup by SQLite itself.
 *
 * An encrypted archive cannot take that path. better-sqlite3(-multiple-ciphers) opens the backup's
 * destination on a connection of its own, without a key and without URI parameters (it is built with
 * SQLITE_USE_URI=0), and SQLite3 Multiple Ciphers allows a backup only between two plain databases or two
 * databases keyed with the same scheme (`sqlite3mcIsBackupSupported`), so the copy is refused — never
 * written in plain text, but never written at all. It is made with `VACUUM INTO` instead, which SQLite3MC
 * runs by attaching the target without a KEY clause, i.e. with the main database's cipher and key: the
 * backup is encrypted with the archive's key, and no plaintext page reaches the disk. That copy is one
 * synchronous statement (no progress, the worker is busy meanwhile), acceptable for a backup a day.
 * Either way the result is then checked like any backup, and refused if it reads without the key.
 */
export async function createBackup(source: BackupSource, options: CreateBackupOptions): Promise<BackupFile> {
  const { db, archivePath, fileOptions } = source
  const problem = quickCheckProblem(db)
  if (problem) {
    throw new CasebookError(
      'conflict',
      `the archive is damaged (${problem}): no backup was made, and the existing backups are kept as they are`,
    )
  }
  const folder = source.folder ?? backupFolder(archivePath)
  mkdirSync(folder, { recursive: true })
  removePartials(folder)
  const finalPath = newBackupPath(folder, 'regular')
  const partial = finalPath + PARTIAL_SUFFIX
  const encrypted = fileOptions.passphrase !== undefined

  let expected: { counts: ReturnType<typeof tableCounts>; schemaVersion: number }
  try {
    if (encrypted) {
      db.prepare('VACUUM INTO ?').run(partial)
    } else {
      await db.backup(partial, {
        progress: (progress) => {
          options.onProgress?.(progress)
          return PAGES_PER_STEP
        },
      })
    }
    // Counted in the same turn of the event loop as the last page was copied: no request can run between,
    // so these are the archive's rows at the moment the backup was finished.
    expected = {
      counts: tableCounts(db),
      schemaVersion: db.pragma('user_version', { simple: true }) as number,
    }
    options.onProgress?.({ totalPages: 1, remainingPages: 0 })
    settleBackupFile(partial, fileOptions)
    options.afterWrite?.(partial)
  } catch (error) {
    removeDatabaseFile(partial)
    if (error instanceof CasebookError) throw error
    throw new CasebookError('internal', `the backup could not be written: ${(error as Error).message}`)
  }

  const check = checkBackupFile(partial, fileOptions, expected)
  if (!check.ok) {
    removeDatabaseFile(partial)
    throw new CasebookError(
      'internal',
      `the new backup failed its check (${check.reason}) and was deleted; the existing backups are kept`,
    )
  }
  renameSync(partial, finalPath)
  fsyncPath(folder)
  rotate(folder, options.keep)
  const written = listBackupFiles(folder).find((b) => b.file === finalPath)
  if (!written) throw new CasebookError('internal', `the backup ${finalPath} disappeared after writing`)
  return written
}

/**
 * Makes the copy a self-contained file: rollback journal rather than WAL (the archive's WAL flag is copied
 * with its header, and a backup is never written to again), flushed to the disk; and, for an encrypted
 * archive, proof that the copy does not open without the key.
 */
function settleBackupFile(file: string, fileOptions: DatabaseFileOptions): void {
  const db = openDatabaseFile(file, false, fileOptions)
  try {
    db.pragma('journal_mode = DELETE')
  } finally {
    db.close()
  }
  if (fileOptions.passphrase !== undefined && readsWithoutKey(file, fileOptions)) {
    throw new CasebookError(
      'internal',
      'the backup of an encrypted archive came out unencrypted; it was deleted before anything else',
    )
  }
  fsyncPath(file)
}

function readsWithoutKey(file: string, fileOptions: DatabaseFileOptions): boolean {
  try {
    const plain = openDatabaseFile(file, true, { nativeBinding: fileOptions.nativeBinding })
    try {
      plain.prepare('SELECT count(*) FROM sqlite_master').get()
      return true
    } finally {
      plain.close()
    }
  } catch {
    return false
  }
}

/** Removes the oldest regular backups beyond `keep`; copies saved before a restore are left alone. */
function rotate(folder: string, keep: number): void {
  const regular = listBackupFiles(folder).filter((b) => !b.beforeRestore)
  for (const old of regular.slice(0, Math.max(0, regular.length - keep))) removeDatabaseFile(old.file)
}
