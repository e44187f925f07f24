import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { ImportResult } from '../../shared/model'
import { verifyAuditLog } from '../audit/verify-audit-log'
import { openEngine, type Engine } from '../engine'
import { ExtractionPool } from './extraction-pool'
import { createImporter } from './import-file'
import { ownFixture, tempDir } from '../testing/temp-archive'

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

function engineWithThreads(threads: number): Engine {
  const { dir, cleanup } = tempDir()
  const engine = openEngine(join(dir, 'archive.casebook'), { importThreads: threads })
  cleanups.push(() => {
    engine.close()
    cleanup()
  })
  return engine
}

/** Distinct real-language notes: each a sentence of the harbour fixture with a numbered lead. */
function notes(count: number): Array<{ name: string; bytes: Buffer }> {
  const sentences = ownFixture('harbour-strike.txt')
    .toString('utf8')
    .split(/(?<=\.)\s+/)
    .filter((s) => s.length > 40)
  return Array.from({ length: count }, (_, i) => ({
    name: `note-${i}.txt`,
    bytes: Buffer.from(
      `Dispatch ${i} from the harbour\n\nDispatch number ${i} reports: ${sentences[i % sentences.length]} ${sentences[(i + 3) % sentences.length]}\n`,
    ),
  }))
}

describe('a bulk import read on threads and stored in grouped commits (issue 7)', () => {
  it('imports files sent all at once: each stored once, logged, kept, its language known, then searchable', async () => {
    const engine = engineWithThreads(2)
    const files = [
      ...notes(24),
      { name: 'saved-page.html', bytes: ownFixture('saved-page.html') },
      { name: 'almaty-ru.txt', bytes: ownFixture('almaty-ru.txt') },
      // The same bytes twice in flight at once: stored once, the other a duplicate.
      { name: 'copy-a.txt', bytes: ownFixture('field-notes.md') },
      { name: 'copy-b.txt', bytes: ownFixture('field-notes.md') },
      { name: 'broken.pdf', bytes: Buffer.from('%PDF-1.4 cut short') },
    ]
    // The reading threads started first (else the first files are read on the engine's thread meanwhile).
    await engine.importer.warmUp('warm.txt', ownFixture('harbour-strike.txt'))
    const results = await Promise.all(
      files.map(async ({ name, bytes }) => {
        const envelope = await engine.dispatchAsync('import.file', {
          name,
          contentBase64: bytes.toString('base64'),
        })
        if (!envelope.ok) throw new Error(envelope.error.message)
        return envelope.value as ImportResult
      }),
    )
    const statusOf = (name: string) => results.find((r) => r.file === name)?.status
    expect(results.filter((r) => r.status === 'imported')).toHaveLength(24 + 2 + 1)
    expect([statusOf('copy-a.txt'), statusOf('copy-b.txt')].sort()).toEqual(['duplicate', 'imported'])
    expect(results.find((r) => r.file === 'broken.pdf')).toMatchObject({ status: 'failed' })
    expect(results.find((r) => r.file === 'broken.pdf')?.message).toMatch(/PDF|damaged|truncated|read/i)

    expect(engine.info().articleCount).toBe(27)
    expect(engine.db.prepare('SELECT count(*) FROM source_files').pluck().get()).toBe(27)
    const languages = engine.db
      .prepare('SELECT language, count(*) AS n FROM articles GROUP BY language')
      .all()
    expect(languages).toEqual(
      expect.arrayContaining([
        { language: 'en', n: 26 },
        { language: 'ru', n: 1 },
      ]),
    )
    // One audit entry per stored article, the chain unbroken across the grouped commits.
    const audit = verifyAuditLog(engine.db)
    expect(audit.ok).toBe(true)
    expect(
      engine.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'article.import'").pluck().get(),
    ).toBe(27)

    engine.search.refresh()
    const found = engine.dispatch('search.query', { query: 'dispatch harbour', limit: 50 })
    expect(found.ok && (found.value as { total: number }).total).toBe(24)
  })

  it('gives the same outcome as the one-at-a-time import on the engine thread', async () => {
    const files = notes(8)
    const outcome = async (engine: Engine) => {
      await engine.importer.warmUp('warm.txt', ownFixture('harbour-strike.txt'))
      for (const { name, bytes } of files)
        await engine.dispatchAsync('import.file', { name, contentBase64: bytes.toString('base64') })
      return engine.db
        .prepare(
          'SELECT a.title, a.language, v.text FROM articles a JOIN article_versions v ON v.id = a.current_version_id ORDER BY a.title',
        )
        .all()
    }
    expect(await outcome(engineWithThreads(2))).toEqual(await outcome(engineWithThreads(0)))
  })

  it('reads a file or two itself; a bulk import starts the threads and hands files to them once ready', async () => {
    const { dir, cleanup } = tempDir()
    const { openArchive } = await import('../db/open-archive')
    const db = openArchive(join(dir, 'archive.casebook'))
    const pool = new ExtractionPool({ threads: 1 })
    const importer = createImporter(db, { pool })
    cleanups.push(() => {
      void importer.close()
      db.close()
      cleanup()
    })
    const files = notes(8)
    const one = await importer.importFile(files[0]!.name, files[0]!.bytes)
    expect(one.status).toBe('imported')
    // One file: read on this thread, and no thread started for it.
    expect(pool.size).toBe(0)
    // Three at once: a bulk import. Read here while the thread starts, which takes files once ready.
    const bulk = await Promise.all(files.slice(1, 4).map((f) => importer.importFile(f.name, f.bytes)))
    expect(bulk.map((r) => r.status)).toEqual(['imported', 'imported', 'imported'])
    expect(pool.served).toBe(0)
    expect(pool.size).toBe(1)
    const deadline = Date.now() + 60_000
    while (pool.readyThreads === 0 && Date.now() < deadline) await new Promise((done) => setTimeout(done, 50))
    const later = await Promise.all(files.slice(4).map((f) => importer.importFile(f.name, f.bytes)))
    expect(later.map((r) => r.status)).toEqual(['imported', 'imported', 'imported', 'imported'])
    expect(pool.served).toBe(4)
  })
})
