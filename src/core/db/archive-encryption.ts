import { CasebookError } from '../../shared/errors'
import { followArchiveKey, type BackupKeyReport } from '../backup/backup-keys'
import { assertKeyOpens, openKeyed } from './archive-key'
import { convertDatabaseFile, type ConversionOptions } from './database-conversion'
import { normalisePassphrase } from './encryption-state'

export { assertArchiveEncryption } from './database-conversion'

export type ArchiveKeyChangeOptions = ConversionOptions

/**
 * A plain archive becomes encrypted with `newPassphrase` (SQLCipher 4 format, see archive-key.ts), and so
 * do its backups (see convertWithBackups).
 */
export function encryptArchive(
  path: string,
  newPassphrase: string,
  options: ArchiveKeyChangeOptions = {},
): BackupKeyReport {
  const to = required(newPassphrase, 'the new passphrase')
  return convertWithBackups(path, undefined, to, options)
}

/** An encrypted archive becomes a plain one again, and so do its backups. */
export function decryptArchive(
  path: string,
  passphrase: string,
  options: ArchiveKeyChangeOptions = {},
): BackupKeyReport {
  const from = required(passphrase, 'the passphrase')
  return convertWithBackups(path, from, undefined, options)
}

/**
 * An encrypted archive's passphrase changes (the whole file is re-encrypted under a new key and salt), and
 * its backups' with it.
 */
export function rekeyArchive(
  path: string,
  oldPassphrase: string,
  newPassphrase: string,
  options: ArchiveKeyChangeOptions = {},
): BackupKeyReport {
  const from = required(oldPassphrase, 'the current passphrase')
  const to = required(newPassphrase, 'the new passphrase')
  if (from === to)
    throw new CasebookError('invalid_input', 'the new passphrase is the same as the current one')
  return convertWithBackups(path, from, to, options)
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

function required(passphrase: string, what: string): string {
  const value = normalisePassphrase(passphrase)
  if (value === undefined) throw new CasebookError('invalid_input', `${what} cannot be empty`)
  return value
}

/**
 * The archive first, its backups after, never the other way round: the archive's conversion is what must
 * not be lost, so it is done and renamed into place (convertDatabaseFile) before any backup is touched,
 * and a failure among the backups cannot undo it. Backups left behind by a crash, or by an error here,
 * are finished by the same command run again (src/cli/key-commands.ts), which finds the archive already
 * converted and converts only the backups.
 */
function convertWithBackups(
  path: string,
  from: string | undefined,
  to: string | undefined,
  options: ArchiveKeyChangeOptions,
): BackupKeyReport {
  convertDatabaseFile(path, from, to, options)
  try {
    return followArchiveKey(path, { to, previous: from }, options)
  } catch (error) {
    const code = error instanceof CasebookError ? error.code : 'internal'
    throw new CasebookError(
      code,
      `${path} was converted, but its backups were not (${(error as Error).message}): run the same command again to convert them`,
    )
  }
}
