import {
  copyFileSync,
  existsSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
  openSync,
  writeSync,
  closeSync,
} from 'node:fs'
import { basename, join, resolve } from 'node:path'
import Database from 'better-sqlite3-multiple-ciphers'
import { afterEach, describe, expect, it } from 'vitest'
import type { BackupInfo, BackupSettings, RestoreResult } from '../../shared/backups'
import type { ArticleDetail, ArticleSummary, HighlightPage } from '../../shared/model'
import { openEngine, type Engine } from '../engine'
import type { OpenArchiveOptions } from '../db/open-archive'
import { startCoreHost } from '../host/core-host'
import { importBytes, markPassage, ok, openTempEngine, ownFixture, tempDir } from '../testing/temp-archive'
import { backupFolder, listBackupFiles } from './backup-files'
import { checkBackupFile } from './check-backup'
import { createBackup } from './create-backup'
import { refusalHint } from './refusal-hint'
import { latestGoodBackup, restoreBackup } from './restore-backup'

let cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const c of cleanups.reverse()) await c()
  cleanups = []
})

function archiveWith(...fixtures: string[]) {
  const temp = openTempEngine()
  cleanups.push(() => temp.cleanup())
  for (const name of fixtures) importBytes(temp.engine, name, ownFixture(name))
  return temp
}

async function backUp(engine: Engine): Promise<BackupInfo> {
  const envelope = await engine.dispatchAsync('backups.create', {})
  if (!envelope.ok) throw new Error(`backups.create: ${envelope.error.message}`)
  return envelope.value as BackupInfo
}

/** Opens a copy of a backup as an archive (opening writes to a file, and a backup is never written to). */
function openCopy(file: string, dir: string, name: string): Engine {
  const copy = join(dir, name)
  copyFileSync(file, copy)
  const engine = openEngine(copy)
  cleanups.push(() => engine.close())
  return engine
}

function articleTitles(engine: Engine): string[] {
  return ok<ArticleSummary[]>(engine, 'articles.list', {})
    .map((a) => a.title)
    .sort()
}

function highlightQuotes(engine: Engine): string[] {
  return ok<HighlightPage>(engine, 'highlights.list', {})
    .items.map((h) => h.quote.exact)
    .sort()
}

/** Overwrites `length` bytes of a file at `offset` with a pattern no SQLite page has. */
function scribble(file: string, offset: number, length: number): void {
  const fd = openSync(file, 'r+')
  writeSync(fd, Buffer.alloc(length, 0xa5), 0, length, offset)
  closeSync(fd)
}

describe('backups', () => {
  it('writes a backup that opens with the same articles and highlights', async () => {
    const { engine, dir } = archiveWith('harbour-strike.txt', 'field-notes.md')
    const [first] = ok<ArticleSummary[]>(engine, 'articles.list', {})
    const article = ok<ArticleDetail>(engine, 'articles.get', { id: first?.id })
    markPassage(
      engine,
      { id: article.id, versionId: article.versionId, text: article.text },
      article.text.slice(0, 24),
      {
        note: 'kept in the backup',
      },
    )
    const backup = await backUp(engine)
    expect(backup).toMatchObject({ ok: true, beforeRestore: false })
    expect(backup.file.startsWith(backupFolder(engine.path))).toBe(true)
    expect(backup.file).toMatch(/backup-\d{8}T\d{9}Z\.casebook$/)
    expect(statSync(backup.file).size).toBe(backup.bytes)
    // A self-contained file: no WAL beside it, nothing half-written left in the folder.
    expect(readdirSync(backupFolder(engine.path))).toEqual([backup.file.split('/').pop()])

    const restored = openCopy(backup.file, dir, 'opened-backup.casebook')
    expect(articleTitles(restored)).toEqual(articleTitles(engine))
    expect(highlightQuotes(restored)).toEqual(highlightQuotes(engine))
    expect(highlightQuotes(restored)).toHaveLength(1)
    expect(ok<BackupInfo[]>(engine, 'backups.list', {})).toEqual([backup])
  })

  it('runs only through dispatchAsync, and answers other requests while it copies', async () => {
    const { engine } = archiveWith('harbour-strike.txt')
    expect(engine.dispatch('backups.create', {})).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('dispatchAsync') },
    })
    const running = backUp(engine)
    expect(ok<{ running: boolean }>(engine, 'backups.status', {}).running).toBe(true)
    await running
    expect(ok<{ running: boolean; lastProblem: string | null }>(engine, 'backups.status', {})).toMatchObject({
      running: false,
      lastProblem: null,
    })
  })

  it('keeps the number of backups the settings say, removing the oldest', async () => {
    const { engine } = archiveWith('harbour-strike.txt')
    expect(ok<BackupSettings>(engine, 'backups.settings.get', {})).toEqual({ keep: 7, everyHours: 24 })
    expect(ok<BackupSettings>(engine, 'backups.settings.set', { keep: 2 })).toEqual({
      keep: 2,
      everyHours: 24,
    })
    const made: BackupInfo[] = []
    for (let i = 0; i < 4; i++) made.push(await backUp(engine))
    const listed = ok<BackupInfo[]>(engine, 'backups.list', {})
    expect(listed.map((b) => b.file)).toEqual([made[3]?.file, made[2]?.file])
    expect(engine.dispatch('backups.settings.set', { keep: 0 })).toMatchObject({ ok: false })
    // The settings live in the archive (migration 5's settings table) and survive reopening.
    const path = engine.path
    engine.close()
    const again = openEngine(path)
    cleanups.push(() => again.close())
    expect(ok<BackupSettings>(again, 'backups.settings.get', {})).toEqual({ keep: 2, everyHours: 24 })
  })

  it('deletes and reports a backup damaged between writing and checking, never counting it', async () => {
    const { engine } = archiveWith('harbour-strike.txt', 'field-notes.md', 'almaty-ru.txt')
    const kept = await backUp(engine)
    const source = { db: engine.db, archivePath: engine.path, fileOptions: {} }
    // Bytes gone bad on the disk: a page overwritten.
    const damaged = createBackup(source, {
      keep: 1,
      afterWrite: (file) => scribble(file, 2 * 4096, 4096),
    })
    await expect(damaged).rejects.toThrow(/failed its check .* deleted/)
    // A copy missing rows is a sound SQLite file: only the row counts give it away.
    const short = createBackup(source, {
      keep: 1,
      afterWrite: (file) => {
        const db = new Database(file)
        db.pragma('foreign_keys = OFF')
        db.prepare(
          'DELETE FROM article_versions WHERE rowid = (SELECT max(rowid) FROM article_versions)',
        ).run()
        db.close()
      },
    })
    await expect(short).rejects.toThrow(/article_versions has \d+ rows where the archive had \d+/)
    // keep: 1 would have rotated the good backup out, had a bad one been counted.
    expect(listBackupFiles(backupFolder(engine.path)).map((b) => b.file)).toEqual([kept.file])
    expect(readdirSync(backupFolder(engine.path))).toHaveLength(1)
  })

  it('does not back up a damaged archive, and says so', async () => {
    const { engine, path } = archiveWith(
      'harbour-strike.txt',
      'field-notes.md',
      'almaty-ru.txt',
      'saved-page.html',
    )
    engine.close()
    const pages = statSync(path).size / 4096
    expect(pages).toBeGreaterThan(8)
    scribble(path, (pages - 2) * 4096 + 100, 2000)
    const db = new Database(path)
    cleanups.push(() => db.close())
    await expect(createBackup({ db, archivePath: path, fileOptions: {} }, { keep: 7 })).rejects.toThrow(
      /archive is damaged .*no backup was made/,
    )
    expect(listBackupFiles(backupFolder(path))).toEqual([])
  })

  it('restores a backup over the archive, saving the archive as it was first', async () => {
    const { engine, path, dir } = archiveWith('harbour-strike.txt')
    const backup = await backUp(engine)
    importBytes(engine, 'field-notes.md', ownFixture('field-notes.md'))
    const before = articleTitles(engine)
    expect(before).toHaveLength(2)
    engine.close()
    // What a crash would leave beside the archive: a log that must not be replayed onto the restored file.
    writeFileSync(`${path}-wal`, 'stale log')
    writeFileSync(`${path}-shm`, 'stale index')

    const result: RestoreResult = restoreBackup(path, backup.file)
    expect(result.restored).toBe(backup.file)
    expect(result.savedAs).toMatch(/before-restore-\d{8}T\d{9}Z\.casebook$/)
    // No stale log of the old archive left to be replayed onto the restored one.
    expect(existsSync(`${path}-wal`) || existsSync(`${path}-shm`)).toBe(false)
    const reopened = openEngine(path)
    cleanups.push(() => reopened.close())
    expect(articleTitles(reopened)).toHaveLength(1)
    // The restore can be undone: the archive as it was is one of the backups, whole.
    const undo = openCopy(result.savedAs ?? '', dir, 'undo.casebook')
    expect(articleTitles(undo)).toEqual(before)
    expect(ok<BackupInfo[]>(reopened, 'backups.list', {}).map((b) => [b.beforeRestore, b.ok])).toEqual([
      [true, true],
      [false, true],
    ])
  })

  it('refuses to restore a bad backup and leaves the archive alone', async () => {
    const { engine, path, dir } = archiveWith('harbour-strike.txt')
    engine.close()
    const before = readFileSync(path)
    const bogus = join(dir, 'bogus.casebook')
    writeFileSync(bogus, 'not a database at all, just text that is long enough to have a header.')
    expect(() => restoreBackup(path, bogus)).toThrow(/cannot be restored: .*The archive was not changed/)
    expect(readFileSync(path).equals(before)).toBe(true)
    expect(existsSync(backupFolder(path))).toBe(false)
  })

  it('names the latest good backup and the restore command when an archive is refused', async () => {
    const { engine, path } = archiveWith(
      'harbour-strike.txt',
      'field-notes.md',
      'almaty-ru.txt',
      'saved-page.html',
    )
    const older = await backUp(engine)
    const newest = await backUp(engine)
    engine.close()
    expect(refusalHint(join(path, '..', 'elsewhere.casebook'))).toBe('No good backup of it was found.')
    scribble(newest.file, 3 * 4096, 4096) // the newest backup went bad on the disk since
    scribble(path, 0, 100) // and the archive is refused
    expect(() => openEngine(path)).toThrow(/Nothing was written to it/)
    expect(checkBackupFile(newest.file, {}).ok).toBe(false)
    expect(latestGoodBackup(path)?.file).toBe(older.file)
    const hint = refusalHint(path)
    expect(hint).toContain(older.file)
    expect(hint).toContain(`npm run casebook -- --archive ${path} restore ${older.file}`)
  })

  it('restores from the app: the engine host closes, restores and reopens the archive', async () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const archivePath = join(dir, 'hosted.casebook')
    const host = await startCoreHost({
      workerFile: resolve(import.meta.dirname, '../host/worker.ts'),
      archivePath,
    })
    cleanups.push(() => host.close())
    const add = (name: string) =>
      host.invoke('import.file', { name, contentBase64: ownFixture(name).toString('base64') })
    expect((await add('harbour-strike.txt')).ok).toBe(true)
    const made = await host.invoke('backups.create', {})
    if (!made.ok) throw new Error(made.error.message)
    expect((await add('field-notes.md')).ok).toBe(true)
    expect(await host.invoke('backups.restore', { file: join(dir, 'hosted.casebook') })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    })
    const restored = await host.invoke('backups.restore', { file: made.value.file })
    expect(restored).toMatchObject({ ok: true, value: { restored: made.value.file } })
    const info = await host.invoke('archive.info', {})
    expect(info.ok && info.value.articleCount).toBe(1)
    // The restore is the newest entry of the restored archive's chain, which still verifies.
    const log = await host.invoke('audit.list', { limit: 1 })
    if (!log.ok) throw new Error(log.error.message)
    expect(log.value.entries[0]).toMatchObject({
      action: 'backup.restore',
      detail: { file: basename(made.value.file) },
    })
    const check = await host.invoke('archive.check', {})
    expect(check.ok && check.value.ok).toBe(true)
  })

  it('encrypts the backup of an encrypted archive with its key', async (context) => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const path = join(dir, 'locked.casebook')
    const passphrase = 'correct horse battery staple'
    const options: OpenArchiveOptions = { passphrase }
    const engine = openEngine(path, options)
    cleanups.push(() => engine.close())
    importBytes(engine, 'harbour-strike.txt', ownFixture('harbour-strike.txt'))
    engine.db.pragma('wal_checkpoint(TRUNCATE)')
    if (readFileSync(path).subarray(0, 15).toString('latin1') === 'SQLite format 3') {
      context.skip('encryption at rest is not in this build yet: openArchive ignored the passphrase')
    }
    const backup = await backUp(engine)
    const bytes = readFileSync(backup.file)
    expect(bytes.subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3')
    expect(bytes.includes(Buffer.from('harbour'))).toBe(false)
    expect(checkBackupFile(backup.file, { passphrase }).ok).toBe(true)
    expect(checkBackupFile(backup.file, {}).ok).toBe(false)
    expect(checkBackupFile(backup.file, { passphrase: 'wrong' }).ok).toBe(false)
  })
})
