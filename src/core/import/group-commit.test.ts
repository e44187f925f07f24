import Database from 'better-sqlite3-multiple-ciphers'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDir } from '../testing/temp-archive'
import { GroupCommit } from './group-commit'

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

function database() {
  const { dir, cleanup } = tempDir()
  const db = new Database(join(dir, 'commits.sqlite'))
  db.pragma('journal_mode = WAL')
  db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL UNIQUE)')
  cleanups.push(() => {
    db.close()
    cleanup()
  })
  return db
}

describe('grouped commits of imported files', () => {
  it('stores work queued together in one transaction, each piece answered with its own result', async () => {
    const db = database()
    const commits = new GroupCommit(db)
    const insert = db.prepare('INSERT INTO notes (body) VALUES (?)')
    const inTransaction: boolean[] = []
    // What another connection sees while each piece runs: nothing before the batch's one commit.
    const reader = new Database(db.name, { readonly: true })
    const seenOutside: number[] = []
    const ids = await Promise.all(
      ['one', 'two', 'three'].map((body) =>
        commits.run(() => {
          inTransaction.push(db.inTransaction)
          seenOutside.push(reader.prepare('SELECT count(*) FROM notes').pluck().get() as number)
          return Number(insert.run(body).lastInsertRowid)
        }),
      ),
    )
    reader.close()
    expect(ids).toEqual([1, 2, 3])
    expect(inTransaction).toEqual([true, true, true])
    expect(seenOutside).toEqual([0, 0, 0])
    expect(db.inTransaction).toBe(false)
    expect(db.prepare('SELECT body FROM notes ORDER BY id').pluck().all()).toEqual(['one', 'two', 'three'])
  })

  it('rolls back only the piece that throws: the others in its batch commit', async () => {
    const db = database()
    const commits = new GroupCommit(db)
    const insert = db.prepare('INSERT INTO notes (body) VALUES (?)')
    const outcomes = await Promise.allSettled([
      commits.run(() => insert.run('kept')),
      commits.run(() => {
        insert.run('half-done')
        insert.run('kept') // the UNIQUE body: this piece fails after writing a row
      }),
      commits.run(() => insert.run('also kept')),
    ])
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/)
    expect(db.prepare('SELECT body FROM notes ORDER BY id').pluck().all()).toEqual(['kept', 'also kept'])
  })

  it('answers nothing before its commit: work queued later is a batch of its own', async () => {
    const db = database()
    const commits = new GroupCommit(db)
    const insert = db.prepare('INSERT INTO notes (body) VALUES (?)')
    const first = commits.run(() => insert.run('first'))
    let seenByFirst = -1
    await first.then(() => {
      // Once answered, the row is committed: another connection sees it.
      const other = new Database(db.name, { readonly: true })
      seenByFirst = other.prepare('SELECT count(*) FROM notes').pluck().get() as number
      other.close()
    })
    await commits.run(() => insert.run('second'))
    expect(seenByFirst).toBe(1)
    expect(db.prepare('SELECT count(*) FROM notes').pluck().get()).toBe(2)
  })

  it('while more files are being read, waits a moment for them to share the commit', async () => {
    const db = database()
    let reading = true
    const commits = new GroupCommit(db, () => reading)
    const insert = db.prepare('INSERT INTO notes (body) VALUES (?)')
    const reader = new Database(db.name, { readonly: true })
    const first = commits.run(() => insert.run('read first'))
    await new Promise((done) => setTimeout(done, 5))
    // The other file finishes reading a few milliseconds later: it joins the first one's commit.
    reading = false
    let seenBySecond = -1
    const second = commits.run(() => {
      seenBySecond = reader.prepare('SELECT count(*) FROM notes').pluck().get() as number
      return insert.run('read second')
    })
    await Promise.all([first, second])
    reader.close()
    expect(seenBySecond).toBe(0)
    expect(db.prepare('SELECT count(*) FROM notes').pluck().get()).toBe(2)
  })
})
