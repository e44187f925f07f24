import { closeSync, copyFileSync, existsSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Database as Db } from 'better-sqlite3-multiple-ciphers'
import { CasebookError } from '../../shared/errors'
import { assertKeyOpens, openKeyed, rekeyConnection } from './archive-key'
import { archiveEncryption, normalisePassphrase } from './encryption-state'
import { CASEBOOK_APPLICATION_ID } from './open-archive'

export interface ArchiveKeyChangeOptions {
  /** A driver addon built for this runtime's ABI (Electron keeps its own build). */
  nativeBinding?: string
}

/** A plain archive becomes encrypted with `newPassphrase` (SQLCipher 4 format, see archive-key.ts). */
export function encryptArchive(
  path: string,
  newPassphrase: string,
  options: ArchiveKeyChangeOptions = {},
): void {
  const to = required(newPassphrase, 'the new passphrase')
  convert(path, undefined, to, options)
}

/** An encrypted archive becomes a plain one again. */
export function decryptArchive(
  path: string,
  passphrase: string,
  options: ArchiveKeyChangeOptions = {},
): void {
  const from = required(passphrase, 'the passphrase')
  convert(path, from, undefined, options)
}

/** An encrypted archive's passphrase changes (the whole file is re-encrypted under a new key and salt). */
export function rekeyArchive(
  path: string,
  oldPassphrase: string,
  newPassphrase: string,
  options: ArchiveKeyChangeOptions = {},
): void {
  const from = required(oldPassphrase, 'the current passphrase')
  const to = required(newPassphrase, 'the new passphrase')
  if (from === to)
    throw new CasebookError('invalid_input', 'the new passphrase is the same as the current one')
  convert(path, from, to, options)
}

/** Throws the 'wrong passphrase' error unless the passphrase opens the encrypted archive; writes nothing. */
export function checkPassphrase(
  path: string,
  passphrase: string,
  options: ArchiveKeyChangeOptions = {},
): void {
  const db = openKeyed(path, {
    readonly: true,
    fileMustExist: true,
    nativeBinding: options.nativeBinding,
    passphrase: required(passphrase, 'the passphrase'),
  })
  try {
    assertKeyOpens(db, path)
  } finally {
    db.close()
  }
}

/** Where the converted copy is written, beside the archive so that the final rename is atomic. */
export function conversionFile(path: string): string {
  return `${path}.rekeying`
}

function required(passphrase: string, what: string): string {
  const value = normalisePassphrase(passphrase)
  if (value === undefined) throw new CasebookError('invalid_input', `${what} cannot be empty`)
  return value
}

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
 * Re-encrypts an archive (from: its passphrase or none; to: the new one or none) without ever putting the
 * original at risk: with the archive locked against every other connection, its WAL is folded in and the
 * file copied beside it; the copy is re-keyed in place (journal in memory: if this process dies, only the
 * copy is lost), reopened with the new key, checked (quick_check, Casebook's id, the same number of rows in
 * every table), flushed to disk, and only then renamed over the original — an atomic step, so at any
 * moment the archive is either wholly the old file or wholly the new one. An archive not in the state
 * `from` implies (plain without one, encrypted with one) is refused first, untouched.
 */
function convert(
  path: string,
  from: string | undefined,
  to: string | undefined,
  options: ArchiveKeyChangeOptions,
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
      throw new CasebookError('archive_refused', `${path} is not a Casebook archive. Nothing was changed.`)
    const check = source.pragma('quick_check', { simple: true }) as string
    if (check !== 'ok')
      throw new CasebookError(
        'damaged',
        `${path} is damaged (${check}), so it was not converted. Nothing was changed.`,
      )
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
  return new CasebookError(
    'conflict',
    `${path} is open elsewhere (the app, the browser shell or another command): close it first. Nothing was changed.`,
  )
}

function rekeyCopy(
  copy: string,
  from: string | undefined,
  to: string | undefined,
  options: ArchiveKeyChangeOptions,
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
  options: ArchiveKeyChangeOptions,
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
    const check = db.pragma('quick_check', { simple: true }) as string
    if (check !== 'ok')
      throw new CasebookError('internal', `the converted copy of ${path} failed its check (${check})`)
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
