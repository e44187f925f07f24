import { createHash } from 'node:crypto'
import { copyFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3-multiple-ciphers'
import { afterEach, describe, expect, it } from 'vitest'
import type { AuditEntry, AuditPage } from '../../shared/audit-types'
import type { ArticleDetail, Entity, Highlight, ReanchorSummary } from '../../shared/model'
import { openEngine } from '../engine'
import { importPath } from '../import/import-paths'
import { importBytes, markPassage, ok, openTempEngine, ownFixture } from '../testing/temp-archive'
import { appendAudit, GENESIS_HASH, type AuditRow } from './audit-log'
import { verifyAuditLog } from './verify-audit-log'

let cleanups: Array<() => void> = []
afterEach(() => {
  cleanups.forEach((c) => c())
  cleanups = []
})

function archive() {
  const t = openTempEngine()
  cleanups.push(t.cleanup)
  return t
}

/** Every entry, oldest first. */
function allEntries(engine: ReturnType<typeof openEngine>, subject?: string): AuditEntry[] {
  return ok<AuditPage>(engine, 'audit.list', { limit: 500, subject }).entries.reverse()
}

/**
 * Real operations through the contract, as the UI makes them: import, highlight (with a tag), retag, an
 * entity linked, the text corrected, the article deleted. Returns the archive closed, for copies.
 */
function workedArchive() {
  const t = archive()
  const { engine } = t
  const imported = importBytes(engine, 'harbour-strike.txt', ownFixture('harbour-strike.txt'))
  const article = ok<ArticleDetail>(engine, 'articles.get', { id: imported.articleId })
  const highlight = markPassage(engine, article, 'About 1,400 workers', { tags: ['strike'], note: 'secret' })
  ok<Highlight>(engine, 'highlights.update', { id: highlight.id, tags: ['strike', 'labour'] })
  const mira = ok<Entity>(engine, 'entities.create', { type: 'person', name: 'Mira Kostova' })
  ok<Highlight>(engine, 'links.create', { highlightId: highlight.id, entityId: mira.id })
  const edited = ok<ReanchorSummary>(engine, 'articles.edit', {
    id: article.id,
    baseVersionId: article.versionId,
    text: article.text.replace('Thursday evening', 'Thursday night'),
  })
  ok(engine, 'articles.delete', { id: article.id })
  return { ...t, article, highlight, mira, edited }
}

describe('the audit log', () => {
  it('records every change through the contract, in order, chained, without copying texts or notes', () => {
    const { engine, article, highlight, mira, edited } = workedArchive()
    const entries = allEntries(engine)
    expect(entries.map((e) => [e.action, e.subject])).toEqual([
      ['article.import', article.id],
      ['highlight.create', highlight.id],
      ['highlight.update', highlight.id],
      ['entity.create', mira.id],
      ['link.create', highlight.id],
      ['article.edit', article.id],
      ['article.delete', article.id],
    ])
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7])
    expect(entries[0]?.detail).toMatchObject({ sha256: article.sha256, versionId: article.versionId })
    expect(entries[1]?.detail).toMatchObject({ articleId: article.id, tags: 1, hasNote: true })
    expect(entries[2]?.detail).toMatchObject({ changed: ['tags'], tagsAdded: 1, tagsRemoved: 0, tags: 2 })
    expect(entries[4]?.detail).toEqual({ entityId: mira.id })
    expect(entries[5]?.detail).toMatchObject({
      baseVersionId: article.versionId,
      versionId: edited.versionId,
    })
    expect(entries[6]?.detail).toMatchObject({ versions: 2, highlights: 1 })
    // The chain: each entry names the hash of the one before; the hash is recomputable from the rule.
    expect(entries[0]?.prevHash).toBe(GENESIS_HASH)
    for (let i = 1; i < entries.length; i++) expect(entries[i]?.prevHash).toBe(entries[i - 1]?.hash)
    const first = entries[0] as AuditEntry
    const sortedDetail = Object.fromEntries(Object.entries(first.detail).sort(([a], [b]) => (a < b ? -1 : 1)))
    const text = JSON.stringify([
      first.seq,
      first.at,
      first.action,
      first.subject,
      sortedDetail,
      GENESIS_HASH,
    ])
    expect(createHash('sha256').update(text).digest('hex')).toBe(first.hash)
    // Not a second copy of the archive: no text, no note, no tag, no name.
    const stored = JSON.stringify(engine.db.prepare('SELECT * FROM audit_log').all())
    for (const secret of ['Port Veles', 'About 1,400', 'secret', 'labour', 'Mira Kostova'])
      expect(stored).not.toContain(secret)
    expect(verifyAuditLog(engine.db)).toEqual({ ok: true, entries: 7 })
  })

  it('keeps a deleted article’s entries, listed newest first by subject', () => {
    const { engine, article } = workedArchive()
    const page = ok<AuditPage>(engine, 'audit.list', { subject: article.id, limit: 2 })
    expect(page.total).toBe(3)
    expect(page.entries.map((e) => e.action)).toEqual(['article.delete', 'article.edit'])
  })

  it('logs imports that bypass the contract, new versions, exports and annotation imports; not reads or no-ops', () => {
    const { engine, dir } = archive()
    const file = join(dir, 'notes.md')
    writeFileSync(file, ownFixture('field-notes.md'))
    const first = importPath(engine.db, file)
    expect(importPath(engine.db, file).status).toBe('duplicate')
    const article = ok<ArticleDetail>(engine, 'articles.get', { id: first.articleId })
    const h = markPassage(engine, article, 'Station 14 opened twenty minutes late')
    const version = importBytes(engine, 'v2.md', Buffer.from(`${article.text}\n\nAdded later.`))
    expect(version.status).toBe('imported') // no source URL: a new article, not a version
    ok(engine, 'import.file', {
      name: 'v2.md',
      contentBase64: Buffer.from(`${article.text}\n\nCorrected.`).toString('base64'),
      versionOf: article.id,
    })
    const w3c = ok<{ content: string }>(engine, 'export.annotations', { format: 'w3c' })
    ok(engine, 'export.report', { highlightIds: [h.id], format: 'md' })
    ok(engine, 'import.annotations', { name: 'again.jsonld', content: w3c.content })
    const entity = ok<Entity>(engine, 'entities.create', { type: 'place', name: 'Station 14' })
    ok(engine, 'links.create', { highlightId: h.id, entityId: entity.id })
    ok(engine, 'links.create', { highlightId: h.id, entityId: entity.id }) // already linked: nothing changes
    // Reads and failures leave no entry.
    ok(engine, 'search.query', { query: 'station' })
    ok(engine, 'highlights.list', {})
    expect(engine.dispatch('highlights.delete', { id: entity.id }).ok).toBe(false)
    expect(allEntries(engine).map((e) => e.action)).toEqual([
      'article.import',
      'highlight.create',
      'article.import',
      'article.version',
      'export.annotations',
      'export.report',
      'annotations.import',
      'entity.create',
      'link.create',
    ])
    const [exported] = allEntries(engine).filter((e) => e.action === 'export.annotations')
    expect(exported?.detail).toMatchObject({
      format: 'w3c',
      count: 1,
      sha256: createHash('sha256').update(w3c.content).digest('hex'),
    })
    expect(verifyAuditLog(engine.db).ok).toBe(true)
  })

  it('refuses to append outside the transaction of a change', () => {
    const { engine } = archive()
    expect(() => appendAudit(engine.db, { action: 'x', subject: null, detail: {} })).toThrow(/transaction/)
  })
})

describe('verifyAuditLog on tampered copies of a real archive', () => {
  /** A copy of the worked archive opened directly with SQLite, as someone with the file could. */
  function tamperedCopy(tamper: (db: Database.Database) => void) {
    const { engine, path, dir } = workedArchive()
    engine.close()
    const copy = join(dir, `copy-${Math.random().toString(36).slice(2)}.casebook`)
    copyFileSync(path, copy)
    const db = new Database(copy)
    cleanups.unshift(() => db.close())
    tamper(db)
    return verifyAuditLog(db)
  }

  it('passes the untouched copy', () => {
    expect(tamperedCopy(() => {})).toEqual({ ok: true, entries: 7 })
  })

  it('finds an edited detail at its entry', () => {
    const result = tamperedCopy((db) =>
      db.prepare("UPDATE audit_log SET detail = json_set(detail, '$.tags', 0) WHERE seq = 2").run(),
    )
    expect(result.ok).toBe(false)
    expect(result.firstBroken).toEqual({ seq: 2, reason: expect.stringMatching(/does not match its hash/) })
  })

  it('finds an edited entry whose hash was recomputed, at the entry after it', () => {
    const result = tamperedCopy((db) => {
      const row = db.prepare('SELECT * FROM audit_log WHERE seq = 2').get() as AuditRow
      const detail = { ...(JSON.parse(row.detail) as object), tags: 0 }
      const sorted = Object.fromEntries(Object.entries(detail).sort(([a], [b]) => (a < b ? -1 : 1)))
      const text = JSON.stringify([row.seq, row.at, row.action, row.subject, sorted, row.prev_hash])
      const hash = createHash('sha256').update(text).digest('hex')
      db.prepare('UPDATE audit_log SET detail = ?, hash = ? WHERE seq = 2').run(JSON.stringify(sorted), hash)
    })
    expect(result.firstBroken).toEqual({ seq: 3, reason: expect.stringMatching(/does not follow entry 2/) })
  })

  it('finds a deleted entry by the gap it leaves', () => {
    const result = tamperedCopy((db) => db.prepare('DELETE FROM audit_log WHERE seq = 4').run())
    expect(result.firstBroken).toEqual({ seq: 5, reason: 'entry 4 is missing (deleted)' })
  })

  it('finds a deleted entry whose followers were renumbered, by the broken link', () => {
    const result = tamperedCopy((db) => {
      db.prepare('DELETE FROM audit_log WHERE seq = 1').run()
      db.prepare('UPDATE audit_log SET seq = -seq').run()
      db.prepare('UPDATE audit_log SET seq = -seq - 1').run()
    })
    expect(result.firstBroken?.seq).toBe(1)
  })

  it('finds two swapped entries at the first of them', () => {
    const result = tamperedCopy((db) => {
      db.prepare('UPDATE audit_log SET seq = -1 WHERE seq = 3').run()
      db.prepare('UPDATE audit_log SET seq = 3 WHERE seq = 5').run()
      db.prepare('UPDATE audit_log SET seq = 5 WHERE seq = -1').run()
    })
    expect(result.firstBroken?.seq).toBe(3)
  })
})
