import { CasebookError } from '../shared/errors'
import { archiveEncryption, normalisePassphrase } from '../core/db/encryption-state'

/** The passphrase of the archive to open, for scripts and tests (a prompt is the interactive way). */
export const PASSPHRASE_ENV = 'CASEBOOK_PASSPHRASE'
/** The new passphrase for `encrypt` and `rekey`, instead of typing it twice. */
export const NEW_PASSPHRASE_ENV = 'CASEBOOK_NEW_PASSPHRASE'

export type Env = Readonly<Record<string, string | undefined>>

/** Asks for a secret; the shells use readHidden, tests pass a stub. */
export type AskSecret = (prompt: string) => Promise<string>

export interface SecretSource {
  env: Env
  ask: AskSecret
  /** Where a note to the user goes (stderr). */
  warn(line: string): void
}

/**
 * Reads one line from the terminal with echo off: stdin in raw mode, keys handled here (Enter ends,
 * Backspace deletes, Ctrl+C or Ctrl+D on an empty line cancels). Nothing typed reaches the screen or a
 * history file. When stdin is not a terminal (a pipe, a CI job) it fails at once instead of waiting
 * forever, naming the environment variable to use.
 */
export function readHidden(
  prompt: string,
  input: NodeJS.ReadStream = process.stdin,
  output: NodeJS.WritableStream = process.stderr,
): Promise<string> {
  if (!input.isTTY) {
    return Promise.reject(
      new CasebookError(
        'locked',
        `a passphrase is needed and there is no terminal to ask on: set ${PASSPHRASE_ENV} (and ${NEW_PASSPHRASE_ENV} for a new one)`,
      ),
    )
  }
  return new Promise((resolve, reject) => {
    let typed: string[] = []
    const wasRaw = input.isRaw
    const finish = (error?: Error) => {
      input.off('data', onData)
      input.setRawMode(wasRaw)
      input.pause()
      output.write('\n')
      if (error) reject(error)
      else resolve(typed.join(''))
      typed = []
    }
    const onData = (chunk: string | Buffer) => {
      // A paste arrives as one chunk: each character is handled in turn.
      for (const char of chunk.toString()) {
        if (char === '\r' || char === '\n') return finish()
        if (char === '\u0003' || (char === '\u0004' && typed.length === 0))
          return finish(new CasebookError('invalid_input', 'cancelled: no passphrase was given'))
        if (char === '\u007f' || char === '\b') typed.pop()
        else if (char >= ' ') typed.push(char)
      }
    }
    output.write(prompt)
    input.setRawMode(true)
    input.setEncoding('utf8')
    input.on('data', onData)
    input.resume()
  })
}

/**
 * The passphrase to open an archive with: for an encrypted one, CASEBOOK_PASSPHRASE or else asked for;
 * for a new one, CASEBOOK_PASSPHRASE if set (the archive is then created encrypted), else none. A plain
 * archive is opened as it is, with a note when the variable is set, since the user may believe it encrypted.
 */
export async function passphraseToOpen(path: string, source: SecretSource): Promise<string | undefined> {
  const fromEnv = normalisePassphrase(source.env[PASSPHRASE_ENV])
  switch (archiveEncryption(path)) {
    case 'encrypted':
      return fromEnv ?? required(await source.ask(`Passphrase for ${path}: `))
    case 'absent':
    case 'empty':
      return fromEnv
    case 'plain':
      if (fromEnv !== undefined)
        source.warn(
          `note: ${path} is not encrypted, so ${PASSPHRASE_ENV} is not used (\`casebook encrypt\` encrypts it)`,
        )
      return undefined
    case 'foreign':
      return undefined // refused by openArchive with its own message
  }
}

/** The current passphrase of an encrypted archive, for `decrypt` and `rekey`. */
export async function currentPassphrase(path: string, source: SecretSource): Promise<string> {
  return (
    normalisePassphrase(source.env[PASSPHRASE_ENV]) ??
    required(await source.ask(`Current passphrase for ${path}: `))
  )
}

/** A new passphrase: CASEBOOK_NEW_PASSPHRASE, or typed twice (a typo would lock the archive for good). */
export async function newPassphrase(source: SecretSource): Promise<string> {
  const fromEnv = normalisePassphrase(source.env[NEW_PASSPHRASE_ENV])
  if (fromEnv !== undefined) return fromEnv
  const first = required(await source.ask('New passphrase: '))
  const second = await source.ask('The new passphrase again: ')
  if (first !== second)
    throw new CasebookError('invalid_input', 'the two passphrases differ: nothing was changed')
  return first
}

function required(passphrase: string): string {
  const value = normalisePassphrase(passphrase)
  if (value === undefined)
    throw new CasebookError('invalid_input', 'no passphrase was given: nothing was changed')
  return value
}

/** What the CLI and the browser shell use: the real environment, the terminal, stderr. */
export function terminalSecrets(): SecretSource {
  return {
    env: process.env,
    ask: (prompt) => readHidden(prompt),
    warn: (line) => process.stderr.write(`${line}\n`),
  }
}
