import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import type { ArticleDetail, EntityPage, Highlight, SearchResults } from '../shared/model'
import { openEngine, type Engine } from './engine'
import { SearchIndex } from './search/search-index'
import {
  importBytes,
  openTempEngine,
  ownFixture,
  SHARED_ARTICLE,
  SHARED_AVAILABLE,
  ok,
} from './testing/temp-archive'

let cleanups: Array<() => void> = []
afterEach(() => {
  cleanups.forEach((c) => c())
  cleanups = []
})

function fresh() {
  const t = openTempEngine()
  cleanups.push(t.cleanup)
  return t
}

function search(engine: Engine, query: string): SearchResults {
  return ok<SearchResults>(engine, 'search.query', { query })
}

function importAll(engine: Engine): Record<string, string> {
  const ids: Record<string, string> = {}
  for (const name of ['harbour-strike.txt', 'field-notes.md', 'saved-page.html', 'almaty-ru.txt']) {
    const result = importBytes(engine, name, ownFixture(name))
    expect(result.status, result.message).toBe('imported')
    ids[name] = result.articleId!
  }
  return ids
}

describe('import', () => {
  it('stores each article with the SHA-256 of its text and does not duplicate the same content', () => {
    const { engine } = fresh()
    const first = importBytes(engine, 'harbour-strike.txt', ownFixture('harbour-strike.txt'))
    expect(first.status).toBe('imported')
    const again = importBytes(engine, 'copy of harbour-strike.txt', ownFixture('harbour-strike.txt'))
    expect(again).toMatchObject({ status: 'duplicate', articleId: first.articleId })
    expect(again.message).toContain(
      'already in the archive as “Dock workers end three-day strike at Port Veles”',
    )
    const articles = ok<Array<{ sha256: string }>>(engine, 'articles.list', {})
    expect(articles).toHaveLength(1)
    const detail = ok<ArticleDetail>(engine, 'articles.get', { id: first.articleId })
    expect(articles[0]?.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(articles[0]?.sha256).toBe(createHash('sha256').update(detail.text, 'utf8').digest('hex'))
  })

  it('a broken file fails alone, named, and the archive keeps every other article', () => {
    const { engine } = fresh()
    const bad = importBytes(engine, 'folder/sheet.xls', Buffer.from('not a spreadsheet'))
    expect(bad).toMatchObject({ status: 'failed', file: 'folder/sheet.xls' })
    expect(bad.message).toMatch(/not supported/)
    expect(importBytes(engine, 'field-notes.md', ownFixture('field-notes.md')).status).toBe('imported')
    expect(ok<unknown[]>(engine, 'articles.list', {})).toHaveLength(1)
  })

  it('rejects malformed input at the contract with a clear message', () => {
    const { engine } = fresh()
    const envelope = engine.dispatch('import.file', { name: 'x.txt', contentBase64: 'not base64!' })
    expect(envelope).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(engine.dispatch('no.such.operation', {})).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    })
    expect(engine.dispatch('articles.get', { id: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    })
  })
})

describe('library', () => {
  it('lists articles with source, date and highlight counts, sortable', () => {
    const { engine } = fresh()
    const ids = importAll(engine)
    const byTitle = ok<Array<{ title: string }>>(engine, 'articles.list', { sort: 'title', direction: 'asc' })
    expect(byTitle.map((a) => a.title)).toEqual([
      'Dock workers end three-day strike at Port Veles',
      'Farmers and city clash over river water',
      'Field notes from the polling stations',
      'Наблюдатели в Алматы',
    ])
    const detail = ok<ArticleDetail>(engine, 'articles.get', { id: ids['saved-page.html'] })
    ok(engine, 'highlights.create', { articleId: detail.id, versionId: detail.versionId, start: 0, end: 10 })
    const byHighlights = ok<Array<{ id: string; highlightCount: number; siteName: string | null }>>(
      engine,
      'articles.list',
      { sort: 'highlightCount', direction: 'desc' },
    )
    expect(byHighlights[0]).toMatchObject({
      id: ids['saved-page.html'],
      highlightCount: 1,
      siteName: 'The Valley Courier',
    })
  })
})

describe('search', () => {
  it('ranks matching articles and marks the matched words in a snippet', () => {
    const { engine } = fresh()
    const ids = importAll(engine)
    const results = search(engine, 'observers')
    expect(results.hits.map((h) => h.articleId).sort()).toEqual(
      [ids['field-notes.md'], ids['harbour-strike.txt']].sort(),
    )
    for (const hit of results.hits) {
      expect(hit.marks.length).toBeGreaterThan(0)
      for (const [a, b] of hit.marks)
        expect(hit.snippet.slice(a, b).toLowerCase()).toMatch(/^observ(er|ers|ation)$/)
    }
    // A title match outranks a body match.
    const strike = search(engine, 'strike')
    expect(strike.hits[0]?.articleId).toBe(ids['harbour-strike.txt'])
    // All words are required; stemming finds inflected forms.
    expect(search(engine, 'pumping farmers').hits.map((h) => h.articleId)).toEqual([ids['saved-page.html']])
    expect(search(engine, 'pumping observers').total).toBe(0)
    expect(search(engine, 'clashes').hits.map((h) => h.articleId)).toEqual([ids['saved-page.html']])
  })

  it('finds Cyrillic words, Russian and Kazakh', () => {
    const { engine } = fresh()
    const ids = importAll(engine)
    const russian = search(engine, 'наблюдатели')
    expect(russian.hits.map((h) => h.articleId)).toEqual([ids['almaty-ru.txt']])
    expect(russian.hits[0]?.snippet.slice(...(russian.hits[0]?.marks[0] ?? [0, 0]))).toBe('Наблюдатели')
    expect(search(engine, 'Тоқаев').hits.map((h) => h.articleId)).toEqual([ids['almaty-ru.txt']])
    expect(search(engine, 'АЛМАТЫ').total).toBe(1)
  })

  it('shows new articles and drops deleted ones without a restart', () => {
    const { engine } = fresh()
    expect(search(engine, 'harbour').total).toBe(0)
    const { articleId } = importBytes(engine, 'harbour-strike.txt', ownFixture('harbour-strike.txt'))
    expect(search(engine, 'harbour').hits.map((h) => h.articleId)).toEqual([articleId])
    ok(engine, 'articles.delete', { id: articleId })
    expect(search(engine, 'harbour').total).toBe(0)
    expect(ok<unknown[]>(engine, 'articles.list', {})).toHaveLength(0)
  })

  it('persists the index in the archive and reuses it on reopen instead of rebuilding', () => {
    const { engine, path } = fresh()
    importAll(engine)
    expect(search(engine, 'river').total).toBe(1)
    const segments = engine.db.prepare('SELECT id FROM search_segments ORDER BY id').all()
    engine.close()
    const reopened = openEngine(path)
    cleanups.push(() => reopened.close())
    expect(reopened.search.stats()).toMatchObject({ pending: 0, documents: 4 })
    expect(search(reopened, 'river').total).toBe(1)
    expect(reopened.db.prepare('SELECT id FROM search_segments ORDER BY id').all()).toEqual(segments)
  })

  it('answers from a reloaded index exactly as from one rebuilt from the texts', () => {
    const { engine, path } = fresh()
    importAll(engine)
    for (let i = 0; i < 12; i++) {
      importBytes(engine, `n-${i}.txt`, Buffer.from(`Note ${i}\n\nObservers at the harbour, ${i} of them.`))
      search(engine, 'observers') // one small segment per note, then merges
    }
    const queries = [
      'observers',
      'harbour strike',
      '"night shifts"',
      'observ*',
      'Kostava~1',
      'Токаев',
      'title:note',
    ]
    const answers = () =>
      queries.map((q) => search(engine, q).hits.map((h) => [h.articleId, h.score, h.snippet]))
    const before = answers()
    engine.close()
    const reopened = openEngine(path)
    cleanups.push(() => reopened.close())
    const reloaded = queries.map((q) =>
      search(reopened, q).hits.map((h) => [h.articleId, h.score, h.snippet]),
    )
    reopened.db.exec('DELETE FROM search_documents; DELETE FROM search_segments;')
    reopened.search.warm()
    expect(reopened.search.stats().segments).toBe(1)
    const rebuilt = queries.map((q) => search(reopened, q).hits.map((h) => [h.articleId, h.score, h.snippet]))
    expect(reloaded).toEqual(before)
    expect(rebuilt).toEqual(before)
    expect(before.every((hits) => hits.length > 0)).toBe(true)
  })

  it('indexes an article another process added while the archive was open', () => {
    const { engine, path } = fresh()
    importAll(engine)
    expect(search(engine, 'zyzzogeton').total).toBe(0)
    const other = openEngine(path) // the CLI, say: its writes fire none of this connection's triggers
    importBytes(other, 'other.txt', Buffer.from('Other\n\nA zyzzogeton was seen at the harbour.'))
    other.close()
    expect(engine.search.stats().pending).toBe(1)
    expect(search(engine, 'zyzzogeton').total).toBe(1)
    expect(engine.search.stats().pending).toBe(0)
  })

  it('indexes articles that are missing from the index when it was lost', () => {
    const { engine } = fresh()
    importAll(engine)
    engine.db.exec('DELETE FROM search_documents; DELETE FROM search_segments;')
    expect(engine.search.stats().pending).toBe(4)
    expect(search(engine, 'river').total).toBe(1)
    expect(engine.search.stats().pending).toBe(0)
  })

  it('merges segments when many small imports pile up, keeping every article findable', () => {
    const { engine } = fresh()
    for (let i = 0; i < 12; i++) {
      importBytes(
        engine,
        `note-${i}.txt`,
        Buffer.from(`Report number ${i}\n\nThe observers counted ballots zebra${i}.`),
      )
      expect(search(engine, `zebra${i}`).total).toBe(1)
    }
    expect(engine.search.stats().segments).toBeLessThanOrEqual(8)
    expect(search(engine, 'observers').total).toBe(12)
  })

  it('finds a name written with a possessive ending, in English and in Cyrillic', () => {
    const { engine } = fresh()
    const { articleId } = importBytes(
      engine,
      'possessive.txt',
      Buffer.from(
        "Tokayev’s reforms were discussed. The observers' report cited Казахстан’s law and Reimer's words.",
      ),
    )
    for (const query of ['Tokayev', 'reimer', 'Казахстан', 'observers']) {
      expect(
        search(engine, query).hits.map((h) => h.articleId),
        query,
      ).toEqual([articleId])
    }
    const hit = search(engine, 'tokayev').hits[0]!
    expect(hit.snippet.slice(...hit.marks[0]!)).toBe('Tokayev’s')
  })

  it('lists every place a query matches in an article, for the reader', () => {
    const { engine } = fresh()
    const ids = importAll(engine)
    const text = ok<ArticleDetail>(engine, 'articles.get', { id: ids['harbour-strike.txt'] }).text
    const spans = ok<Array<[number, number]>>(engine, 'search.matches', {
      articleId: ids['harbour-strike.txt'],
      query: 'strike "Mira Kostova"',
    })
    expect(spans.map(([a, b]) => text.slice(a, b))).toEqual([
      'strike',
      'strike',
      'Mira Kostova',
      'strike',
      'strike',
      'Mira Kostova',
    ])
    expect(ok(engine, 'search.matches', { articleId: ids['field-notes.md'], query: 'strike' })).toEqual([])
  })

  it('answers a malformed query with a clear message, not an exception', () => {
    const { engine } = fresh()
    importAll(engine)
    for (const [query, message] of [
      ['c*l', /\* may only end a word/],
      ['"unclosed phrase', /not closed/],
      ['observers OR', /OR needs a word/],
      ['tag:draft~1', /tag:draft\*/],
    ] as const) {
      const envelope = engine.dispatch('search.query', { query })
      expect(envelope.ok, query).toBe(false)
      if (!envelope.ok) {
        expect(envelope.error.code).toBe('invalid_input')
        expect(envelope.error.message).toMatch(message)
      }
    }
  })

  it('understands OR, -exclusions, prefixes, fuzzy words and fields', () => {
    const { engine } = fresh()
    const ids = importAll(engine)
    const found = (query: string) =>
      search(engine, query)
        .hits.map((h) => h.articleId)
        .sort()
    expect(found('pumping OR turnout')).toEqual([ids['saved-page.html'], ids['field-notes.md']].sort())
    expect(found('observers -hydrologist')).toEqual([ids['harbour-strike.txt'], ids['field-notes.md']].sort())
    expect(found('observers -strike')).toEqual([ids['field-notes.md']])
    expect(found('hydrolog*')).toEqual([ids['saved-page.html']])
    expect(found('cooperat*')).toEqual([ids['saved-page.html']]) // held as the stem 'cooper'
    expect(found('наблюд*')).toEqual([ids['almaty-ru.txt']])
    expect(found('Kostava~1')).toEqual([ids['harbour-strike.txt']])
    expect(found('Kostava')).toEqual([])
    expect(found('title:river')).toEqual([ids['saved-page.html']])
    expect(found('title:cooperative')).toEqual([])
    expect(found('author:marsh')).toEqual([ids['saved-page.html']])
    expect(found('source:courier')).toEqual([ids['saved-page.html']])
    expect(found('source:"Valley Courier" farmers')).toEqual([ids['saved-page.html']])
  })

  it('verifies phrases against the stored text, in straight or curly quotes', () => {
    const { engine } = fresh()
    const ids = importAll(engine)
    const found = (query: string) => search(engine, query).hits.map((h) => h.articleId)
    expect(found('"night shifts will be shorter"')).toEqual([ids['harbour-strike.txt']])
    expect(found('“shifts night”')).toEqual([]) // the words are there, not in this order
    expect(found('"the union\'s chairwoman"')).toEqual([ids['harbour-strike.txt']])
    expect(found('"the union’s chairwoman"')).toEqual([ids['harbour-strike.txt']])
    expect(found('-"clear majority" strike')).toEqual([])
    const hit = search(engine, '"clear majority"').hits[0]!
    expect(hit.marks.map(([a, b]) => hit.snippet.slice(a, b))).toEqual(['clear majority'])
  })

  it('matches a phrase word for word, not stem for stem, with or without stop words in it', () => {
    const { engine } = fresh()
    const plural = importBytes(engine, 'p.txt', Buffer.from('Ports\n\nStrikes at the harbours continued.'))
    const single = importBytes(engine, 's.txt', Buffer.from('Port\n\nThe strike at the harbour ended.'))
    const found = (query: string) => search(engine, query).hits.map((h) => h.articleId)
    expect(found('strike harbour').sort()).toEqual([plural.articleId, single.articleId].sort())
    expect(found('"harbours continued"')).toEqual([plural.articleId])
    expect(found('"harbour continued"')).toEqual([]) // same stems, other words
    expect(found('"strike at the harbour"')).toEqual([single.articleId])
    expect(found('"strike by the harbour"')).toEqual([]) // the stop word is checked in the text
    expect(found('"harbour ended"')).toEqual([single.articleId])
  })

  it('finds articles by the entities linked to their passages', () => {
    const { engine } = fresh()
    const ids = importAll(engine)
    const article = ok<ArticleDetail>(engine, 'articles.get', { id: ids['field-notes.md'] })
    const entity = ok<{ id: string }>(engine, 'entities.create', {
      type: 'place',
      name: 'Station 14',
      aliases: ['Участок 14'],
    })
    ok(engine, 'highlights.create', {
      articleId: article.id,
      versionId: article.versionId,
      start: 0,
      end: 10,
      entityIds: [entity.id],
    })
    expect(search(engine, 'entity:"station 14"').hits.map((h) => h.articleId)).toEqual([article.id])
    expect(search(engine, 'entity:участок').hits.map((h) => h.articleId)).toEqual([article.id])
    expect(search(engine, 'entity:station turnout').total).toBe(1)
    expect(search(engine, 'entity:station strike').total).toBe(0)
  })

  it('drops an unreadable segment and indexes its articles again', () => {
    const { engine } = fresh()
    importAll(engine)
    expect(search(engine, 'river').total).toBe(1)
    engine.db.prepare("UPDATE search_segments SET data = x'00'").run()
    const reopened = openEngine(engine.path)
    cleanups.push(() => reopened.close())
    expect(search(reopened, 'river').total).toBe(1)
    expect(search(reopened, 'наблюдатели').total).toBe(1)
    expect(reopened.search.stats().pending).toBe(0)
  })

  it('never lets a segment grow past its document limit, also when merging', () => {
    const { engine } = fresh()
    const index = new SearchIndex(engine.db, { maxSegmentDocs: 3 })
    for (let i = 0; i < 40; i++) {
      importBytes(engine, `n-${i}.txt`, Buffer.from(`Note ${i}\n\nThe observers counted ballots quokka${i}.`))
      if (i % 4 === 3) index.refresh()
    }
    index.refresh()
    const sizes = engine.db.prepare('SELECT doc_count FROM search_segments').all() as { doc_count: number }[]
    expect(Math.max(...sizes.map((s) => s.doc_count))).toBeLessThanOrEqual(3)
    expect(index.search(['observ'])).toHaveLength(40)
    expect(index.search(['quokka17'])).toHaveLength(1)
  })

  it('ranks a new article in a small segment on the same scale as older ones', () => {
    const { engine } = fresh()
    const filler = (i: number) => `Report ${i}\n\nThe council met on Tuesday about roads number ${i}.`
    for (let i = 0; i < 30; i++) importBytes(engine, `old-${i}.txt`, Buffer.from(filler(i)))
    const story = 'The harbour strike ended after the harbour authority agreed to shorter shifts.'
    const older = importBytes(engine, 'older.txt', Buffer.from(`Harbour strike\n\n${story}`)).articleId
    const weaker = importBytes(
      engine,
      'weak.txt',
      Buffer.from('Roads\n\nA strike was mentioned once near the harbour.'),
    )
    expect(search(engine, 'harbour strike').total).toBe(2) // indexes the 32 in one segment
    const newer = importBytes(
      engine,
      'newer.txt',
      Buffer.from(`Harbour strike, day two\n\n${story} Again.`),
    ).articleId
    const hits = search(engine, 'harbour strike').hits
    expect(engine.search.stats().segments).toBe(2)
    expect(
      hits
        .map((h) => h.articleId)
        .slice(0, 2)
        .sort(),
    ).toEqual([older, newer].sort())
    expect(hits[2]?.articleId).toBe(weaker.articleId)
    const [a, b] = [
      hits.find((h) => h.articleId === older)!.score,
      hits.find((h) => h.articleId === newer)!.score,
    ]
    expect(b / a).toBeGreaterThan(0.7)
    expect(b / a).toBeLessThan(1.4)
  })

  it('leaves a large backlog to background steps, answering at once from what is indexed', () => {
    const { engine } = fresh()
    for (let i = 0; i < 10; i++) {
      importBytes(
        engine,
        `b-${i}.txt`,
        Buffer.from(`Bulletin ${i}\n\nThe observers filed bulletin number ${i}.`),
      )
    }
    const index = new SearchIndex(engine.db, { foregroundLimit: 3, backgroundSlice: 2 })
    expect(index.search(['bulletin'])).toHaveLength(3)
    expect(index.stats().pending).toBe(7)
    let steps = 0
    while (index.backgroundStep()) steps++
    expect(steps).toBeGreaterThanOrEqual(4)
    expect(index.stats().pending).toBe(0)
    expect(index.search(['bulletin'])).toHaveLength(10)
    expect(search(engine, 'bulletin')).toMatchObject({ total: 10, unindexed: 0 })
  })

  it('while busy (a bulk import), indexes only whole slices and leaves the rest for when it stops', () => {
    const { engine } = fresh()
    const add = (from: number, count: number) => {
      for (let i = from; i < from + count; i++)
        importBytes(engine, `c-${i}.txt`, Buffer.from(`Circular ${i}\n\nThe commission sent circular ${i}.`))
    }
    const index = new SearchIndex(engine.db, { backgroundSlice: 4 })
    add(0, 3)
    // Three pending, a slice is four: nothing is indexed while the import goes on.
    expect(index.backgroundStep(4, true)).toBe(false)
    expect(index.stats()).toMatchObject({ segments: 0, pending: 3 })
    add(3, 6)
    expect(index.backgroundStep(4, true)).toBe(true)
    expect(index.backgroundStep(4, true)).toBe(true)
    expect(index.stats()).toMatchObject({ segments: 2, pending: 1 })
    expect(index.backgroundStep(4, true)).toBe(false)
    // The import has stopped: the last one is indexed too.
    while (index.backgroundStep()) continue
    expect(index.stats().pending).toBe(0)
    expect(index.search(['circular'])).toHaveLength(9)
  })

  it('an empty or stop-word-only query finds nothing rather than failing', () => {
    const { engine } = fresh()
    importAll(engine)
    expect(search(engine, '').total).toBe(0)
    expect(search(engine, 'the of and').total).toBe(0)
    expect(search(engine, '…  ,').total).toBe(0)
  })
})

describe('search filters', () => {
  it('narrows results by date, source, linked entity and highlights, and browses with an empty query', () => {
    const { engine } = fresh()
    const page = (date: string, site: string, words: string) =>
      `<html><head><meta property="og:site_name" content="${site}"><meta property="article:published_time" content="${date}"></head><body><article><p>${words} ${'Observers reported on the vote at length. '.repeat(6)}</p></article></body></html>`
    const ids = {
      early: importBytes(engine, 'early.html', Buffer.from(page('2022-01-15', 'Daily A', 'January')))
        .articleId!,
      late: importBytes(engine, 'late.html', Buffer.from(page('2022-11-20', 'Daily B', 'November')))
        .articleId!,
      later: importBytes(engine, 'later.html', Buffer.from(page('2023-03-01', 'Daily A', 'March')))
        .articleId!,
    }
    const found = (query: string, filters: object) =>
      ok<SearchResults>(engine, 'search.query', { query, filters }).hits.map((h) => h.articleId)
    expect(found('observers', {}).sort()).toEqual(Object.values(ids).sort())
    expect(found('observers', { from: '2022-06', to: '2022' })).toEqual([ids.late])
    expect(found('observers', { to: '2022-01-15' })).toEqual([ids.early])
    expect(found('observers', { from: '2023' })).toEqual([ids.later])
    expect(found('observers', { source: 'Daily A' }).sort()).toEqual([ids.early, ids.later].sort())
    // An empty query with filters lists the matching library, newest first.
    expect(found('', { source: 'Daily A' })).toEqual([ids.later, ids.early])
    expect(found('', {})).toEqual([])

    const late = ok<ArticleDetail>(engine, 'articles.get', { id: ids.late })
    const entity = ok<{ id: string }>(engine, 'entities.create', { type: 'event', name: 'Election day' })
    ok(engine, 'highlights.create', {
      articleId: late.id,
      versionId: late.versionId,
      start: 0,
      end: 8,
      entityIds: [entity.id],
    })
    expect(found('observers', { hasHighlights: true })).toEqual([ids.late])
    expect(found('', { entityId: entity.id })).toEqual([ids.late])
    expect(ok<Array<{ source: string; count: number }>>(engine, 'articles.sources', {})).toEqual([
      { source: 'Daily A', count: 2 },
      { source: 'Daily B', count: 1 },
    ])
    expect(engine.dispatch('search.query', { query: 'x', filters: { to: '2022-13' } })).toMatchObject({
      ok: false,
    })
    expect(engine.dispatch('search.query', { query: 'x', filters: { from: '15/01/2022' } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('YYYY-MM-DD') },
    })
  })
})

describe('languages and names across scripts', () => {
  function archiveOf(texts: Record<string, string>) {
    const { engine } = fresh()
    const ids: Record<string, string> = {}
    for (const [name, text] of Object.entries(texts)) {
      const result = importBytes(engine, name, Buffer.from(text))
      expect(result.status, result.message).toBe('imported')
      ids[name] = result.articleId!
    }
    const found = (query: string) =>
      search(engine, query)
        .hits.map((h) => Object.keys(ids).find((name) => ids[name] === h.articleId))
        .sort()
    return { engine, found }
  }

  it('stems Russian (файлы finds файл), keeps Kazakh letters, folds Latin diacritics, reads Persian', () => {
    const { found } = archiveOf({
      'ru.txt': 'Архив\n\nНаблюдатели сохранили все файлы протоколов.',
      'kk.txt': 'Сайлау\n\nБақылаушылар өз есептерін жариялады. Әкімдік үндемеді.',
      'de.txt': 'Reise\n\nDie Beobachter fuhren nach München und Zürich.',
      'ar.txt': 'انتخابات\n\nراقب المراقبون الانتخابات في المدينة.',
      'fa.txt': 'گزارش\n\nناظران می‌خواهند شمارش آرای مردم را ببینند.',
    })
    expect(found('файл')).toEqual(['ru.txt'])
    expect(found('файлами')).toEqual(['ru.txt'])
    expect(found('бақылаушылар')).toEqual(['kk.txt'])
    expect(found('әкімдік')).toEqual(['kk.txt'])
    expect(found('Munchen')).toEqual(['de.txt'])
    expect(found('zurich')).toEqual(['de.txt'])
    expect(found('المراقبون')).toEqual(['ar.txt'])
    expect(found('ناظران')).toEqual(['fa.txt'])
    expect(found('می‌خواهند')).toEqual(['fa.txt']) // with its zero-width non-joiner
    expect(found('ببينند')).toEqual(['fa.txt']) // typed with the Arabic yeh
    expect(found('"شمارش آرای"')).toEqual(['fa.txt'])
    expect(found('"شمارش آراي مردم"')).toEqual(['fa.txt'])
  })

  it('finds a name in every script and romanisation, and the reverse', () => {
    const { found, engine } = archiveOf({
      'en.txt': 'Election\n\nPresident Tokayev won the vote.',
      'en-gost.txt': 'Analysis\n\nTokaev promised reforms.',
      'ru.txt': 'Выборы\n\nПрезидент Токаев победил на выборах.',
      'ru-genitive.txt': 'Интервью\n\nСлова Токаева цитировали все.',
      'kk.txt': 'Сайлау\n\nПрезидент Тоқаев жеңіске жетті.',
    })
    const all = ['en-gost.txt', 'en.txt', 'kk.txt', 'ru-genitive.txt', 'ru.txt']
    expect(found('Tokayev')).toEqual(all)
    expect(found('Токаев')).toEqual(all)
    expect(found('Тоқаев')).toEqual(all)
    expect(found('Tokaev')).toEqual(all)
    const hit = search(engine, 'Tokayev').hits.find((h) => h.snippet.includes('Тоқаев'))!
    expect(hit.marks.map(([a, b]) => hit.snippet.slice(a, b))).toEqual(['Тоқаев'])
  })

  it('finds Chinese and Japanese words inside unspaced text, and marks them', () => {
    const { found, engine } = archiveOf({
      'zh.txt': '选举\n\n观察员在东京和北京报告了选举结果。',
      'ja.txt': '選挙\n\n東京都の監視員が投票所を訪れた。',
      'en.txt': 'Tokyo\n\nObservers visited Tokyo.',
    })
    expect(found('观察员')).toEqual(['zh.txt'])
    expect(found('北京')).toEqual(['zh.txt'])
    expect(found('東京都')).toEqual(['ja.txt'])
    expect(found('監視員 東京')).toEqual(['ja.txt'])
    expect(found('京都')).toEqual(['ja.txt']) // the characters occur in this order in 東京都
    expect(found('京北')).toEqual([])
    const hit = search(engine, '投票所').hits[0]!
    expect(hit.marks.map(([a, b]) => hit.snippet.slice(a, b))).toEqual(['投票所'])
  })

  it('keeps fuzzy name searches off the false friends of Russian stemming', () => {
    const { found } = archiveOf({
      'name.txt': 'Выборы\n\nПрезидент Токаев выступил.',
      'current.txt': 'Физика\n\nСила тока в цепи выросла; токи измерили.',
    })
    expect(found('токаев~1')).toEqual(['name.txt'])
    expect(found('Tokayev~1')).toEqual(['name.txt'])
    expect(found('ток')).toEqual(['current.txt'])
  })
})

describe('highlights and entities', () => {
  it('creates a highlight with quote and position selectors, and it survives a reopen', () => {
    const { engine, path } = fresh()
    const ids = importAll(engine)
    const article = ok<ArticleDetail>(engine, 'articles.get', { id: ids['harbour-strike.txt'] })
    const start = article.text.indexOf('"We did not get everything')
    const end = article.text.indexOf('chairwoman.') + 'chairwoman.'.length
    // A sloppy selection with white space around it is trimmed to the words.
    const created = ok<Highlight>(engine, 'highlights.create', {
      articleId: article.id,
      versionId: article.versionId,
      start: start - 1,
      end: end + 1,
      note: 'the union accepts',
    })
    expect(created.position).toEqual({ type: 'TextPositionSelector', start, end })
    expect(created.quote.exact).toBe(article.text.slice(start, end))
    expect(created.quote.prefix).toBe(article.text.slice(start - 1 - 32 + 1, start))
    expect(created.quote.suffix).toBe(article.text.slice(end, end + 32))
    ok(engine, 'highlights.update', { id: created.id, note: 'edited note' })
    engine.close()
    const reopened = openEngine(path)
    cleanups.push(() => reopened.close())
    const again = ok<ArticleDetail>(reopened, 'articles.get', { id: article.id })
    expect(again.highlights).toHaveLength(1)
    expect(again.highlights[0]).toMatchObject({ id: created.id, note: 'edited note', quote: created.quote })
    ok(reopened, 'highlights.delete', { id: created.id })
    expect(ok<ArticleDetail>(reopened, 'articles.get', { id: article.id }).highlights).toHaveLength(0)
  })

  it('refuses a range outside the text', () => {
    const { engine } = fresh()
    const ids = importAll(engine)
    const article = ok<ArticleDetail>(engine, 'articles.get', { id: ids['field-notes.md'] })
    const envelope = engine.dispatch('highlights.create', {
      articleId: article.id,
      versionId: article.versionId,
      start: 5,
      end: article.text.length + 10,
    })
    expect(envelope).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
  })

  it('links passages to entities, finds entities by alias, unlinks, and builds the entity page', () => {
    const { engine } = fresh()
    const ids = importAll(engine)
    const strike = ok<ArticleDetail>(engine, 'articles.get', { id: ids['harbour-strike.txt'] })
    const passage = (text: string) => {
      const start = strike.text.indexOf(text)
      return ok<Highlight>(engine, 'highlights.create', {
        articleId: strike.id,
        versionId: strike.versionId,
        start,
        end: start + text.length,
      })
    }
    const first = passage("said Mira Kostova, the union's chairwoman")
    const second = passage('"The strike was peaceful from the first day to the last," said Mira Kostova.')
    const other = passage('Pavel Ostrin')
    const mira = ok<{ id: string }>(engine, 'entities.create', {
      type: 'person',
      name: 'Mira Kostova',
      aliases: ['M. Kostova', 'Мира Костова', 'Mira Kostova'],
      description: 'Chairwoman of the dock workers’ union',
    })
    const union = ok<{ id: string }>(engine, 'entities.create', {
      type: 'organisation',
      name: 'Dock Workers Union',
    })
    ok(engine, 'links.create', { highlightId: first.id, entityId: mira.id })
    ok(engine, 'links.create', { highlightId: first.id, entityId: mira.id }) // twice is harmless
    const linked = ok<Highlight>(engine, 'links.create', { highlightId: first.id, entityId: union.id })
    expect(linked.entities.map((e) => e.name)).toEqual(['Mira Kostova', 'Dock Workers Union'])
    ok(engine, 'links.create', { highlightId: second.id, entityId: mira.id })
    ok(engine, 'links.create', { highlightId: other.id, entityId: mira.id })
    const unlinked = ok<Highlight>(engine, 'links.delete', { highlightId: other.id, entityId: mira.id })
    expect(unlinked.entities).toEqual([])

    // Type-ahead over names and aliases, in any script; the name is not repeated as an alias.
    const found = ok<Array<{ name: string; aliases: string[]; passageCount: number }>>(
      engine,
      'entities.list',
      {
        query: 'костов',
      },
    )
    expect(found).toEqual([expect.objectContaining({ name: 'Mira Kostova', passageCount: 2 })])
    expect(found[0]?.aliases).toEqual(['M. Kostova', 'Мира Костова'])
    expect(ok<unknown[]>(engine, 'entities.list', { query: 'dock', type: 'organisation' })).toHaveLength(1)
    expect(ok<unknown[]>(engine, 'entities.list', { query: 'dock', type: 'person' })).toHaveLength(0)

    const page = ok<EntityPage>(engine, 'entities.page', { id: mira.id })
    expect(page.passageCount).toBe(2)
    expect(page.articles).toHaveLength(1)
    expect(page.articles[0]).toMatchObject({
      articleId: strike.id,
      title: strike.title,
      importedFrom: 'harbour-strike.txt',
    })
    expect(page.articles[0]?.passages.map((p) => p.exact)).toEqual([first.quote.exact, second.quote.exact])

    // Deleting a highlight or its article takes its passages off the page.
    ok(engine, 'highlights.delete', { id: second.id })
    expect(ok<EntityPage>(engine, 'entities.page', { id: mira.id }).passageCount).toBe(1)
    ok(engine, 'articles.delete', { id: strike.id })
    expect(ok<EntityPage>(engine, 'entities.page', { id: mira.id }).articles).toEqual([])
  })

  it('groups passages by article on the entity page', () => {
    const { engine } = fresh()
    const ids = importAll(engine)
    const entity = ok<{ id: string }>(engine, 'entities.create', { type: 'event', name: 'Election day' })
    for (const name of ['field-notes.md', 'almaty-ru.txt']) {
      const article = ok<ArticleDetail>(engine, 'articles.get', { id: ids[name] })
      const h = ok<Highlight>(engine, 'highlights.create', {
        articleId: article.id,
        versionId: article.versionId,
        start: 0,
        end: 8,
      })
      ok(engine, 'links.create', { highlightId: h.id, entityId: entity.id })
    }
    const page = ok<EntityPage>(engine, 'entities.page', { id: entity.id })
    expect(page.articles.map((a) => a.articleId).sort()).toEqual(
      [ids['field-notes.md'], ids['almaty-ru.txt']].sort(),
    )
  })
})

describe.skipIf(!SHARED_AVAILABLE)('the shared real article (../shared/fixtures)', () => {
  it('imports, is found by "observers" and by a name, and quotes Roman Reimer', () => {
    const { engine } = fresh()
    const result = importBytes(engine, 'kazakhstan-election-2022.txt', readFileSync(SHARED_ARTICLE))
    expect(result.status).toBe('imported')
    expect(search(engine, 'observers').hits[0]?.articleId).toBe(result.articleId)
    expect(search(engine, 'Reimer').total).toBe(1)
    const article = ok<ArticleDetail>(engine, 'articles.get', { id: result.articleId })
    expect(article.blocks.filter((b) => b.kind === 'heading').length).toBeGreaterThanOrEqual(3)
  })
})
if (!SHARED_AVAILABLE)
  console.warn('Skipping the shared real-article tests: ../shared/fixtures is not beside this checkout.')
