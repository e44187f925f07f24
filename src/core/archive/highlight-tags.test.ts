import { afterEach, describe, expect, it } from 'vitest'
import type { ArticleDetail, EntityPage, Highlight, SearchResults, TagCount } from '../../shared/model'
import type { Engine } from '../engine'
import { importBytes, markPassage, openTempEngine, ownFixture, ok } from '../testing/temp-archive'

let cleanups: Array<() => void> = []
afterEach(() => {
  cleanups.forEach((c) => c())
  cleanups = []
})

function failure(engine: Engine, channel: string, input: unknown): string {
  const envelope = engine.dispatch(channel, input)
  if (envelope.ok) throw new Error(`${channel} was expected to fail`)
  expect(envelope.error.code).toBe('invalid_input')
  return envelope.error.message
}

/** An archive with two of our own articles, and helpers to highlight a passage and to search. */
function archive() {
  const t = openTempEngine()
  cleanups.push(t.cleanup)
  const { engine } = t
  const articles: Record<string, ArticleDetail> = {}
  for (const name of ['harbour-strike.txt', 'field-notes.md']) {
    const result = importBytes(engine, name, ownFixture(name))
    expect(result.status, result.message).toBe('imported')
    articles[name] = ok<ArticleDetail>(engine, 'articles.get', { id: result.articleId })
  }
  const highlight = (name: string, passage: string, tags: unknown[] = [], more: object = {}) =>
    markPassage(engine, articles[name]!, passage, { tags, ...more })
  const update = (id: string, changes: object) =>
    ok<Highlight>(engine, 'highlights.update', { id, ...changes })
  const found = (query: string, filters: object = {}) =>
    ok<SearchResults>(engine, 'search.query', { query, filters })
      .hits.map((hit) => hit.articleId)
      .sort()
  const strike = articles['harbour-strike.txt']!.id
  const notes = articles['field-notes.md']!.id
  return { engine, highlight, update, found, strike, notes }
}

describe('highlight tags', () => {
  it('are stored trimmed, once per highlight whatever their case (first spelling kept), in order', () => {
    const { engine, highlight, strike } = archive()
    const created = highlight('harbour-strike.txt', 'signed a wage agreement', [
      '  Wage deal ',
      'labour\n  relations',
      'WAGE DEAL',
      'Выборы',
      'выборы',
    ])
    expect(created.tags).toEqual(['Wage deal', 'labour relations', 'Выборы'])
    const article = ok<ArticleDetail>(engine, 'articles.get', { id: strike })
    expect(article.highlights[0]?.tags).toEqual(['Wage deal', 'labour relations', 'Выборы'])
  })

  it('refuses an empty tag, a tag over 64 characters and more than 32 tags, saying which', () => {
    const { engine, highlight } = archive()
    const h = highlight('harbour-strike.txt', 'signed a wage agreement')
    expect(failure(engine, 'highlights.update', { id: h.id, tags: ['fine', '   '] })).toBe(
      'tags.1: a tag cannot be empty',
    )
    expect(failure(engine, 'highlights.update', { id: h.id, tags: ['x'.repeat(65)] })).toBe(
      'tags.0: a tag is at most 64 characters',
    )
    expect(highlight('harbour-strike.txt', 'Port Veles ended', ['x'.repeat(64)]).tags).toHaveLength(1)
    const many = Array.from({ length: 33 }, (_, i) => `tag ${i}`)
    expect(failure(engine, 'highlights.update', { id: h.id, tags: many })).toBe(
      'tags: a highlight has at most 32 tags',
    )
    // Repeats in another case do not count against the limit.
    expect(
      ok<Highlight>(engine, 'highlights.update', { id: h.id, tags: [...many.slice(0, 32), 'TAG 0'] }).tags,
    ).toHaveLength(32)
    expect(failure(engine, 'highlights.update', { id: h.id, tags: [42] })).toMatch(/^tags\.0: /)
    expect(failure(engine, 'highlights.update', { id: h.id })).toBe('give a note, tags or a colour to change')
  })

  it('update replaces the set when tags are given, and leaves them when only the note is', () => {
    const { engine, highlight, update } = archive()
    const h = highlight('harbour-strike.txt', 'signed a wage agreement', ['wages', 'union'], {
      note: 'first',
    })
    expect(update(h.id, { note: 'second' })).toMatchObject({ note: 'second', tags: ['wages', 'union'] })
    const replaced = update(h.id, { tags: ['Union', 'agreement'] })
    // The note stays; a kept tag takes the spelling given; a new one comes after it.
    expect(replaced).toMatchObject({ note: 'second', tags: ['Union', 'agreement'] })
    expect(replaced.updatedAt >= h.updatedAt).toBe(true)
    expect(update(h.id, { tags: [], note: 'third' })).toMatchObject({ note: 'third', tags: [] })
    // Removed tags are tombstones, not deleted rows: a removal can travel when archives sync.
    const rows = engine.db
      .prepare('SELECT tag, deleted_at FROM highlight_tags WHERE highlight_id = ? ORDER BY rowid')
      .all(h.id) as Array<{ tag: string; deleted_at: string | null }>
    expect(rows.map((r) => r.tag)).toEqual(['wages', 'Union', 'agreement'])
    expect(rows.every((r) => r.deleted_at !== null)).toBe(true)
    const missing = '00000000-0000-4000-8000-000000000000'
    expect(engine.dispatch('highlights.update', { id: missing, tags: [] })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    })
  })

  it('tags.list counts the live highlights carrying each tag, busiest first', () => {
    const { engine, highlight, update } = archive()
    const a = highlight('harbour-strike.txt', 'signed a wage agreement', ['Wages', 'union'])
    highlight('harbour-strike.txt', 'demanding a pay rise', ['wages'])
    const c = highlight('field-notes.md', 'Station 14 opened twenty minutes late', ['delays', 'union'])
    const d = highlight('field-notes.md', 'Station 22 had no ink', ['gone'])
    expect(ok<TagCount[]>(engine, 'tags.list', {})).toEqual([
      { tag: 'union', count: 2 },
      { tag: 'Wages', count: 2 }, // in its first spelling
      { tag: 'delays', count: 1 },
      { tag: 'gone', count: 1 },
    ])
    ok(engine, 'highlights.delete', { id: d.id })
    update(c.id, { tags: ['delays'] })
    update(a.id, { tags: ['wages'] })
    expect(ok<TagCount[]>(engine, 'tags.list', {})).toEqual([
      { tag: 'wages', count: 2 },
      { tag: 'delays', count: 1 },
    ])
    // A deleted article's highlights leave the counts too.
    ok(engine, 'articles.delete', { id: c.articleId })
    expect(ok<TagCount[]>(engine, 'tags.list', {})).toEqual([{ tag: 'wages', count: 2 }])
  })

  it('tag: finds the articles with a highlight so tagged: any case, exact, a prefix with *, phrases', () => {
    const { engine, highlight, found, strike, notes } = archive()
    highlight('harbour-strike.txt', 'signed a wage agreement', ['Labour deal'])
    highlight('field-notes.md', 'Station 14 opened twenty minutes late', ['election day', 'labour'])
    const d = highlight('field-notes.md', 'Station 22 had no ink', ['ink'])
    expect(found('tag:labour')).toEqual([notes])
    expect(found('tag:LABOUR*')).toEqual([strike, notes].sort())
    expect(found('tag:"labour deal"')).toEqual([strike])
    expect(found('tag:“Election  Day”')).toEqual([notes])
    expect(found('tag:elect')).toEqual([]) // exact unless asked for a prefix
    expect(found('tag:elect*')).toEqual([notes])
    // With words, OR and exclusions like any other clause.
    expect(found('tag:labour* strike')).toEqual([strike])
    expect(found('tag:ink OR tag:"labour deal"')).toEqual([strike, notes].sort())
    expect(found('tag:labour* -tag:labour')).toEqual([strike])
    // A deleted highlight's tags no longer find its article.
    ok(engine, 'highlights.delete', { id: d.id })
    expect(found('tag:ink')).toEqual([])
    expect(failure(engine, 'search.query', { query: 'tag:labour~1' })).toMatch(/tag:labour\*/)
  })

  it('the tag filter narrows a search, and with an empty query lists the tagged articles', () => {
    const { engine, highlight, found, strike, notes } = archive()
    highlight('harbour-strike.txt', 'signed a wage agreement', ['Follow up'])
    highlight('field-notes.md', 'Station 14 opened twenty minutes late', ['delays'])
    expect(found('observers')).toEqual([strike, notes].sort())
    expect(found('observers', { tag: 'follow UP' })).toEqual([strike])
    expect(found('', { tag: 'delays' })).toEqual([notes])
    expect(found('', { tag: 'follow' })).toEqual([]) // the filter is one tag, exactly
    expect(failure(engine, 'search.query', { query: '', filters: { tag: ' ' } })).toBe(
      'filters.tag: a tag cannot be empty',
    )
  })

  it("entity pages carry each passage's tags", () => {
    const { engine, highlight } = archive()
    const mira = ok<{ id: string }>(engine, 'entities.create', { type: 'person', name: 'Mira Kostova' })
    highlight('harbour-strike.txt', "the union's chairwoman", ['quote', 'union'], { entityIds: [mira.id] })
    const page = ok<EntityPage>(engine, 'entities.page', { id: mira.id })
    expect(page.articles[0]?.passages[0]?.tags).toEqual(['quote', 'union'])
  })
})
