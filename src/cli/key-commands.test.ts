import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { convertDatabaseFile } from '../core/db/database-conversion'
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

type Secrets = { passphrase?: string; newPassphrase?: string }

function casebook(secrets: Secrets, ...args: string[]) {
  return casebookOn(archive, secrets, ...args)
}

/** The CLI in a child process with only the given passphrase variables, its own TMPDIR, stdin not a terminal. */
function casebookOn(archive: string, secrets: Secrets, ...args: string[]) {
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

describe('the backups follow the archive through the command line', { timeout: 300_000 }, () => {
  /** A plain archive in a folder of its own, holding the marker article, with two backups from `backup`. */
  function plainArchiveWithBackups(name: string) {
    const folder = join(dir, name)
    mkdirSync(folder)
    const path = join(folder, 'cases.casebook')
    const source = join(dir, `${name}.txt`)
    writeFileSync(source, markerArticle())
    expect(casebookOn(path, {}, 'import', source).code).toBe(0)
    const backups = [1, 2].map(() => {
      const run = casebookOn(path, {}, 'backup')
      expect(run.code).toBe(0)
      return run.stdout.trim()
    })
    expect(filesContaining(backups)).toHaveLength(2)
    return { folder, path, backups }
  }

  function backupsListed(path: string, passphrase?: string): Array<{ file: string; ok: boolean }> {
    const run = casebookOn(path, { passphrase }, 'backups', '--json')
    expect(run.code).toBe(0)
    return JSON.parse(run.stdout) as Array<{ file: string; ok: boolean }>
  }

  it('encrypt leaves no plaintext in the archive folder or its backups, and says so', () => {
    const { folder, path, backups } = plainArchiveWithBackups('encrypt')
    const run = casebookOn(path, { newPassphrase: 'a secret' }, 'encrypt')
    expect(run.stderr).toContain('backups: 2 encrypted, 0 removed, 0 left as they were')
    expect(run.code).toBe(0)
    expect(listFiles(folder).length).toBeGreaterThanOrEqual(3) // the archive and its two backups
    expect(filesContaining([folder, tmp])).toEqual([])
    expect(backupsListed(path, 'a secret').map((b) => [b.file, b.ok])).toEqual(
      [...backups].reverse().map((file) => [file, true]),
    )
  })

  it('lists a damaged backup as removed with its reason, the rest encrypted, and exits 1', () => {
    const { folder, path, backups } = plainArchiveWithBackups('damaged')
    const [damaged, good] = backups
    const bytes = readFileSync(damaged ?? '')
    writeFileSync(damaged ?? '', bytes.fill(0xa5, 2 * 4096, 3 * 4096)) // a page gone bad on the disk
    const run = casebookOn(path, { newPassphrase: 'a secret' }, 'encrypt')
    expect(run.stderr).toContain('backups: 1 encrypted, 1 removed, 0 left as they were')
    expect(run.stderr).toMatch(
      new RegExp(
        `removed ${damaged}: it is damaged \\(.+\\), so it was not converted; it may hold plaintext`,
      ),
    )
    expect(run.code).toBe(1)
    expect(archiveEncryption(path)).toBe('encrypted')
    expect(backupsListed(path, 'a secret').map((b) => [b.file, b.ok])).toEqual([[good, true]])
    expect(filesContaining([folder, tmp])).toEqual([])
  })

  it('after a crash past the archive, check flags what is left and encrypt run again finishes it', () => {
    const { folder, path, backups } = plainArchiveWithBackups('crash')
    const [first = ''] = backups
    convertDatabaseFile(path, undefined, 'a secret', {}) // the archive converted, then the process died
    copyFileSync(first, `${first}.rekeying`) // while the first backup was being copied
    const check = casebookOn(path, { passphrase: 'a secret' }, 'check')
    expect(check.code).toBe(1)
    for (const file of backups)
      expect(check.stdout).toContain(`backup ${file}\tthis backup is not encrypted, though the archive is`)
    expect(check.stdout).toContain(`${first}.rekeying\tan encrypt, rekey or decrypt was cut short here`)

    const again = casebookOn(path, { newPassphrase: 'a secret' }, 'encrypt')
    expect(again.stderr).toContain('was already encrypted; now its backups are too')
    expect(again.stderr).toContain('backups: 2 encrypted, 0 removed, 0 left as they were')
    expect(again.stderr).toContain(`removed ${first}.rekeying: a temporary file left by an interrupted run`)
    expect(again.code).toBe(0)
    expect(filesContaining([folder, tmp])).toEqual([])
    expect(casebookOn(path, { passphrase: 'a secret' }, 'check').code).toBe(0)
    // Nothing is left to finish: the archive is simply encrypted already.
    expect(casebookOn(path, { newPassphrase: 'a secret' }, 'encrypt').stderr).toContain('already encrypted')
  })

  it('rekey and decrypt cut short after the archive are finished by the same command run again', () => {
    const { path, backups } = plainArchiveWithBackups('rekey')
    expect(casebookOn(path, { newPassphrase: 'a secret' }, 'encrypt').code).toBe(0)

    convertDatabaseFile(path, 'a secret', 'b secret', {}) // rekey: the archive done, not its backups
    expect(backupsListed(path, 'b secret').map((b) => b.ok)).toEqual([false, false])
    const rekeyed = casebookOn(path, { passphrase: 'a secret', newPassphrase: 'b secret' }, 'rekey')
    expect(rekeyed.stderr).toContain('already had its new passphrase; now its backups have it too')
    expect(rekeyed.stderr).toContain('backups: 2 re-keyed, 0 removed, 0 left as they were')
    expect(rekeyed.code).toBe(0)
    expect(backupsListed(path, 'b secret').map((b) => b.ok)).toEqual([true, true])
    expect(casebookOn(path, { passphrase: 'c', newPassphrase: 'd' }, 'rekey').stderr).toContain(
      'wrong passphrase',
    )

    convertDatabaseFile(path, 'b secret', undefined, {}) // decrypt: the archive done, not its backups
    const check = casebookOn(path, {}, 'check')
    expect(check.code).toBe(1)
    expect(check.stdout).toContain('this backup is encrypted, though the archive is not')
    const decrypted = casebookOn(path, { passphrase: 'b secret' }, 'decrypt')
    expect(decrypted.stderr).toContain('backups: 2 decrypted, 0 removed, 0 left as they were')
    expect(decrypted.code).toBe(0)
    for (const file of backups) expect(archiveEncryption(file)).toBe('plain')
    expect(backupsListed(path).map((b) => b.ok)).toEqual([true, true])
  })
})
