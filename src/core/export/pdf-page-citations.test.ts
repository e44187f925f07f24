import { afterEach, describe, expect, it } from 'vitest'
import type { ArticleDetail, Entity, EntityPage, ExportedFile, ImportResult } from '../../shared/model'
import { numberedReportPdf } from '../import/formats/pdf-test-writer'
import { parseCsv } from './csv-testing'
import { markPassage, ok, openTempEngine, ownFixture } from '../testing/temp-archive'

/** Numbered paragraphs in the report: three pages or more. */
const ITEMS = 60

let cleanups: Array<() => void> = []
afterEach(() => {
  for (const c of cleanups) c()
  cleanups = []
})

/** The harbour article as a report of numbered paragraphs over several pages, as a PDF. */
function report(): ReturnType<typeof numberedReportPdf> {
  const body = ownFixture('harbour-strike.txt')
    .toString('utf8')
    .split(/\n\s*\n/)
    .slice(1)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
  return numberedReportPdf('Harbour observers report', body, ITEMS)
}

describe('a passage quoted from a PDF is cited with its page', () => {
  it('on the entity page, in the passages CSV, the evidence report and the entities CSV', async () => {
    const temp = openTempEngine()
    cleanups.push(() => temp.cleanup())
    const { engine } = temp
    const { bytes, pageOf, pages } = await report()
    expect(pages).toBeGreaterThanOrEqual(3)
    const imported = await engine.dispatchAsync('import.file', {
      name: 'observers.pdf',
      contentBase64: Buffer.from(bytes).toString('base64'),
    })
    if (!imported.ok) throw new Error(imported.error.message)
    const article = ok<ArticleDetail>(engine, 'articles.get', {
      id: (imported.value as ImportResult).articleId,
    })

    // One item on the first page, and the last item together with the one before it (on the last page,
    // or across the break to it).
    const firstPage = pageOf(2)
    const lastItem = pageOf(ITEMS)
    const beforeLast = pageOf(ITEMS - 1)
    expect(firstPage).toBe(1)
    expect(lastItem).toBe(pages)
    const port = ok<Entity>(engine, 'entities.create', { name: 'Port Veles', type: 'place' })
    markPassage(engine, article, 'Item 2.', { entityIds: [port.id] })
    const start = article.text.indexOf(`Item ${ITEMS - 1}.`)
    const end = article.text.indexOf(`Item ${ITEMS}.`) + `Item ${ITEMS}.`.length
    const across = ok<{ id: string }>(engine, 'highlights.create', {
      articleId: article.id,
      versionId: article.versionId,
      start,
      end,
      entityIds: [port.id],
    })
    expect(across.id).toBeTruthy()
    const label = (first: number, last: number) => (first === last ? `p. ${first}` : `pp. ${first}–${last}`)

    const page = ok<EntityPage>(engine, 'entities.page', { id: port.id })
    const passages = page.articles.flatMap((g) => g.passages)
    expect(passages.map((p) => p.pages)).toEqual([
      { first: firstPage, last: firstPage },
      { first: beforeLast, last: lastItem },
    ])

    const csv = ok<ExportedFile>(engine, 'export.annotations', { format: 'csv' }).content
    const [header = [], ...rows] = parseCsv(csv.replace(/^\uFEFF/, ''))
    const column = header.indexOf('pages')
    expect(column).toBeGreaterThan(0)
    expect(rows.map((row) => row[column])).toEqual([label(firstPage, firstPage), label(beforeLast, lastItem)])

    const md = ok<ExportedFile>(engine, 'export.report', { entityId: port.id, format: 'md' }).content
    expect(md).toContain(`Cited from ${label(firstPage, firstPage)}, version SHA-256`)
    expect(md).toContain(`Cited from ${label(beforeLast, lastItem)}, version SHA-256`)

    const entities = ok<ExportedFile>(engine, 'export.entities', { format: 'csv' }).content
    const [entityHeader = [], ...entityRows] = parseCsv(entities.replace(/^\uFEFF/, ''))
    const pagesColumn = entityHeader.indexOf('pages')
    const passageRows = entityRows.filter((row) => row[0] === 'passage')
    expect(passageRows.map((row) => row[pagesColumn])).toEqual([
      label(firstPage, firstPage),
      label(beforeLast, lastItem),
    ])
  })

  it('leaves the page out for a source without pages', () => {
    const temp = openTempEngine()
    cleanups.push(() => temp.cleanup())
    const { engine } = temp
    const imported = engine.dispatch('import.file', {
      name: 'harbour.txt',
      contentBase64: ownFixture('harbour-strike.txt').toString('base64'),
    })
    if (!imported.ok) throw new Error(imported.error.message)
    const article = ok<ArticleDetail>(engine, 'articles.get', {
      id: (imported.value as ImportResult).articleId,
    })
    const port = ok<Entity>(engine, 'entities.create', { name: 'Port Veles', type: 'place' })
    markPassage(engine, article, 'Port Veles', { entityIds: [port.id] })
    const page = ok<EntityPage>(engine, 'entities.page', { id: port.id })
    expect(page.articles[0]?.passages[0]?.pages).toBeNull()
    const md = ok<ExportedFile>(engine, 'export.report', { entityId: port.id, format: 'md' }).content
    expect(md).toMatch(/Cited from version SHA-256 [0-9a-f]{64}, characters \d+–\d+\./)
  })
})
