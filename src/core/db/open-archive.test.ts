import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3-multiple-ciphers'
import { afterEach, describe, expect, it } from 'vitest'
import { CasebookError } from '../../shared/errors'
import type { ArticleDetail, Highlight } from '../../shared/model'
import { openEngine } from '../engine'
import { importFixtures } from '../export/export-test-archive'
import { tempDir } from '../testing/temp-archive'
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations'
import { CASEBOOK_APPLICATION_ID, openArchive } from './open-archive'

let cleanups: Array<() => void> = []
afterEach(() => {
  cleanups.forEach((c) => c())
  cleanups = []
})

function dir(): string {
  const t = tempDir()
  cleanups.push(t.cleanup)
  return t.dir
}

function expectRefused(path: string, reason: RegExp): void {
  const before = readFileSync(path)
  const mtime = statSync(path).mtimeMs
  let caught: unknown
  try {
    openArchive(path)
  } catch (error) {
    caught = error
  }
  expect(caught).toBeInstanceOf(CasebookError)
  expect((caught as CasebookError).code).toBe('archive_refused')
  expect((caught as Error).message).toContain(path)
  expect((caught as Error).message).toMatch(reason)
  // Nothing was written: same bytes, same modification time, no WAL left beside it.
  expect(readFileSync(path).equals(before)).toBe(true)
  expect(statSync(path).mtimeMs).toBe(mtime)
}

describe('openArchive', () => {
  it('creates a new archive with every migration applied, in WAL mode, marked as Casebook', () => {
    const path = join(dir(), 'new.casebook')
    const db = openArchive(path)
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION)
    expect(db.pragma('application_id', { simple: true })).toBe(CASEBOOK_APPLICATION_ID)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
    ).map((t) => t.name)
    expect(tables).toEqual(expect.arrayContaining(['articles', 'article_versions', 'highlights', 'entities']))
    db.close()
    // Reopening an up-to-date archive runs no migration and keeps the data.
    const again = openArchive(path)
    expect(again.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION)
    again.close()
  })

  it('refuses a file that is not SQLite, naming it, and leaves it untouched', () => {
    const path = join(dir(), 'notes.casebook')
    writeFileSync(path, 'These are my notes, not a database.\n'.repeat(20))
    expectRefused(path, /not a Casebook archive/)
  })

  it("refuses another application's SQLite database", () => {
    const path = join(dir(), 'foreign.sqlite')
    const db = new Database(path)
    db.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('someone')")
    db.close()
    expectRefused(path, /another application/)
  })

  it('refuses an archive written by a newer version of Casebook', () => {
    const path = join(dir(), 'newer.casebook')
    openArchive(path).close()
    const db = new Database(path)
    db.pragma('journal_mode = DELETE')
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`)
    db.close()
    expectRefused(path, /newer version of Casebook/)
  })

  it('refuses a damaged archive', () => {
    const path = join(dir(), 'damaged.casebook')
    const db = openArchive(path)
    const insert = db.prepare(
      `INSERT INTO entities (id, type, name, created_at, updated_at) VALUES (?, 'person', ?, 'now', 'now')`,
    )
    for (let i = 0; i < 2000; i++)
      insert.run(`id-${i}`, `Person number ${i} with a longer name to fill pages`)
    db.pragma('wal_checkpoint(TRUNCATE)')
    db.pragma('journal_mode = DELETE')
    db.close()
    const bytes = readFileSync(path)
    // Overwrite the middle of the file (b-tree pages) with garbage, keeping the header intact.
    bytes.fill(0xa5, 8192, bytes.length - 8192)
    writeFileSync(path, bytes)
    expectRefused(path, /damaged/)
  })

  it('treats an empty file as a new archive', () => {
    const path = join(dir(), 'empty.casebook')
    writeFileSync(path, '')
    const db = openArchive(path)
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION)
    db.close()
  })

  it('brings an archive written at version 2 to the latest schema, its highlights gaining tags and anchors', () => {
    const path = join(dir(), 'v2.casebook')
    // An archive as Casebook wrote it before highlight tags: migrations 1 and 2 only, with a highlight.
    const old = new Database(path)
    for (const migration of MIGRATIONS.filter((m) => m.version <= 2)) migration.up(old)
    old.pragma(`application_id = ${CASEBOOK_APPLICATION_ID}`)
    old.pragma('user_version = 2')
    const at = '2026-01-01T00:00:00.000Z'
    const text = 'Dock workers end the strike.'
    const [articleId, versionId, highlightId] = [
      '01900000-0000-7000-8000-000000000001',
      '01900000-0000-7000-8000-000000000002',
      '01900000-0000-7000-8000-000000000003',
    ]
    old
      .prepare(
        `INSERT INTO articles (id, title, current_version_id, created_at, updated_at) VALUES (?, 'Strike', ?, ?, ?)`,
      )
      .run(articleId, versionId, at, at)
    old
      .prepare(
        `INSERT INTO article_versions (id, article_id, text, blocks, sha256, word_count, created_at)
         VALUES (?, ?, ?, ?, 'x', 5, ?)`,
      )
      .run(
        versionId,
        articleId,
        text,
        JSON.stringify([{ kind: 'paragraph', start: 0, end: text.length }]),
        at,
      )
    old
      .prepare(
        `INSERT INTO highlights (id, article_id, version_id, start_offset, end_offset, exact, prefix, suffix, note,
                                 created_at, updated_at)
         VALUES (?, ?, ?, 0, 12, 'Dock workers', '', ' end the strike.', 'kept', ?, ?)`,
      )
      .run(highlightId, articleId, versionId, at, at)
    old.close()

    const engine = openEngine(path)
    try {
      expect(engine.info().schemaVersion).toBe(LATEST_SCHEMA_VERSION)
      const columns = (
        engine.db.prepare('PRAGMA table_info(highlight_tags)').all() as { name: string }[]
      ).map((c) => c.name)
      expect(columns).toEqual([
        'id',
        'highlight_id',
        'tag',
        'tag_key',
        'created_at',
        'updated_at',
        'deleted_at',
      ])
      const before = engine.dispatch('articles.get', { id: articleId })
      expect(before.ok && (before.value as ArticleDetail).highlights).toEqual([
        expect.objectContaining({
          id: highlightId,
          note: 'kept',
          tags: [],
          // Migration 4: a colour, anchored where it was made, its place in its version kept.
          color: 'yellow',
          anchor: { status: 'anchored', method: 'created', score: 1, reason: null },
        }),
      ])
      expect(
        engine.db
          .prepare('SELECT highlight_id, version_id, start_offset, end_offset FROM highlight_anchors')
          .all(),
      ).toEqual([{ highlight_id: highlightId, version_id: versionId, start_offset: 0, end_offset: 12 }])
      expect(engine.db.prepare('SELECT origin, imported_from FROM article_versions').all()).toEqual([
        { origin: 'import', imported_from: null },
      ])
      const tagged = engine.dispatch('highlights.update', { id: highlightId, tags: ['Strike'] })
      expect(tagged.ok && (tagged.value as Highlight)).toMatchObject({ note: 'kept', tags: ['Strike'] })
      expect(engine.dispatch('search.query', { query: 'tag:strike' })).toMatchObject({
        ok: true,
        value: { total: 1, hits: [{ articleId }] },
      })
    } finally {
      engine.close()
    }
  })
})

describe('openArchive on mutated copies of a real archive', () => {
  /** Four imported articles with a highlight and a search index, closed (so every page is in the file). */
  function realArchiveCopy(mutate: (bytes: Buffer) => Buffer): string {
    const d = dir()
    const path = join(d, 'real.casebook')
    const engine = openEngine(path)
    importFixtures(engine)
    engine.dispatch('search.query', { query: 'strike' })
    engine.close()
    const copy = join(d, 'mutated.casebook')
    writeFileSync(copy, mutate(readFileSync(path)))
    return copy
  }

  it('refuses one overwritten page as damaged, before anything is shown', () => {
    const path = realArchiveCopy((bytes) => {
      const pageSize = bytes.readUInt16BE(16)
      const middle = Math.floor(bytes.length / pageSize / 2)
      return bytes.fill(0xa5, middle * pageSize, (middle + 1) * pageSize)
    })
    expectRefused(path, /the archive is damaged/)
  })

  it('refuses a zeroed header, saying the header was blanked', () => {
    const path = realArchiveCopy((bytes) => bytes.fill(0, 0, 100))
    expectRefused(path, /the archive is damaged: its header .* has been blanked/)
  })

  it('refuses a truncated file, saying how much is missing', () => {
    const path = realArchiveCopy((bytes) => bytes.subarray(0, Math.floor(bytes.length / 2)))
    expectRefused(path, /the archive is damaged: the file is truncated \(\d+ bytes of \d+\)/)
  })
})
