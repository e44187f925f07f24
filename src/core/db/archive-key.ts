import Database, { type Database as Db } from 'better-sqlite3-multiple-ciphers'
import { CasebookError } from '../../shared/errors'
import { normalisePassphrase } from './encryption-state'

/**
 * Keys a fresh connection, before it reads or writes anything: SQLCipher 4's format (AES-256-CBC pages,
 * each with an HMAC-SHA512; the key derived from the passphrase by PBKDF2-HMAC-SHA512 with 256,000
 * iterations and a random per-file salt), so an archive can also be opened with SQLCipher's own tools.
 * The passphrase travels as `hexkey`, the hex of its UTF-8 bytes: no quoting to get wrong, and unlike
 * SQLCipher's `x'…'` raw-key form it still goes through the key derivation.
 */
export function keyConnection(db: Db, passphrase: string): void {
  db.pragma(`cipher = 'sqlcipher'`)
  db.pragma('legacy = 4')
  db.pragma(`hexkey = '${Buffer.from(passphrase, 'utf8').toString('hex')}'`)
}

/** The same for `PRAGMA rekey` (the connection must already be keyed, or be a plain file). */
export function rekeyConnection(db: Db, passphrase: string | undefined): void {
  db.pragma(`cipher = 'sqlcipher'`)
  db.pragma('legacy = 4')
  db.pragma(`hexrekey = '${Buffer.from(passphrase ?? '', 'utf8').toString('hex')}'`)
}

export interface KeyedOpenOptions {
  readonly?: boolean
  fileMustExist?: boolean
  /** A driver addon built for this runtime's ABI (Electron keeps its own build). */
  nativeBinding?: string
  passphrase?: string
}

/**
 * Opens a connection keyed when a passphrase is given. Temporary tables and indices (sorts, the search
 * index's work tables) stay in memory on every connection, so no temporary file ever holds plaintext —
 * SQLite's temp files are not encrypted.
 */
export function openKeyed(path: string, options: KeyedOpenOptions): Db {
  const db = new Database(path, {
    readonly: options.readonly ?? false,
    fileMustExist: options.fileMustExist ?? false,
    nativeBinding: options.nativeBinding,
  })
  try {
    const passphrase = normalisePassphrase(options.passphrase)
    if (passphrase !== undefined) keyConnection(db, passphrase)
    db.pragma('temp_store = MEMORY')
  } catch (error) {
    db.close()
    throw error
  }
  return db
}

/**
 * Reads the schema once, which is when SQLite first decrypts a page: a wrong key shows up here as
 * SQLITE_NOTADB. Page 1 failing its HMAC looks the same, hence the second half of the message.
 */
export function assertKeyOpens(db: Db, path: string): void {
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get()
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_NOTADB') throw wrongPassphrase(path)
    throw error
  }
}

export function wrongPassphrase(path: string): CasebookError {
  return new CasebookError(
    'locked',
    `wrong passphrase for ${path} (if the passphrase is right, the file is damaged or not a Casebook archive). Nothing was written to it.`,
  )
}

export function passphraseNeeded(path: string): CasebookError {
  return new CasebookError(
    'locked',
    `${path} is encrypted (or is not a Casebook archive at all): give its passphrase. Nothing was written to it.`,
  )
}
