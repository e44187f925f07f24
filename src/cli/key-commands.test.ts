import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { archiveEncryption } from '../core/db/encryption-state'
import { filesContaining, listFiles, MARKER, markerArticle } from '../core/testing/plaintext-scan'
import { REPO_ROOT, tempDir } from '../core/testing/temp-archive'
import { cliArgs } from './run-cli'

let dir: string
let cleanup: () => void
let archive: string
let tmp: string

beforeAll(() => {
  ;({ dir, cleanup } = tempDir('casebook-cli-enc-'))
  mkdirSync(join(dir, 'archive'))
  archive = join(dir, 'archive', 'cases.casebook')
  tmp = join(dir, 'tmp')
  mkdirSync(tmp)
})
afterAll(() => cleanup())

/** The CLI in a child process with only the given passphrase variables, its own TMPDIR, stdin not a terminal. */
function casebook(secrets: { passphrase?: string; newPassphrase?: string }, ...args: string[]) {
  const env: Record<string, string | undefined> = { ...process.env, TMPDIR: tmp, TMP: tmp, TEMP: tmp }
  delete env.CASEBOOK_PASSPHRASE
  delete env.CASEBOOK_NEW_PASSPHRASE
  if (secrets.passphrase !== undefined) env.CASEBOOK_PASSPHRASE = secrets.passphrase
  if (secrets.newPassphrase !== undefined) env.CASEBOOK_NEW_PASSPHRASE = secrets.newPassphrase
  const run = spawnSync(process.execPath, [...cliArgs(), '--archive', archive, ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env,
    input: '', // a pipe, not a terminal: nothing can be typed, and nothing may wait for it
    timeout: 60_000,
  })
  return { code: run.status, stdout: run.stdout, stderr: run.stderr }
}

function fileState(path: string) {
  return { bytes: readFileSync(path), mtime: statSync(path).mtimeMs }
}

function expectSameFile(path: string, before: { bytes: Buffer; mtime: number }): void {
  const after = fileState(path)
  expect(after.bytes.equals(before.bytes)).toBe(true)
  expect(after.mtime).toBe(before.mtime)
}

function searchHits(passphrase?: string): number {
  const run = casebook({ passphrase }, 'search', MARKER, '--json')
  expect(run.stderr).not.toMatch(/casebook:/)
  expect(run.code).toBe(0)
  return (JSON.parse(run.stdout) as unknown[]).length
}

// Each step is a child process that derives a key (PBKDF2, 256,000 rounds) once or twice: seconds, not ms.
describe('encryption through the command line', { timeout: 180_000 }, () => {
  it('creates an encrypted archive from CASEBOOK_PASSPHRASE and writes no plaintext anywhere', () => {
    const source = join(dir, 'harbour.txt') // the user's own file, outside the scanned folders
    writeFileSync(source, markerArticle())
    expect(casebook({ passphrase: 'first secret' }, 'import', source).code).toBe(0)
    expect(archiveEncryption(archive)).toBe('encrypted')

    const listed = casebook({ passphrase: 'first secret' }, 'articles', '--json')
    const [article] = JSON.parse(listed.stdout) as Array<{ id: string }>
    const marked = casebook(
      { passphrase: 'first secret' },
      'highlight',
      article?.id ?? '',
      '--quote',
      `${MARKER} the elder`,
      '--note',
      `Ask ${MARKER}'s family`,
      '--entity',
      `Ada ${MARKER}`,
      '--type',
      'person',
    )
    expect(marked.stderr).not.toMatch(/casebook:/)
    expect(marked.code).toBe(0)
    expect(searchHits('first secret')).toBe(1)

    expect(listFiles(join(dir, 'archive')).length).toBeGreaterThan(0)
    expect(filesContaining([join(dir, 'archive'), tmp])).toEqual([])
    expect(filesContaining([source])).toHaveLength(1) // the scan does find plaintext where it is
  })

  it('fails clearly, without waiting and without writing, when the passphrase is missing or wrong', () => {
    const before = fileState(archive)
    const missing = casebook({}, 'articles')
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('no terminal to ask on: set CASEBOOK_PASSPHRASE')
    const wrong = casebook({ passphrase: 'not it' }, 'articles')
    expect(wrong.code).toBe(2)
    expect(wrong.stderr).toMatch(/casebook: wrong passphrase for .*cases\.casebook/)
    expect(wrong.stderr).not.toContain('not it')
    expectSameFile(archive, before)
  })

  it('rekey, decrypt and encrypt, each proven by what opens afterwards', () => {
    let before = fileState(archive)
    const noNew = casebook({ passphrase: 'first secret' }, 'rekey')
    expect(noNew.code).toBe(2)
    expect(noNew.stderr).toContain('CASEBOOK_NEW_PASSPHRASE')
    expect(casebook({ passphrase: 'wrong', newPassphrase: 'second secret' }, 'rekey').code).toBe(2)
    expectSameFile(archive, before)

    const rekeyed = casebook({ passphrase: 'first secret', newPassphrase: 'second secret' }, 'rekey')
    expect(rekeyed.stderr).toContain('has its new passphrase')
    expect(rekeyed.code).toBe(0)
    expect(casebook({ passphrase: 'first secret' }, 'articles').stderr).toContain('wrong passphrase')
    expect(searchHits('second secret')).toBe(1)

    expect(casebook({ passphrase: 'second secret' }, 'decrypt').code).toBe(0)
    expect(archiveEncryption(archive)).toBe('plain')
    expect(searchHits()).toBe(1)

    before = fileState(archive)
    const noTerminal = casebook({}, 'encrypt')
    expect(noTerminal.code).toBe(2)
    expect(noTerminal.stderr).toContain('CASEBOOK_NEW_PASSPHRASE')
    expectSameFile(archive, before)

    const encrypted = casebook({ newPassphrase: 'third secret' }, 'encrypt')
    expect(encrypted.stderr).toContain('is encrypted')
    expect(encrypted.code).toBe(0)
    expect(archiveEncryption(archive)).toBe('encrypted')
    expect(filesContaining([archive])).toEqual([])
    expect(casebook({}, 'articles').code).toBe(2)
    expect(searchHits('third secret')).toBe(1)
    expect(casebook({ newPassphrase: 'fourth' }, 'encrypt').stderr).toContain('already encrypted')
  })
})
