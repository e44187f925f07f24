import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { ArticleSummary, SearchResults } from '../../shared/model'
import { CasebookError } from '../../shared/errors'
import { openEngine, type Engine } from '../engine'
import { startCoreHost } from '../host/core-host'
import { filesContaining, listFiles, MARKER, markerArticle } from '../testing/plaintext-scan'
import { importBytes, ok, ownFixture, REPO_ROOT, tempDir } from '../testing/temp-archive'
import { decryptArchive, encryptArchive, rekeyArchive } from './archive-encryption'
import { openKeyed } from './archive-key'
import { archiveEncryption, SQLITE_HEADER } from './encryption-state'
import { CASEBOOK_APPLICATION_ID, openArchive } from './open-archive'
import { LATEST_SCHEMA_VERSION } from './migrations'

const cleanups: Array<() => void> = []
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()?.()
})

function dir(): string {
  const t = tempDir('casebook-enc-')
  cleanups.push(t.cleanup)
  return t.dir
}

const PASSPHRASE = 'correct horse battery staple'

/** An archive with two articles, one carrying the marker; closed. Returns its path. */
function archiveWithArticles(passphrase?: string): string {
  const path = join(dir(), 'archive.casebook')
  const engine = openEngine(path, { passphrase })
  importBytes(engine, 'harbour-strike.txt', ownFixture('harbour-strike.txt'))
  importBytes(engine, 'marker.txt', Buffer.from(markerArticle()))
  engine.close()
  return path
}

function titles(engine: Engine): string[] {
  return ok<ArticleSummary[]>(engine, 'articles.list', {})
    .map((a) => a.title)
    .sort()
}

function searchTotal(engine: Engine, query: string): number {
  return ok<SearchResults>(engine, 'search.query', { query }).total
}

/** Runs `open` expecting a refusal; checks the archive's bytes and mtime did not change and no WAL appeared. */
function expectUntouched(path: string, open: () => unknown, code: string, message: RegExp): void {
  const before = readFileSync(path)
  const mtime = statSync(path).mtimeMs
  let caught: unknown
  try {
    const opened = open()
    if (opened && typeof opened === 'object' && 'close' in opened) (opened as { close(): void }).close()
  } catch (error) {
    caught = error
  }
  expect(caught).toBeInstanceOf(CasebookError)
  expect((caught as CasebookError).code).toBe(code)
  expect((caught as Error).message).toMatch(message)
  expect(readFileSync(path).equals(before)).toBe(true)
  expect(statSync(path).mtimeMs).toBe(mtime)
  // A refusal after the key opened (a newer archive, say) may leave SQLite's empty -wal and -shm beside it,
  // as for a plain archive; what matters is that no page was written.
  expect(existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0).toBe(0)
}

describe('an archive created with a passphrase', { timeout: 120_000 }, () => {
  it('is encrypted from the first byte, in SQLCipher 4 format with its strong key derivation', () => {
    const path = join(dir(), 'new.casebook')
    const db = openArchive(path, { passphrase: PASSPHRASE })
    expect(db.pragma('cipher', { simple: true })).toBe('sqlcipher')
    const setting = (name: string) => Number(db.pragma(name, { simple: true }))
    expect(setting('legacy')).toBe(4)
    expect(setting('kdf_iter')).toBe(256000)
    // SQLite3 Multiple Ciphers numbers its algorithms 0 SHA1, 1 SHA256, 2 SHA512.
    expect(setting('kdf_algorithm')).toBe(2)
    expect(setting('hmac_algorithm')).toBe(2)
    expect(setting('temp_store')).toBe(2) // MEMORY
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    db.close()
    const bytes = readFileSync(path)
    expect(bytes.subarray(0, 16).toString('latin1')).not.toBe(SQLITE_HEADER)
    expect(archiveEncryption(path)).toBe('encrypted')
    expect(bytes.includes(Buffer.from('CREATE TABLE'))).toBe(false)
  })

  it('refuses a missing or wrong passphrase with a clear message, writing nothing', () => {
    const path = archiveWithArticles(PASSPHRASE)
    expectUntouched(path, () => openEngine(path), 'locked', /is encrypted .*give its passphrase/)
    expectUntouched(path, () => openEngine(path, { passphrase: '' }), 'locked', /give its passphrase/)
    expectUntouched(
      path,
      () => openEngine(path, { passphrase: 'Correct horse battery staple' }),
      'locked',
      /^wrong passphrase for .*archive\.casebook/,
    )
    const engine = openEngine(path, { passphrase: PASSPHRASE })
    expect(titles(engine)).toHaveLength(2)
    engine.close()
  })

  it('refuses a passphrase for a plain archive rather than pretend it is protected', () => {
    const path = archiveWithArticles()
    expectUntouched(
      path,
      () => openEngine(path, { passphrase: PASSPHRASE }),
      'archive_refused',
      /is not encrypted, yet a passphrase was given/,
    )
  })

  it("still refuses, once unlocked, another application's database and a newer Casebook's archive", () => {
    const folder = dir()
    const foreign = join(folder, 'foreign.db')
    const other = openKeyed(foreign, { passphrase: PASSPHRASE })
    other.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('someone')")
    other.close()
    expectUntouched(
      foreign,
      () => openArchive(foreign, { passphrase: PASSPHRASE }),
      'archive_refused',
      /another application/,
    )

    const newer = join(folder, 'newer.casebook')
    openArchive(newer, { passphrase: PASSPHRASE }).close()
    const raw = openKeyed(newer, { passphrase: PASSPHRASE })
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`)
    expect(raw.pragma('application_id', { simple: true })).toBe(CASEBOOK_APPLICATION_ID)
    raw.close()
    expectUntouched(
      newer,
      () => openArchive(newer, { passphrase: PASSPHRASE }),
      'archive_refused',
      /newer version/,
    )
  })

  it('leaves no plaintext of an article, note or entity name in any file of its folder or of TMPDIR', () => {
    const folder = dir()
    const archive = join(folder, 'archive.casebook')
    const tmp = join(dir(), 'tmp')
    mkdirSync(tmp)
    // The article's source file lives elsewhere: it is the user's, and plain by nature.
    const source = join(dir(), 'harbour.txt')
    writeFileSync(source, markerArticle())
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', resolve(import.meta.dirname, '../testing/encrypted-session.ts'), archive, source],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        env: { ...process.env, TMPDIR: tmp, TMP: tmp, TEMP: tmp, CASEBOOK_PASSPHRASE: PASSPHRASE },
      },
    )
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    const outcome = JSON.parse(run.stdout) as { results: SearchResults; backup: boolean; walBytes: number }
    expect(outcome.results.total).toBe(1) // the session did search and find the marker
    expect(outcome.backup).toBe(true) // and made a backup, in archive.casebook.backups/, scanned too
    expect(outcome.walBytes).toBeGreaterThan(0) // its WAL, snapshotted while open, is scanned too
    expect(listFiles(folder).length).toBeGreaterThan(0)
    expect(filesContaining([folder, tmp])).toEqual([])
    // The check itself works: the source file is found.
    expect(filesContaining([source])).toHaveLength(1)
  })
})

describe('the worker host', { timeout: 120_000 }, () => {
  it('opens an encrypted archive with the passphrase of its start message, and refuses without it', async () => {
    const archivePath = archiveWithArticles(PASSPHRASE)
    const workerFile = resolve(import.meta.dirname, '../host/worker.ts')
    const locked = await startCoreHost({ workerFile, archivePath }).catch((error: unknown) => error)
    expect(locked).toBeInstanceOf(CasebookError)
    expect((locked as CasebookError).code).toBe('locked')
    const wrong = await startCoreHost({ workerFile, archivePath, passphrase: 'nope' }).catch(
      (e: unknown) => e,
    )
    expect((wrong as Error).message).toMatch(/^wrong passphrase/)
    expect((wrong as Error).message).not.toContain('nope')
    const host = await startCoreHost({ workerFile, archivePath, passphrase: PASSPHRASE })
    try {
      const found = await host.invoke('search.query', { query: MARKER })
      expect(found.ok && found.value.total).toBe(1)
    } finally {
      await host.close()
    }
  })
})

describe('encryptArchive, rekeyArchive, decryptArchive', { timeout: 120_000 }, () => {
  it('encrypt, rekey, decrypt: the same articles and search each time; old keys refused', () => {
    const path = archiveWithArticles()
    const before = openEngine(path)
    const expected = titles(before)
    before.close()

    encryptArchive(path, PASSPHRASE)
    expect(archiveEncryption(path)).toBe('encrypted')
    expect(filesContaining([path])).toEqual([])
    expect(existsSync(`${path}.rekeying`)).toBe(false)
    expect(() => openEngine(path)).toThrow(/give its passphrase/)
    let engine = openEngine(path, { passphrase: PASSPHRASE })
    expect(titles(engine)).toEqual(expected)
    expect(searchTotal(engine, MARKER)).toBe(1)
    engine.close()

    rekeyArchive(path, PASSPHRASE, 'a new one')
    expectUntouched(path, () => openEngine(path, { passphrase: PASSPHRASE }), 'locked', /wrong passphrase/)
    engine = openEngine(path, { passphrase: 'a new one' })
    expect(titles(engine)).toEqual(expected)
    expect(searchTotal(engine, MARKER)).toBe(1)
    engine.close()

    decryptArchive(path, 'a new one')
    expect(archiveEncryption(path)).toBe('plain')
    engine = openEngine(path)
    expect(titles(engine)).toEqual(expected)
    expect(searchTotal(engine, MARKER)).toBe(1)
    engine.close()
  })

  it('refuses a wrong passphrase, the wrong state, or an archive open elsewhere, changing nothing', () => {
    const path = archiveWithArticles(PASSPHRASE)
    expectUntouched(path, () => rekeyArchive(path, 'nope', 'other'), 'locked', /wrong passphrase/)
    expectUntouched(path, () => decryptArchive(path, 'nope'), 'locked', /wrong passphrase/)
    expectUntouched(path, () => encryptArchive(path, 'other'), 'conflict', /already encrypted/)
    expect(() => rekeyArchive(path, PASSPHRASE, PASSPHRASE)).toThrow(/the same/)

    const engine = openEngine(path, { passphrase: PASSPHRASE })
    try {
      expect(() => rekeyArchive(path, PASSPHRASE, 'other')).toThrow(/open elsewhere/)
      expect(() => decryptArchive(path, PASSPHRASE)).toThrow(/open elsewhere/)
      // The engine keeps working on its archive, which still has its passphrase.
      expect(titles(engine)).toHaveLength(2)
    } finally {
      engine.close()
    }
    expect(archiveEncryption(path)).toBe('encrypted')
    openEngine(path, { passphrase: PASSPHRASE }).close()

    const plain = archiveWithArticles()
    expect(() => decryptArchive(plain, PASSPHRASE)).toThrow(/is not encrypted/)
    expect(() => encryptArchive(plain, '')).toThrow(/cannot be empty/)
  })
})
