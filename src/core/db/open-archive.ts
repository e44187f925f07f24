import { existsSync, statSync } from 'node:fs'
import type { Database as Db } from 'better-sqlite3-multiple-ciphers'
import { CasebookError } from '../../shared/errors'
import { assertKeyOpens, openKeyed, passphraseNeeded } from './archive-key'
import { encryptionOf, normalisePassphrase, readFileStart } from './encryption-state'
import { fullCheckDue, recordFullCheck, sqliteCheck } from '../integrity/full-check-schedule'
import { HEADER_BYTES, headerDamage } from './file-header'
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations'

/** 'CBK1' — marks a SQLite file as a Casebook archive, so a foreign database is never migrated. */
export const CASEBOOK_APPLICATION_ID = 0x43424b31

export interface OpenArchiveOptions {
  /** A driver addon built for this runtime's ABI (Electron keeps its own build). */
  nativeBinding?: string
  /**
   * The archive's passphrase (archive-key.ts: SQLCipher 4 format). A new archive given one is encrypted
   * from its first byte; an existing one must be encrypted with it. '' counts as none.
   */
  passphrase?: string
}

function refuse(path: string, reason: string): never {
  throw new CasebookError(
    'archive_refused',
    `${path} cannot be opened: ${reason}. Nothing was written to it.`,
  )
}

/**
 * Looks at an existing file read-only and refuses it — before anything is written — if it is not SQLite,
 * is another application's database, comes from a newer Casebook, or is damaged.
 */
function inspectExisting(path: string, options: OpenArchiveOptions): { fullCheckPassed: boolean } {
  const stats = statSync(path)
  if (stats.isDirectory()) refuse(path, 'it is a folder, not an archive file')
  if (stats.size === 0) return { fullCheckPassed: false } // an empty file is a new archive
  const header = readFileStart(path, HEADER_BYTES)
  const kind = encryptionOf(header, stats.size)
  // An encrypted file's bytes after its 16-byte salt are ciphertext: only the blanked-header check applies.
  const damage = headerDamage(kind === 'plain' ? header : header.subarray(0, 16), stats.size)
  if (damage) refuse(path, damage)
  if (kind === 'foreign')
    refuse(path, 'it is not a Casebook archive (neither an SQLite database nor an encrypted archive)')
  const passphrase = normalisePassphrase(options.passphrase)
  if (kind === 'encrypted' && passphrase === undefined) throw passphraseNeeded(path)
  if (kind === 'plain' && passphrase !== undefined)
    refuse(path, 'it is not encrypted, yet a passphrase was given (open it without one, or encrypt it first)')
  let db: Db | undefined
  try {
    db = openKeyed(path, {
      readonly: true,
      fileMustExist: true,
      nativeBinding: options.nativeBinding,
      passphrase,
    })
    if (passphrase !== undefined) assertKeyOpens(db, path)
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
    // The full integrity_check weekly (why weekly: see full-check-schedule.ts), still read-only.
    if (!fullCheckDue(db)) return { fullCheckPassed: false }
    const damage = sqliteCheck(db, true)
    if (damage.length > 0) refuse(path, `the archive is damaged (${damage.slice(0, 3).join('; ')})`)
    return { fullCheckPassed: true }
  } catch (error) {
    if (error instanceof CasebookError) throw error
    return refuse(path, `the archive is damaged or unreadable (${(error as Error).message})`)
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
  const inspected = existsSync(path) ? inspectExisting(path, options) : { fullCheckPassed: false }
  let db: Db
  try {
    // Keyed before the first write, so a new archive given a passphrase never has a plaintext page.
    db = openKeyed(path, { nativeBinding: options.nativeBinding, passphrase: options.passphrase })
  } catch (error) {
    refuse(path, (error as Error).message)
  }
  db.pragma('journal_mode = WAL')
  db.pragma('foreign_keys = ON')
  // WAL with synchronous=FULL: an import acknowledged to the user survives a crash or power loss.
  db.pragma('synchronous = FULL')
  db.pragma('busy_timeout = 5000')
  migrate(db)
  if (inspected.fullCheckPassed) recordFullCheck(db)
  return db
}
