import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { CasebookError } from '../../shared/errors'
import { tempDir } from '../testing/temp-archive'
import { LATEST_SCHEMA_VERSION } from './migrations'
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
})
