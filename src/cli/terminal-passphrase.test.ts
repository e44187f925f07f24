import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, describe, expect, it } from 'vitest'
import { openArchive } from '../core/db/open-archive'
import { tempDir } from '../core/testing/temp-archive'
import { newPassphrase, passphraseToOpen, readHidden, type SecretSource } from './terminal-passphrase'

const { dir, cleanup } = tempDir('casebook-prompt-')
afterAll(() => cleanup())

/** A stand-in terminal: stdin that claims to be a TTY and records its raw-mode switches. */
function fakeTerminal() {
  const input = Object.assign(new PassThrough(), {
    isTTY: true,
    isRaw: false,
    modes: [] as boolean[],
    setRawMode(mode: boolean) {
      this.isRaw = mode
      this.modes.push(mode)
      return this
    },
  })
  const output = new PassThrough()
  let shown = ''
  output.on('data', (chunk: Buffer) => (shown += chunk.toString()))
  return { input: input as unknown as NodeJS.ReadStream & { modes: boolean[] }, output, shown: () => shown }
}

function source(env: Record<string, string>, answers: string[] = []): SecretSource & { asked: string[] } {
  const asked: string[] = []
  return {
    env,
    asked,
    ask: (prompt) => {
      asked.push(prompt)
      const answer = answers.shift()
      return answer === undefined ? Promise.reject(new Error('nothing to type')) : Promise.resolve(answer)
    },
    warn: () => {},
  }
}

describe('readHidden', () => {
  it('reads a line in raw mode, handles backspace, and never echoes what is typed', async () => {
    const terminal = fakeTerminal()
    const read = readHidden('Passphrase: ', terminal.input, terminal.output)
    terminal.input.write('sésame x\u007f\u007fouvre')
    terminal.input.write('-toi\rignored')
    await expect(read).resolves.toBe('sésameouvre-toi')
    expect(terminal.shown()).toBe('Passphrase: \n')
    expect(terminal.input.modes).toEqual([true, false]) // raw on, then back as it was
  })

  it('is cancelled by Ctrl+C and refuses at once when stdin is not a terminal', async () => {
    const terminal = fakeTerminal()
    const read = readHidden('Passphrase: ', terminal.input, terminal.output)
    terminal.input.write('abc\u0003')
    await expect(read).rejects.toThrow(/cancelled/)
    const pipe = Object.assign(new PassThrough(), { isTTY: false }) as unknown as NodeJS.ReadStream
    await expect(readHidden('Passphrase: ', pipe, new PassThrough())).rejects.toThrow(
      /set CASEBOOK_PASSPHRASE/,
    )
  })
})

describe('which passphrase a shell opens an archive with', () => {
  it('asks only for an encrypted archive, and takes the environment variable first', async () => {
    const encrypted = join(dir, 'encrypted.casebook')
    openArchive(encrypted, { passphrase: 'p' }).close()
    const plain = join(dir, 'plain.casebook')
    openArchive(plain).close()

    const asking = source({}, ['typed'])
    await expect(passphraseToOpen(encrypted, asking)).resolves.toBe('typed')
    expect(asking.asked).toEqual([`Passphrase for ${encrypted}: `])
    await expect(passphraseToOpen(encrypted, source({ CASEBOOK_PASSPHRASE: 'env' }))).resolves.toBe('env')
    await expect(passphraseToOpen(plain, source({ CASEBOOK_PASSPHRASE: 'env' }))).resolves.toBeUndefined()
    await expect(passphraseToOpen(join(dir, 'new.casebook'), source({}))).resolves.toBeUndefined()
    await expect(
      passphraseToOpen(join(dir, 'new.casebook'), source({ CASEBOOK_PASSPHRASE: 'env' })),
    ).resolves.toBe('env')
    writeFileSync(join(dir, 'notes.txt'), 'just notes')
    await expect(passphraseToOpen(join(dir, 'notes.txt'), source({}))).resolves.toBeUndefined()
  })

  it('asks for a new passphrase twice and refuses two that differ', async () => {
    await expect(newPassphrase(source({}, ['one', 'one']))).resolves.toBe('one')
    await expect(newPassphrase(source({}, ['one', 'two']))).rejects.toThrow(/differ/)
    await expect(newPassphrase(source({ CASEBOOK_NEW_PASSPHRASE: 'env' }))).resolves.toBe('env')
  })
})
