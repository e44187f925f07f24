import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs'
import Database, { type Database as Db } from 'better-sqlite3'
import { CasebookError } from '../../shared/errors'
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations'

/** 'CBK1' — marks a SQLite file as a Casebook archive, so a foreign database is never migrated. */
export const CASEBOOK_APPLICATION_ID = 0x43424b31

const SQLITE_HEADER = 'SQLite format 3\0'

export interface OpenArchiveOptions {
  /** A better-sqlite3 addon built for this runtime's ABI (Electron keeps its own build). */
  nativeBinding?: string
}

function refuse(path: string, reason: string): never {
  throw new CasebookError(
    'archive_refused',
    `${path} cannot be opened: ${reason}. Nothing was written to it.`,
  )
}

function readHeader(path: string): string {
  const fd = openSync(path, 'r')
  try {
    const buffer = Buffer.alloc(16)
    const read = readSync(fd, buffer, 0, 16, 0)
    return buffer.subarray(0, read).toString('latin1')
  } finally {
    closeSync(fd)
  }
}

/**
 * Looks at an existing file read-only and refuses it — before anything is written — if it is not SQLite,
 * is another application's database, comes from a newer Casebook, or is damaged.
 */
function inspectExisting(path: string, options: OpenArchiveOptions): void {
  const stats = statSync(path)
  if (stats.isDirectory()) refuse(path, 'it is a folder, not an archive file')
  if (stats.size === 0) return // an empty file is a new archive
  if (readHeader(path) !== SQLITE_HEADER)
    refuse(path, 'it is not a Casebook archive (not an SQLite database)')
  let db: Db | undefined
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, nativeBinding: options.nativeBinding })
    const appId = db.pragma('application_id', { simple: true }) as number
    const version = db.pragma('user_version', { simple: true }) as number
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as {
      n: number
    }
    if (appId !== CASEBOOK_APPLICATION_ID && (appId !== 0 || tables.n > 0)) {
      refuse(path, 'it is an SQLite database of another application, not a Casebook archive')
    }
    if (version > LATEST_SCHEMA_VERSION) {
      refuse(
        path,
        `it was written by a newer version of Casebook (archive format ${version}; this version reads up to ${LATEST_SCHEMA_VERSION}). Update Casebook to open it`,
      )
    }
    const check = db.pragma('quick_check', { simple: true }) as string
    if (check !== 'ok') refuse(path, `the archive is damaged (${check})`)
  } catch (error) {
    if (error instanceof CasebookError) throw error
    refuse(path, `the archive is damaged or unreadable (${(error as Error).message})`)
  } finally {
    db?.close()
  }
}

/** Runs every pending migration in one transaction, so an archive is never left half-migrated. */
export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number
  const pending = MIGRATIONS.filter((m) => m.version > current)
  if (pending.length === 0) return
  db.transaction(() => {
    for (const migration of pending) migration.up(db)
    db.pragma(`application_id = ${CASEBOOK_APPLICATION_ID}`)
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION}`)
  })()
}

/** Opens (creating if absent) a Casebook archive: WAL, foreign keys on, migrated to the latest schema. */
export function openArchive(path: string, options: OpenArchiveOptions = {}): Db {
  if (existsSync(path)) inspectExisting(path, options)
  let db: Db
  try {
    db = new Database(path, { nativeBinding: options.nativeBinding })
  } catch (error) {
    refuse(path, (error as Error).message)
  }
  db.pragma('journal_mode = WAL')
  db.pragma('foreign_keys = ON')
  // WAL with synchronous=FULL: an import acknowledged to the user survives a crash or power loss.
  db.pragma('synchronous = FULL')
  db.pragma('busy_timeout = 5000')
  migrate(db)
  return db
}
