import { closeSync, copyFileSync, existsSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Database as Db } from 'better-sqlite3-multiple-ciphers'
import { CasebookError, type ErrorCode } from '../../shared/errors'
import { quickCheckProblem } from '../backup/check-backup'
import { assertKeyOpens, openKeyed, rekeyConnection } from './archive-key'
import { archiveEncryption } from './encryption-state'
import { CASEBOOK_APPLICATION_ID } from './open-archive'

// The crash-safe conversion of one database file from one key to another (or none): the archive's by
// `encrypt`, `rekey` and `decrypt` (archive-encryption.ts), then each of its backups the same way
// (backup/backup-keys.ts).

export interface ConversionOptions {
  /** A driver addon built for this runtime's ABI (Electron keeps its own build). */
  nativeBinding?: string
}

/** A file the conversion will not take, and why ("is damaged (…)"), for a list of backups as much as for the archive. */
export class ConversionRefused extends CasebookError {
  constructor(
    code: ErrorCode,
    path: string,
    readonly reason: string,
  ) {
    super(code, `${path} ${reason}. Nothing was changed.`)
  }
}

/** Where the converted copy is written, beside the archive so that the final rename is atomic. */
export function conversionFile(path: string): string {
  return `${path}${CONVERSION_SUFFIX}`
}
export const CONVERSION_SUFFIX = '.rekeying'

/** Refuses, with what to do instead, an archive that is not in the state a conversion starts from. */
export function assertArchiveEncryption(path: string, wanted: 'plain' | 'encrypted'): void {
  const state = archiveEncryption(path)
  if (state === 'absent' || state === 'empty')
    throw new CasebookError('not_found', `${path} is not an archive yet: there is nothing to convert`)
  if (state === 'foreign')
    throw new CasebookError(
      'archive_refused',
      `${path} is not a Casebook archive. Nothing was written to it.`,
    )
  if (state !== wanted)
    throw new CasebookError(
      'conflict',
      wanted === 'plain'
        ? `${path} is already encrypted (rekey changes its passphrase). Nothing was changed.`
        : `${path} is not encrypted. Nothing was changed.`,
    )
}

/**
 * Re-encrypts an archive or a backup (from: its passphrase or none; to: the new one or none) without ever
 * putting the original at risk: with the archive locked against every other connection, its WAL is folded in and the
 * file copied beside it; the copy is re-keyed in place (journal in memory: if this process dies, only the
 * copy is lost), reopened with the new key, checked (quick_check, Casebook's id, the same number of rows in
 * every table), flushed to disk, and only then renamed over the original — an atomic step, so at any
 * moment the archive is either wholly the old file or wholly the new one. An archive not in the state
 * `from` implies (plain without one, encrypted with one) is refused first, untouched. Until the rename the
 * copy may hold plaintext (encrypting: copied plain, then re-keyed; decrypting: re-keyed to none), so a
 * crash can leave a `.rekeying` file in the clear: backup/backup-keys.ts sweeps such leftovers.
 */
export function convertDatabaseFile(
  path: string,
  from: string | undefined,
  to: string | undefined,
  options: ConversionOptions,
): void {
  assertArchiveEncryption(path, from === undefined ? 'plain' : 'encrypted')
  const copy = conversionFile(path)
  const source = openKeyed(path, {
    fileMustExist: true,
    nativeBinding: options.nativeBinding,
    passphrase: from,
  })
  let sourceOpen = true
  try {
    if (from !== undefined) assertKeyOpens(source, path)
    lockExclusively(source, path)
    const appId = source.pragma('application_id', { simple: true }) as number
    if (appId !== CASEBOOK_APPLICATION_ID)
      throw new ConversionRefused('archive_refused', path, 'is not a Casebook archive')
    const problem = quickCheckProblem(source)
    if (problem)
      throw new ConversionRefused('damaged', path, `is damaged (${problem}), so it was not converted`)
    const counts = rowCounts(source)
    // Everything in the WAL moves into the main file, so the copy below is the whole archive.
    const [checkpoint] = source.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[]
    if (checkpoint && checkpoint.busy !== 0) throw openElsewhere(path)

    removeWithCompanions(copy) // a copy left by an earlier run that was interrupted
    copyFileSync(path, copy)
    rekeyCopy(copy, from, to, options)
    verifyCopy(copy, to, counts, path, options)
    flush(copy)

    source.close()
    sourceOpen = false
    // The original's WAL and shared-memory files (normally gone on close) must not be replayed onto the new file.
    rmSync(`${path}-wal`, { force: true })
    rmSync(`${path}-shm`, { force: true })
    renameSync(copy, path)
    flushFolder(dirname(path))
  } catch (error) {
    if (sourceOpen) source.close()
    removeWithCompanions(copy)
    throw error
  }
}

/**
 * Opens the archive with its key and holds the exclusive lock below until the connection is closed: what
 * keeps the app and every other command away while the archive's backups are converted after it. Refused
 * with 'wrong passphrase' when the key does not open it, and when something else has it open.
 */
export function lockArchive(path: string, passphrase: string | undefined, options: ConversionOptions): Db {
  const db = openKeyed(path, { fileMustExist: true, nativeBinding: options.nativeBinding, passphrase })
  try {
    if (passphrase !== undefined) assertKeyOpens(db, path)
    lockExclusively(db, path)
    return db
  } catch (error) {
    db.close()
    throw error
  }
}

/**
 * Takes SQLite's exclusive lock and keeps it until the connection closes: in WAL mode this fails while any
 * other connection — the app, the browser shell, a CLI command, even one idle — has the archive open.
 */
function lockExclusively(db: Db, path: string): void {
  db.pragma('busy_timeout = 1000')
  db.pragma('locking_mode = EXCLUSIVE')
  try {
    db.exec('BEGIN EXCLUSIVE')
    db.prepare('SELECT count(*) FROM sqlite_master').get()
    db.exec('COMMIT')
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY')) throw openElsewhere(path)
    throw error
  }
}

function openElsewhere(path: string): CasebookError {
  return new ConversionRefused(
    'conflict',
    path,
    'is open elsewhere (the app, the browser shell or another command): close it first',
  )
}

function rekeyCopy(
  copy: string,
  from: string | undefined,
  to: string | undefined,
  options: ConversionOptions,
): void {
  const db = openKeyed(copy, { fileMustExist: true, nativeBinding: options.nativeBinding, passphrase: from })
  try {
    // SQLite3 Multiple Ciphers re-keys only outside WAL mode; the rollback journal stays in memory.
    db.pragma('journal_mode = MEMORY')
    rekeyConnection(db, to)
  } finally {
    db.close()
  }
}

function verifyCopy(
  copy: string,
  to: string | undefined,
  counts: Map<string, number>,
  path: string,
  options: ConversionOptions,
): void {
  const state = archiveEncryption(copy)
  if (state !== (to === undefined ? 'plain' : 'encrypted'))
    throw new CasebookError(
      'internal',
      `the converted copy of ${path} is not ${to === undefined ? 'plain' : 'encrypted'}`,
    )
  const db = openKeyed(copy, {
    readonly: true,
    fileMustExist: true,
    nativeBinding: options.nativeBinding,
    passphrase: to,
  })
  try {
    if (to !== undefined) assertKeyOpens(db, copy)
    const problem = quickCheckProblem(db)
    if (problem)
      throw new CasebookError('internal', `the converted copy of ${path} failed its check (${problem})`)
    if ((db.pragma('application_id', { simple: true }) as number) !== CASEBOOK_APPLICATION_ID)
      throw new CasebookError('internal', `the converted copy of ${path} lost its Casebook mark`)
    const after = rowCounts(db)
    for (const [table, rows] of counts) {
      if (after.get(table) !== rows)
        throw new CasebookError(
          'internal',
          `the converted copy of ${path} has ${after.get(table) ?? 0} rows in ${table} where the archive has ${rows}`,
        )
    }
  } finally {
    db.close()
  }
}

/** Rows of every ordinary table (virtual tables are counted through their shadow tables). */
function rowCounts(db: Db): Map<string, number> {
  const tables = db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name",
    )
    .pluck()
    .all() as string[]
  const counts = new Map<string, number>()
  for (const table of tables) {
    const quoted = `"${table.replace(/"/g, '""')}"`
    counts.set(table, (db.prepare(`SELECT count(*) FROM ${quoted}`).pluck().get() as number) ?? 0)
  }
  return counts
}

function removeWithCompanions(file: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true })
}

function flush(file: string): void {
  const fd = openSync(file, 'r+')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/** Makes the rename itself durable; not every platform can open a folder for fsync (Windows), hence the try. */
function flushFolder(folder: string): void {
  if (!existsSync(folder)) return
  try {
    const fd = openSync(folder, 'r')
    try {
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
  } catch {
    // best effort: the file itself is already on disk
  }
}
