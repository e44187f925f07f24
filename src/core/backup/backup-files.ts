import { closeSync, existsSync, fsyncSync, openSync, readdirSync, rmSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'

/**
 * Where backups live and how they are named. Beside the archive by default (`<archive>.backups/`), so a
 * backup stays on the same disk and travels with the archive's folder. Names carry a sortable UTC time
 * (`backup-20260501T101502123Z.casebook`), so the newest is last in name order and no clock arithmetic on
 * file times is needed; a copy saved before a restore is `before-restore-<time>.casebook`.
 */

const REGULAR = 'backup-'
const BEFORE_RESTORE = 'before-restore-'
const EXTENSION = '.casebook'
/** Written first under this suffix and renamed only after passing its check, so a listed file was checked. */
export const PARTIAL_SUFFIX = '.partial'
const NAME = /^(backup-|before-restore-)(\d{8}T\d{9}Z)\.casebook$/

export function backupFolder(archivePath: string): string {
  return `${archivePath}.backups`
}

export function timeStamp(date: Date): string {
  return date.toISOString().replace(/[-:.]/g, '')
}

function parseStamp(stamp: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z$/.exec(stamp)
  if (!m) return ''
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}Z`
}

/** A fresh name in the folder, one millisecond later if two backups fall in the same millisecond. */
export function newBackupPath(folder: string, kind: 'regular' | 'before-restore', now = new Date()): string {
  let time = now.getTime()
  for (;;) {
    const path = join(
      folder,
      `${kind === 'regular' ? REGULAR : BEFORE_RESTORE}${timeStamp(new Date(time))}${EXTENSION}`,
    )
    if (!existsSync(path) && !existsSync(path + PARTIAL_SUFFIX)) return path
    time += 1
  }
}

export interface BackupFile {
  file: string
  createdAt: string
  bytes: number
  beforeRestore: boolean
}

/** The backups in the folder, oldest first; files of other names (a partial one, a user's own) are ignored. */
export function listBackupFiles(folder: string): BackupFile[] {
  if (!existsSync(folder)) return []
  const files: BackupFile[] = []
  for (const name of readdirSync(folder)) {
    const m = NAME.exec(name)
    if (!m) continue
    const file = join(folder, name)
    const stats = statSync(file, { throwIfNoEntry: false })
    if (!stats?.isFile()) continue
    files.push({
      file,
      createdAt: parseStamp(m[2] ?? ''),
      bytes: stats.size,
      beforeRestore: m[1] === BEFORE_RESTORE,
    })
  }
  return files.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.file.localeCompare(b.file))
}

export function isBackupName(file: string): boolean {
  return NAME.test(basename(file))
}

/** Removes a file and the journal files SQLite may have left beside it. */
export function removeDatabaseFile(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true })
}

/** Leftovers of a backup interrupted by a crash: never listed, never restored, so they are removed. */
export function removePartials(folder: string): void {
  if (!existsSync(folder)) return
  for (const name of readdirSync(folder)) {
    if (name.endsWith(PARTIAL_SUFFIX) || /\.partial-(wal|shm|journal)$/.test(name))
      rmSync(join(folder, name), { force: true })
  }
}

/** Flushes a file, or a folder's entries (so a rename survives a power cut), to the disk. */
export function fsyncPath(path: string): void {
  let fd: number | undefined
  try {
    fd = openSync(path, 'r')
    fsyncSync(fd)
  } catch (error) {
    // Windows cannot open a folder to flush it; its renames are durable once NTFS logs them.
    if (
      (error as NodeJS.ErrnoException).code !== 'EISDIR' &&
      (error as NodeJS.ErrnoException).code !== 'EPERM'
    )
      throw error
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}
