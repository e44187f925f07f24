import { afterEach, describe, expect, it } from 'vitest'
import { CasebookError } from '../../shared/errors'
import type { ArticleDetail, Highlight } from '../../shared/model'
import { getHighlight } from '../archive/highlights'
import { ok, openTempEngine } from '../testing/temp-archive'
import { readExportRows, type ExportRow } from './export-rows'
import { editStrikeArticle, exportTestArchive, importFixtures } from './export-test-archive'
import { annotationsDocument, exportAnnotations } from './w3c-export'
import { importAnnotations, parseAnnotationFile } from './w3c-import'

let cleanups: Array<() => void> = []
afterEach(() => {
  cleanups.forEach((c) => c())
  cleanups = []
})

/** A fresh archive holding the same fixture articles (and, unless told otherwise, the same edit). */
function freshArchive(edited = true) {
  const t = openTempEngine()
  cleanups.push(t.cleanup)
  const articles = importFixtures(t.engine)
  if (edited) editStrikeArticle(t.engine, articles['harbour-strike.txt'])
  return { engine: t.engine, articles }
}

/** What must survive a round trip: everything but the article's and version's own ids. */
function comparable(row: ExportRow) {
  return {
    id: row.id,
    exact: row.exact,
    prefix: row.prefix,
    suffix: row.suffix,
    start: row.start,
    end: row.end,
    note: row.note,
    tags: row.tags,
    color: row.color,
    anchorStatus: row.anchorStatus,
    createdAt: row.createdAt,
    entities: row.entities.map(({ id, type, name, aliases, description }) => ({
      id,
      type,
      name,
      aliases,
      description,
    })),
    title: row.article.title,
    sha256: row.version.sha256,
  }
}

function exported(source: ReturnType<typeof exportTestArchive>, pageSize = 4): unknown {
  return parseAnnotationFile(
    annotationsDocument(exportAnnotations(source.engine.db, { pageSize })),
    'export.jsonld',
  )
}

describe('W3C Web Annotation import', () => {
  it('recreates every exported highlight in a fresh archive of the same articles, entities included', () => {
    const source = exportTestArchive()
    cleanups.push(source.cleanup)
    const target = freshArchive()
    const result = importAnnotations(target.engine.db, exported(source))
    expect(result.failed).toEqual([])
    expect(result.skipped).toEqual([])
    expect(result.imported).toBe(6)
    // The orphan was placed on the version it quotes, then carried to the current one, where it is not.
    expect(result.orphaned).toEqual([source.highlights.payRise.id])
    const before = readExportRows(source.engine.db).map(comparable)
    const after = readExportRows(target.engine.db).map(comparable)
    expect(after).toEqual(before)
    const methods = target.engine.db
      .prepare("SELECT count(*) FROM highlights WHERE anchor_method = 'imported'")
      .pluck()
      .get()
    expect(methods).toBe(5) // all but the orphan, whose method says it was not found ('none')
  })

  it('skips what is already here: importing twice changes nothing, and so does importing into the source', () => {
    const source = exportTestArchive()
    cleanups.push(source.cleanup)
    const target = freshArchive()
    const json = exported(source)
    importAnnotations(target.engine.db, json)
    const again = importAnnotations(target.engine.db, json)
    expect(again).toMatchObject({ imported: 0, failed: [] })
    expect(again.skipped).toHaveLength(6)
    expect(new Set(again.skipped.map((s) => s.reason))).toEqual(new Set(['already here']))
    expect(target.engine.db.prepare('SELECT count(*) FROM highlights').pluck().get()).toBe(6)
    expect(target.engine.db.prepare('SELECT count(*) FROM entities').pluck().get()).toBe(3)
    expect(importAnnotations(source.engine.db, json).skipped).toHaveLength(6)
    // A highlight deleted here is not brought back by importing it again.
    ok(target.engine, 'highlights.delete', { id: source.highlights.river.id })
    expect(importAnnotations(target.engine.db, json).skipped).toContainEqual({
      id: `urn:uuid:${source.highlights.river.id}`,
      reason: 'deleted in this archive',
    })
  })

  it('links to an entity of the same type and name already here instead of making a second one', () => {
    const source = exportTestArchive()
    cleanups.push(source.cleanup)
    const target = freshArchive()
    const mira = ok<{ id: string }>(target.engine, 'entities.create', {
      type: 'person',
      name: 'MIRA KOSTOVA',
    })
    ok(target.engine, 'entities.create', { type: 'place', name: 'Port Veles Harbour Authority' })
    importAnnotations(target.engine.db, exported(source))
    const wage = getHighlight(target.engine.db, source.highlights.wage.id)
    const linked = wage.entities.map((e) => [e.id === mira.id, e.name, e.type]).sort()
    expect(linked).toEqual([
      [false, 'Port Veles Harbour Authority', 'organisation'], // same name, another type: its own entity
      [true, 'MIRA KOSTOVA', 'person'],
    ])
  })

  it('places a highlight of an older version on the current one when its words are still there', () => {
    const source = freshArchive(false)
    const strike = source.articles['harbour-strike.txt']
    const start = strike.text.indexOf('signed a wage agreement')
    const made = ok<Highlight>(source.engine, 'highlights.create', {
      articleId: strike.id,
      versionId: strike.versionId,
      start,
      end: start + 'signed a wage agreement'.length,
      note: 'old version',
    })
    const json = JSON.parse(annotationsDocument(exportAnnotations(source.engine.db))) as unknown
    const target = freshArchive(true)
    expect(importAnnotations(target.engine.db, json)).toMatchObject({ imported: 1, failed: [], orphaned: [] })
    const current = ok<ArticleDetail>(target.engine, 'articles.get', {
      id: target.articles['harbour-strike.txt'].id,
    })
    const placed = current.highlights.find((h) => h.id === made.id)
    expect(placed?.versionId).toBe(current.versionId)
    expect(placed && current.text.slice(placed.position.start, placed.position.end)).toBe(
      'signed a wage agreement',
    )
    expect(placed?.note).toBe('old version')
  })

  it('imports what it can of another tool’s annotations and reports each one it cannot, by id', () => {
    const target = freshArchive()
    const river = target.articles['saved-page.html']
    const annotation = (id: string, more: object) => ({
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      id,
      type: 'Annotation',
      ...more,
    })
    const quote = (
      exact: string,
      source = 'https://news.example.org/2026/05/river-valley-water-dispute',
    ) => ({
      source,
      selector: [
        { type: 'TextQuoteSelector', exact },
        // A position from another rendering of the page: wrong here, so the quote is searched for.
        { type: 'TextPositionSelector', start: 3, end: 3 + exact.length },
      ],
    })
    const result = importAnnotations(target.engine.db, [
      annotation('https://hypothes.is/a/1', {
        body: { type: 'TextualBody', value: 'Check the pumping records.' },
        target: quote('publish its pumping records'),
      }),
      annotation('https://hypothes.is/a/2', { target: quote('words that are nowhere in the article') }),
      annotation('https://hypothes.is/a/3', { target: quote('Ada Lind', 'https://elsewhere.example/') }),
      annotation('https://hypothes.is/a/4', {
        body: {
          type: 'SpecificResource',
          purpose: 'identifying',
          source: 'https://www.wikidata.org/wiki/Q1',
        },
        target: quote('Tomas Berg'),
      }),
      { id: 'urn:x:5', type: 'Annotation' },
      'not an annotation',
    ])
    expect(result.imported).toBe(1)
    expect(result.failed.map((f) => f.id)).toEqual([
      'https://hypothes.is/a/2',
      'https://hypothes.is/a/3',
      'https://hypothes.is/a/4',
      'urn:x:5',
      'annotation #6',
    ])
    expect(result.failed[0]?.reason).toMatch(/^the quote is not in “Farmers and city clash over river water”/)
    expect(result.failed[1]?.reason).toBe('no article here has the source https://elsewhere.example/')
    expect(result.failed[2]?.reason).toMatch(/neither here nor described in the file/)
    expect(result.failed[3]?.reason).toBe('target: an annotation needs a target')
    const article = ok<ArticleDetail>(target.engine, 'articles.get', { id: river.id })
    expect(article.highlights.map((h) => [h.quote.exact, h.note, h.anchor.method])).toEqual([
      ['publish its pumping records', 'Check the pumping records.', 'imported'],
    ])
    // The failed entity link left nothing behind: no highlight without its link.
    expect(article.highlights).toHaveLength(1)
  })

  it('names the file when it is not JSON, or not annotations', () => {
    const error = (run: () => unknown) => {
      try {
        run()
      } catch (e) {
        expect(e).toBeInstanceOf(CasebookError)
        return (e as Error).message
      }
      throw new Error('expected an error')
    }
    const target = freshArchive(false)
    expect(error(() => parseAnnotationFile('{ nope', 'notes.jsonld'))).toMatch(/^notes\.jsonld is not JSON: /)
    expect(error(() => importAnnotations(target.engine.db, { hello: 'world' }, 'notes.jsonld'))).toBe(
      'notes.jsonld: not W3C Web Annotations (expected an Annotation, an AnnotationPage or an AnnotationCollection)',
    )
    expect(
      error(() =>
        importAnnotations(
          target.engine.db,
          { type: 'AnnotationCollection', total: 3, first: 'https://example.org/page1' },
          'remote.jsonld',
        ),
      ),
    ).toMatch(/^remote\.jsonld: the collection's pages are not in the file/)
  })
})
