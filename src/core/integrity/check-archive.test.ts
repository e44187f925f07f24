import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3-multiple-ciphers'
import { afterEach, describe, expect, it } from 'vitest'
import type { IntegrityReport } from '../../shared/integrity-types'
import type { ArticleDetail } from '../../shared/model'
import { readSetting, writeSetting } from '../db/settings'
import { openEngine, type Engine } from '../engine'
import { importFixtures } from '../export/export-test-archive'
import { markPassage, ok, openTempEngine } from '../testing/temp-archive'
import { LAST_FULL_CHECK_KEY } from './full-check-schedule'

let cleanups: Array<() => void> = []
afterEach(() => {
  cleanups.forEach((c) => c())
  cleanups = []
})

/** A real archive: four imported articles, a highlight, a search index built. Closed, for copies. */
function realArchive() {
  const t = openTempEngine()
  cleanups.push(t.cleanup)
  const articles = importFixtures(t.engine)
  const strike = articles['harbour-strike.txt']
  markPassage(t.engine, strike, 'About 1,400 workers', { tags: ['strike'] })
  ok(t.engine, 'search.query', { query: 'strike' })
  t.engine.close()
  return { ...t, strike }
}

/** A copy of the archive, changed directly with SQLite, then opened by Casebook. */
function mutatedCopy(source: string, dir: string, mutate: (db: Database.Database) => void): Engine {
  const copy = join(dir, `copy-${Math.random().toString(36).slice(2)}.casebook`)
  copyFileSync(source, copy)
  const db = new Database(copy)
  db.pragma('foreign_keys = OFF')
  mutate(db)
  db.close()
  const engine = openEngine(copy)
  cleanups.unshift(() => engine.close())
  return engine
}

/** Two bytes of the strike article's stored text changed, its SHA-256 left as it was. */
function changeTwoBytes(db: Database.Database, articleId: string): void {
  const { id, text } = db
    .prepare(
      'SELECT v.id, v.text FROM articles a JOIN article_versions v ON v.id = a.current_version_id WHERE a.id = ?',
    )
    .get(articleId) as { id: string; text: string }
  const changed = text.replace('1,400', '1,900').replace('Thursday', 'Thursdax')
  expect(Buffer.compare(Buffer.from(changed), Buffer.from(text))).not.toBe(0)
  db.prepare('UPDATE article_versions SET text = ? WHERE id = ?').run(changed, id)
}

describe('checkArchive (archive.check)', () => {
  it('passes a sound archive, having looked at every text, log entry and segment; a full check is recorded', () => {
    const { path } = realArchive()
    const engine = openEngine(path)
    cleanups.unshift(() => engine.close())
    const report = ok<IntegrityReport>(engine, 'archive.check', { full: true })
    expect(report).toMatchObject({ ok: true, full: true, problems: [] })
    expect(report.checked.versions).toBe(4)
    expect(report.checked.auditEntries).toBe(5)
    expect(report.checked.segments).toBeGreaterThan(0)
    expect(readSetting(engine.db, LAST_FULL_CHECK_KEY)).toBe(report.checkedAt)
  })

  it('finds two bytes changed in a stored text, naming the article; an export then refuses', () => {
    const { path, dir, strike } = realArchive()
    const engine = mutatedCopy(path, dir, (db) => changeTwoBytes(db, strike.id))
    const report = ok<IntegrityReport>(engine, 'archive.check', { full: false })
    expect(report.ok).toBe(false)
    expect(report.problems).toEqual([
      expect.objectContaining({
        kind: 'text_hash',
        articleId: strike.id,
        versionId: strike.versionId,
        repairable: false,
        where: expect.stringContaining(`“${strike.title}” (article ${strike.id}, version 1`),
      }),
    ])
    for (const [channel, input] of [
      ['export.annotations', { format: 'csv' }],
      ['export.report', { tag: 'strike', format: 'md' }],
    ] as const) {
      const envelope = engine.dispatch(channel, input)
      expect(envelope.ok).toBe(false)
      if (!envelope.ok) {
        expect(envelope.error.code).toBe('damaged')
        expect(envelope.error.message).toContain(`“${strike.title}” (article ${strike.id}`)
        expect(envelope.error.message).toMatch(/no longer matches its SHA-256.*nothing was exported/)
      }
    }
    // A refused export is not logged as made.
    const exports = engine.db
      .prepare("SELECT count(*) FROM audit_log WHERE action LIKE 'export.%'")
      .pluck()
      .get()
    expect(exports).toBe(0)
  })

  it('reports a flipped bit in a search segment as repairable, and a search rebuilds it', () => {
    const { path, dir } = realArchive()
    const engine = mutatedCopy(path, dir, (db) => {
      const { id, data } = db.prepare('SELECT id, data FROM search_segments LIMIT 1').get() as {
        id: string
        data: Buffer
      }
      data[data.length - 10] = (data[data.length - 10] ?? 0) ^ 0x04
      db.prepare('UPDATE search_segments SET data = ? WHERE id = ?').run(data, id)
    })
    const report = ok<IntegrityReport>(engine, 'archive.check', { full: false })
    expect(report.problems).toEqual([
      expect.objectContaining({
        kind: 'search_index',
        repairable: true,
        message: expect.stringMatching(/checksum does not match.*rebuilt/),
      }),
    ])
    ok(engine, 'search.query', { query: 'strike' })
    expect(ok<IntegrityReport>(engine, 'archive.check', { full: false }).ok).toBe(true)
  })

  it('reports a broken audit chain at its first broken entry', () => {
    const { path, dir } = realArchive()
    const engine = mutatedCopy(path, dir, (db) => db.prepare('DELETE FROM audit_log WHERE seq = 2').run())
    const report = ok<IntegrityReport>(engine, 'archive.check', { full: false })
    expect(report.problems).toEqual([
      expect.objectContaining({
        kind: 'audit_log',
        where: 'audit log entry 3',
        message: expect.stringMatching(/entry 2 is missing/),
      }),
    ])
  })

  it('reports a row pointing at nothing (foreign_key_check)', () => {
    const { path, dir, strike } = realArchive()
    const engine = mutatedCopy(path, dir, (db) =>
      db
        .prepare(
          "UPDATE highlights SET version_id = '00000000-0000-7000-8000-000000000000' WHERE article_id = ?",
        )
        .run(strike.id),
    )
    const report = ok<IntegrityReport>(engine, 'archive.check', { full: false })
    expect(report.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'foreign_key', where: expect.stringContaining('highlights') }),
      ]),
    )
  })

  it('reports a plain backup of an encrypted archive and a conversion copy left by a crash', () => {
    const { path, dir } = realArchive() // plain, so a copy of it stands for a backup left plain
    const encrypted = join(dir, 'encrypted.casebook')
    const engine = openEngine(encrypted, { passphrase: 'a secret' })
    cleanups.unshift(() => engine.close())
    expect(ok<IntegrityReport>(engine, 'archive.check', { full: false }).ok).toBe(true)
    const folder = `${encrypted}.backups`
    mkdirSync(folder)
    const plainBackup = join(folder, 'backup-20260501T101502123Z.casebook')
    copyFileSync(path, plainBackup)
    copyFileSync(path, `${encrypted}.rekeying`)
    const report = ok<IntegrityReport>(engine, 'archive.check', { full: false })
    expect(report.ok).toBe(false)
    expect(report.problems).toEqual([
      expect.objectContaining({
        where: `backup ${plainBackup}`,
        message: expect.stringMatching(/^this backup is not encrypted, though the archive is/),
      }),
      expect.objectContaining({
        where: `${encrypted}.rekeying`,
        message: expect.stringMatching(/may hold the archive in plain text/),
      }),
    ])
  })
})

describe('the weekly full integrity_check at open', () => {
  /**
   * One byte of an index entry changed in the file, so the index no longer matches its table: quick_check
   * (page structure only) passes it, integrity_check (index against table) does not.
   */
  function breakIndexQuietly(path: string): void {
    const db = new Database(path, { readonly: true })
    const { rootpage } = db
      .prepare("SELECT rootpage FROM sqlite_master WHERE name = 'audit_log_by_subject'")
      .get() as {
      rootpage: number
    }
    const subject = db.prepare('SELECT subject FROM audit_log WHERE seq = 1').pluck().get() as string
    const pageSize = db.pragma('page_size', { simple: true }) as number
    db.close()
    const bytes = readFileSync(path)
    const page = bytes.subarray((rootpage - 1) * pageSize, rootpage * pageSize)
    const at = page.indexOf(Buffer.from(subject, 'latin1'))
    expect(at).toBeGreaterThan(0)
    const last = at + subject.length - 1
    page[last] = page[last] === 0x30 ? 0x31 : 0x30
    writeFileSync(path, bytes)
  }

  function setLastFullCheck(path: string, daysAgo: number): void {
    const db = new Database(path)
    db.transaction(() =>
      writeSetting(db, LAST_FULL_CHECK_KEY, new Date(Date.now() - daysAgo * 86_400_000).toISOString()),
    )()
    db.close()
  }

  it('runs when the last one is over a week old, and records when it ran', () => {
    const { path } = realArchive()
    setLastFullCheck(path, 8)
    const before = Date.now()
    openEngine(path).close()
    const db = new Database(path, { readonly: true })
    const last = Date.parse(readSetting(db, LAST_FULL_CHECK_KEY) as string)
    db.close()
    expect(last).toBeGreaterThanOrEqual(before - 1000)
  })

  it('refuses an archive only integrity_check finds damaged when due, and skips it (cheaply) when not', () => {
    const { path, dir } = realArchive()
    setLastFullCheck(path, 1)
    const broken = join(dir, 'quietly-broken.casebook')
    copyFileSync(path, broken)
    breakIndexQuietly(broken)
    // Checked a day ago: quick_check only, which does not see it.
    const engine = openEngine(broken)
    expect(ok<IntegrityReport>(engine, 'archive.check', { full: false }).ok).toBe(true)
    const full = ok<IntegrityReport>(engine, 'archive.check', { full: true })
    expect(full.problems[0]).toMatchObject({
      kind: 'database',
      message: expect.stringMatching(/integrity_check/),
    })
    engine.close()
    setLastFullCheck(broken, 8)
    expect(() => openEngine(broken)).toThrow(/cannot be opened: the archive is damaged.*Nothing was written/)
  })
})

export type { ArticleDetail }
