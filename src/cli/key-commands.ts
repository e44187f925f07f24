import {
  assertArchiveEncryption,
  checkPassphrase,
  decryptArchive,
  encryptArchive,
  rekeyArchive,
} from '../core/db/archive-encryption'
import {
  backupsOutOfStep,
  followArchiveKey,
  leftoverFiles,
  someBackupOpensWith,
  type BackupKeyReport,
} from '../core/backup/backup-keys'
import { archiveEncryption, normalisePassphrase } from '../core/db/encryption-state'
import { CasebookError } from '../shared/errors'
import type { Output } from './commands'
import {
  currentPassphrase,
  NEW_PASSPHRASE_ENV,
  newPassphrase,
  type SecretSource,
} from './terminal-passphrase'

/** The encryption commands' lines of `--help` (issue 6, "Encryption at rest"). */
export const KEY_USAGE = `  encrypt                              encrypt the archive with a new passphrase (asked twice, or
                                       CASEBOOK_NEW_PASSPHRASE); SQLCipher 4 format
  decrypt                              remove the archive's encryption
  rekey                                change the passphrase (the new one asked twice, or
                                       CASEBOOK_NEW_PASSPHRASE)

An encrypted archive's passphrase comes from CASEBOOK_PASSPHRASE, else it is asked for without echo.
The backups follow the archive: encrypted, re-keyed or decrypted after it; one that cannot be is listed
(and after encrypt or rekey, deleted if it may hold plaintext). Run after a crash, the same command
finishes the backups of an archive it already converted.
`

export const KEY_COMMANDS = ['encrypt', 'decrypt', 'rekey'] as const
export type KeyCommand = (typeof KEY_COMMANDS)[number]

export function isKeyCommand(command: string): command is KeyCommand {
  return (KEY_COMMANDS as readonly string[]).includes(command)
}

/**
 * `encrypt`, `decrypt`, `rekey`: they rewrite the whole archive file, then its backups, so they run with no
 * engine open (and refuse while the app or another command has it open). The state is checked before any
 * prompt, so nobody types a passphrase twice only to hear the archive was already encrypted.
 *
 * Run again on an archive already converted, each finishes what a crash (or an error among the backups)
 * left undone, with the same passphrases as the first time: `encrypt` encrypts the plain backups (and
 * leftover temporary files) beside an encrypted archive; `decrypt` decrypts the encrypted backups beside a
 * plain one; `rekey`, given a current passphrase that no longer opens the archive but opens some of its
 * backups, takes the new one (which must open the archive) and re-keys those. This needs no record of an
 * unfinished run: the files say what is left. Exit 1 when a backup could not be converted.
 */
export async function keyCommand(
  command: KeyCommand,
  archivePath: string,
  args: string[],
  secrets: SecretSource,
  io: Output,
  nativeBinding?: string,
): Promise<number> {
  if (args.length > 0) throw new CasebookError('invalid_input', `${command} takes no arguments (see --help)`)
  const options = { nativeBinding }
  switch (command) {
    case 'encrypt': {
      if (archiveEncryption(archivePath) === 'encrypted' && hasPlainBackupFiles(archivePath)) {
        // The passphrase the interrupted `encrypt` set: its own variable when it is run again as it was.
        const passphrase =
          normalisePassphrase(secrets.env[NEW_PASSPHRASE_ENV]) ??
          (await currentPassphrase(archivePath, secrets))
        const report = followArchiveKey(archivePath, { to: passphrase, previous: undefined }, options)
        io.err(`${archivePath} was already encrypted; now its backups are too.`)
        return reportBackups(report, 'encrypted', io)
      }
      assertArchiveEncryption(archivePath, 'plain')
      const report = encryptArchive(archivePath, await newPassphrase(secrets), options)
      io.err(
        `${archivePath} is encrypted. Keep the passphrase safe: without it the archive cannot be read. The old plain file's blocks (and those of any plain backup) may remain on the disk until overwritten.`,
      )
      return reportBackups(report, 'encrypted', io)
    }
    case 'decrypt': {
      if (archiveEncryption(archivePath) === 'plain' && backupsOutOfStep(archivePath).length > 0) {
        const passphrase = await currentPassphrase(archivePath, secrets)
        const report = followArchiveKey(archivePath, { to: undefined, previous: passphrase }, options)
        io.err(`${archivePath} was already not encrypted; its backups are decrypted now.`)
        return reportBackups(report, 'decrypted', io)
      }
      assertArchiveEncryption(archivePath, 'encrypted')
      const report = decryptArchive(archivePath, await currentPassphrase(archivePath, secrets), options)
      io.err(`${archivePath} is no longer encrypted`)
      return reportBackups(report, 'decrypted', io)
    }
    case 'rekey': {
      assertArchiveEncryption(archivePath, 'encrypted')
      const current = await currentPassphrase(archivePath, secrets)
      try {
        checkPassphrase(archivePath, current, options) // before the new one is typed twice
      } catch (error) {
        if (!(error instanceof CasebookError && error.code === 'locked')) throw error
        if (!someBackupOpensWith(archivePath, current, options)) throw error
        // The archive has its new passphrase and the backups still have this one: a rekey cut short.
        const report = followArchiveKey(
          archivePath,
          { to: await newPassphrase(secrets), previous: current },
          options,
        )
        io.err(`${archivePath} already had its new passphrase; now its backups have it too.`)
        return reportBackups(report, 're-keyed', io)
      }
      const report = rekeyArchive(archivePath, current, await newPassphrase(secrets), options)
      io.err(`${archivePath} has its new passphrase.`)
      return reportBackups(report, 're-keyed', io)
    }
  }
}

/** Plain backups or temporary files beside an encrypted archive: what an interrupted `encrypt` leaves. */
function hasPlainBackupFiles(archivePath: string): boolean {
  return backupsOutOfStep(archivePath).length > 0 || leftoverFiles(archivePath).length > 0
}

/** What happened to each backup, one line each beyond the counts; exit 1 when any is not converted. */
function reportBackups(report: BackupKeyReport, done: string, io: Output): number {
  const { converted, unchanged, removed, left, leftovers } = report
  const counts = [`${converted.length} ${done}`]
  if (unchanged.length > 0) counts.push(`${unchanged.length} already so`)
  counts.push(`${removed.length} removed`, `${left.length} left as they were`)
  io.err(`backups: ${counts.join(', ')}`)
  for (const { file, reason } of removed)
    io.err(`  removed ${file}: ${reason}; it may hold plaintext, so it was not left on the disk`)
  for (const { file, reason } of left) io.err(`  left ${file}: ${reason}`)
  for (const file of leftovers) io.err(`  removed ${file}: a temporary file left by an interrupted run`)
  return removed.length + left.length > 0 ? 1 : 0
}
