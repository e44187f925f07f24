import {
  assertArchiveEncryption,
  checkPassphrase,
  decryptArchive,
  encryptArchive,
  rekeyArchive,
} from '../core/db/archive-encryption'
import { CasebookError } from '../shared/errors'
import type { Output } from './commands'
import { currentPassphrase, newPassphrase, type SecretSource } from './terminal-passphrase'

/** The encryption commands' lines of `--help` (issue 6, "Encryption at rest"). */
export const KEY_USAGE = `  encrypt                              encrypt the archive with a new passphrase (asked twice, or
                                       CASEBOOK_NEW_PASSPHRASE); SQLCipher 4 format
  decrypt                              remove the archive's encryption
  rekey                                change the passphrase (the new one asked twice, or
                                       CASEBOOK_NEW_PASSPHRASE)

An encrypted archive's passphrase comes from CASEBOOK_PASSPHRASE, else it is asked for without echo.
`

export const KEY_COMMANDS = ['encrypt', 'decrypt', 'rekey'] as const
export type KeyCommand = (typeof KEY_COMMANDS)[number]

export function isKeyCommand(command: string): command is KeyCommand {
  return (KEY_COMMANDS as readonly string[]).includes(command)
}

/**
 * `encrypt`, `decrypt`, `rekey`: they rewrite the whole archive file, so they run with no engine open
 * (and refuse while the app or another command has it open). The state is checked before any prompt, so
 * nobody types a passphrase twice only to hear the archive was already encrypted.
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
      assertArchiveEncryption(archivePath, 'plain')
      encryptArchive(archivePath, await newPassphrase(secrets), options)
      io.err(
        `${archivePath} is encrypted. Keep the passphrase safe: without it the archive cannot be read. Backups made before stay unencrypted (delete them if they must not be read), and the old plain file's blocks may remain on the disk until overwritten.`,
      )
      return 0
    }
    case 'decrypt': {
      assertArchiveEncryption(archivePath, 'encrypted')
      decryptArchive(archivePath, await currentPassphrase(archivePath, secrets), options)
      io.err(`${archivePath} is no longer encrypted`)
      return 0
    }
    case 'rekey': {
      assertArchiveEncryption(archivePath, 'encrypted')
      const current = await currentPassphrase(archivePath, secrets)
      checkPassphrase(archivePath, current, options) // before the new one is typed twice
      rekeyArchive(archivePath, current, await newPassphrase(secrets), options)
      io.err(
        `${archivePath} has its new passphrase. Backups made before keep the old one (they are not re-encrypted).`,
      )
      return 0
    }
  }
}
