import type { Database as Db } from 'better-sqlite3-multiple-ciphers'
import { openKeyed } from '../db/archive-key'
import { normalisePassphrase } from '../db/encryption-state'

/** How the backup code opens a database file other than the open archive: a backup, or a closed archive. */
export interface DatabaseFileOptions {
  /** A driver addon built for this runtime's ABI (Electron keeps its own build). */
  nativeBinding?: string
  /** The archive's passphrase: its backups are encrypted with the same key. */
  passphrase?: string
}

/**
 * Opens a database file with the archive's driver and key (archive-key.ts: the same cipher settings as the
 * archive), so a backup is read exactly as the archive would be.
 */
export function openDatabaseFile(file: string, readonly: boolean, options: DatabaseFileOptions): Db {
  return openKeyed(file, {
    readonly,
    fileMustExist: true,
    nativeBinding: options.nativeBinding,
    passphrase: options.passphrase,
  })
}

/** The passphrase in the archive's open options, if it has one ('' counts as none, as when opening). */
export function passphraseOf(options: { passphrase?: string }): string | undefined {
  return normalisePassphrase(options.passphrase)
}
