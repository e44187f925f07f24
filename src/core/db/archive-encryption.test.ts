import { spawnSync } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { BackupInfo } from '../../shared/backups'
import type { ArticleSummary, SearchResults } from '../../shared/model'
import { CasebookError } from '../../shared/errors'
import { openEngine, type Engine } from '../engine'
import { backupFolder, listBackupFiles } from '../backup/backup-files'
import { mayHoldPlaintext } from '../backup/backup-keys'
import { checkBackupFile } from '../backup/check-backup'
import { latestGoodBackup, restoreBackup } from '../backup/restore-backup'
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

/** Backups made through the engine, as the app makes them; the archive closed afterwards. */
async function withBackups(path: string, count: number, passphrase?: string): Promise<string[]> {
  const engine = openEngine(path, { passphrase })
  try {
    const files: string[] = []
    for (let i = 0; i < count; i++) {
      const made = await engine.dispatchAsync('backups.create', {})
      if (!made.ok) throw new Error(made.error.message)
      files.push((made.value as BackupInfo).file)
    }
    return files
  } finally {
    engine.close()
  }
}

/** Bytes gone bad on the disk: `length` bytes at `offset` overwritten with a pattern no page has. */
function damage(file: string, offset: number, length: number): void {
  const bytes = readFileSync(file)
  bytes.fill(0xa5, offset, offset + length)
  writeFileSync(file, bytes)
}

function backupTitles(file: string, passphrase?: string): string[] {
  const copy = join(dir(), 'copy.casebook') // opening writes, and a backup is never written to
  copyFileSync(file, copy)
  const engine = openEngine(copy, { passphrase })
  try {
    return titles(engine)
  } finally {
    engine.close()
  }
}

describe('backups follow the archive key', { timeout: 180_000 }, () => {
  it('encrypt: good backups encrypted, plain damaged ones removed, one under another key left', async () => {
    const path = archiveWithArticles()
    const folder = backupFolder(path)
    const [good, alsoGood, damagedPage, damagedHeader] = await withBackups(path, 4)
    damage(damagedPage ?? '', 2 * 4096, 4096) // quick_check fails; its header still says plain
    damage(damagedHeader ?? '', 0, 100) // no SQLite header: only its bytes show it is not ciphertext
    expect(archiveEncryption(damagedHeader ?? '')).toBe('encrypted')
    const foreignKey = join(folder, 'before-restore-20200101T000000000Z.casebook')
    copyFileSync(archiveWithArticles('someone else'), foreignKey)
    // What crashes leave: a backup half written, a backup's conversion copy; both plain.
    const leftovers = ['rekeying', 'partial'].map((s) =>
      join(folder, `backup-20990101T000000000Z.casebook.${s}`),
    )
    for (const file of leftovers) copyFileSync(good ?? '', file)
    expect(filesContaining([damagedPage ?? '', damagedHeader ?? ''])).toHaveLength(2)

    const report = encryptArchive(path, PASSPHRASE)
    expect(report.converted).toEqual([good, alsoGood])
    expect(report.unchanged).toEqual([])
    expect(report.removed).toEqual([
      { file: damagedPage, reason: expect.stringMatching(/^it is damaged \(.*\), so it was not converted$/) },
      { file: damagedHeader, reason: 'it is damaged: it has no SQLite header, yet is not ciphertext' },
    ])
    expect(report.left).toEqual([{ file: foreignKey, reason: expect.stringMatching(/another passphrase/) }])
    expect(report.leftovers).toEqual(leftovers)
    expect(listBackupFiles(folder).map((b) => b.file)).toEqual([foreignKey, good, alsoGood])
    expect(filesContaining([dirname(path)])).toEqual([])
    for (const file of [good ?? '', alsoGood ?? '']) {
      expect(archiveEncryption(file)).toBe('encrypted')
      expect(checkBackupFile(file, { passphrase: PASSPHRASE }).ok).toBe(true)
      expect(backupTitles(file, PASSPHRASE)).toHaveLength(2)
    }
    expect(readdirSync(folder).sort()).toEqual(
      [foreignKey, good, alsoGood].map((file) => basename(file ?? '')).sort(),
    )
  })

  it('rekey: the backups open with the new passphrase only, and restore takes them', async () => {
    const path = archiveWithArticles(PASSPHRASE)
    const backups = await withBackups(path, 2, PASSPHRASE)
    const engine = openEngine(path, { passphrase: PASSPHRASE })
    importBytes(engine, 'field-notes.md', ownFixture('field-notes.md')) // after the backups
    engine.close()

    const report = rekeyArchive(path, PASSPHRASE, 'a new one')
    expect(report).toEqual({ converted: backups, unchanged: [], removed: [], left: [], leftovers: [] })
    for (const file of backups) {
      expect(checkBackupFile(file, { passphrase: 'a new one' }).ok).toBe(true)
      expect(checkBackupFile(file, { passphrase: PASSPHRASE }).ok).toBe(false)
      expect(checkBackupFile(file, {}).ok).toBe(false)
    }
    expect(latestGoodBackup(path, { passphrase: 'a new one' })?.file).toBe(backups[1])

    const restored = restoreBackup(path, backups[0] ?? '', { passphrase: 'a new one' })
    expect(restored.savedAs).not.toBeNull()
    const reopened = openEngine(path, { passphrase: 'a new one' })
    expect(titles(reopened)).toHaveLength(2) // the backup's two articles, not the archive's three
    expect(searchTotal(reopened, MARKER)).toBe(1)
    reopened.close()
    expect(backupTitles(restored.savedAs ?? '', 'a new one')).toHaveLength(3)
  })

  it('decrypt: the backups become plain; one under another passphrase is left and reported', async () => {
    const path = archiveWithArticles(PASSPHRASE)
    const backups = await withBackups(path, 2, PASSPHRASE)
    const stranger = join(backupFolder(path), 'backup-20200101T000000000Z.casebook')
    copyFileSync(archiveWithArticles('someone else'), stranger)

    const report = decryptArchive(path, PASSPHRASE)
    expect(report.converted).toEqual(backups)
    expect(report.removed).toEqual([])
    expect(report.left).toEqual([
      { file: stranger, reason: "it is encrypted with another passphrase than the archive's, or damaged" },
    ])
    for (const file of backups) {
      expect(archiveEncryption(file)).toBe('plain')
      expect(checkBackupFile(file, {}).ok).toBe(true)
    }
    expect(archiveEncryption(stranger)).toBe('encrypted')
  })

  it('tells ciphertext from a plain file whose header is gone', () => {
    const encrypted = archiveWithArticles(PASSPHRASE)
    const plain = archiveWithArticles()
    expect(mayHoldPlaintext(encrypted)).toBe(false)
    expect(mayHoldPlaintext(plain)).toBe(true)
    damage(plain, 0, 16)
    expect(archiveEncryption(plain)).toBe('encrypted')
    expect(mayHoldPlaintext(plain)).toBe(true)
  })
})
