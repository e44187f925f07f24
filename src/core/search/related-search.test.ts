import { afterEach, describe, expect, it } from 'vitest'
import type { ArticleDetail, Entity, Highlight, RelatedResults } from '../../shared/model'
import { importBytes, markPassage, openTempEngine, ok } from '../testing/temp-archive'
import { TermIndex, withinEdits } from './term-index'

let cleanups: Array<() => void> = []
afterEach(() => {
  cleanups.forEach((cleanup) => cleanup())
  cleanups = []
})

const ARTICLES: Record<string, string> = {
  'strike.txt':
    'Dock workers end strike\n\nAbout 1,400 workers had stopped loading ships, demanding shorter night shifts. ' +
    'Independent observers followed the talks. "The night shifts will be shorter," said Mira Kostova.',
  'almaty.txt':
    'Наблюдатели в Алматы\n\nНезависимые наблюдатели сообщили о нарушениях на участках. ' +
    'Президент Тоқаев выступил с обращением.',
  'ferry.txt':
    'Ferry notes\n\nThe ferry to Port Selwyn ran late all week; the harbour master blamed the crews.',
}

/** An archive with the articles above, and helpers to highlight a passage and to search. */
function archive() {
  const t = openTempEngine()
  cleanups.push(t.cleanup)
  const { engine } = t
  const articles = new Map<string, ArticleDetail>()
  for (const [name, text] of Object.entries(ARTICLES)) {
    const result = importBytes(engine, name, Buffer.from(text))
    expect(result.status, result.message).toBe('imported')
    articles.set(name, ok<ArticleDetail>(engine, 'articles.get', { id: result.articleId }))
  }
  const highlight = (name: string, passage: string, note = '', entityIds: string[] = []) =>
    markPassage(engine, articles.get(name)!, passage, { note, entityIds })
  const entity = (name: string, aliases: string[] = [], type = 'person') =>
    ok<Entity>(engine, 'entities.create', { type, name, aliases })
  const related = (query: string, more: object = {}) =>
    ok<RelatedResults>(engine, 'search.related', { query, ...more })
  /** The ids found in each section, in rank order. */
  const found = (query: string) => {
    const results = related(query)
    return {
      entities: results.entities.items.map((item) => item.id),
      highlights: results.highlights.items.map((item) => item.id),
    }
  }
  return { engine, articles, highlight, entity, related, found }
}

describe('search.related', () => {
  it('finds highlights by their quote or note, saying where, with the matched words marked', () => {
    const { highlight, related } = archive()
    const shifts = highlight('strike.txt', 'demanding shorter night shifts', 'the workers’ main demand')
    const ferry = highlight('ferry.txt', 'ran late all week', 'Shifts on the ferry were cut')
    const results = related('shifts')
    expect(results.highlights.total).toBe(2)
    const byId = new Map(results.highlights.items.map((item) => [item.id, item]))
    expect(byId.get(shifts.id)).toMatchObject({
      kind: 'highlight',
      matchedIn: 'quote',
      articleTitle: 'Dock workers end strike',
      start: shifts.position.start,
      end: shifts.position.end,
      quote: { snippet: 'demanding shorter night shifts' },
      note: { snippet: 'the workers’ main demand', marks: [] },
    })
    const note = byId.get(ferry.id)!
    expect(note.matchedIn).toBe('note')
    expect(note.note?.marks.map(([a, b]) => note.note?.snippet.slice(a, b))).toEqual(['Shifts'])
    // A word in the quote and another in the note: both are required, and both are found.
    expect(related('ferry late').highlights.items).toMatchObject([{ id: ferry.id, matchedIn: 'both' }])
    // No note: null, not an empty snippet.
    const bare = highlight('strike.txt', 'Independent observers followed the talks.')
    expect(related('observers').highlights.items).toMatchObject([{ id: bare.id, note: null }])
  })

  it('stems English and Russian words and folds diacritics, as article search does', () => {
    const { highlight, found } = archive()
    const observers = highlight('strike.txt', 'Independent observers followed the talks.')
    const russian = highlight('almaty.txt', 'Независимые наблюдатели сообщили о нарушениях')
    const munich = highlight('ferry.txt', 'the harbour master', 'Compare the ferry crews in München')
    expect(found('observer').highlights).toEqual([observers.id])
    expect(found('follows').highlights).toEqual([observers.id])
    expect(found('наблюдатель').highlights).toEqual([russian.id])
    expect(found('нарушения').highlights).toEqual([russian.id])
    expect(found('Munchen').highlights).toEqual([munich.id])
    expect(found('munchen crew').highlights).toEqual([munich.id])
  })

  it('finds names across scripts: Tokayev finds Токаев (an entity) and Тоқаев (a note)', () => {
    const { highlight, entity, found, related } = archive()
    const president = entity('Токаев', ['Kassym-Jomart'])
    const passage = highlight('almaty.txt', 'Президент Тоқаев выступил с обращением.')
    const note = highlight('ferry.txt', 'ran late all week', 'The crossing Тоқаев was due to take')
    expect(found('Tokayev')).toEqual({ entities: [president.id], highlights: [note.id, passage.id] })
    expect(found('Tokaev').entities).toEqual([president.id])
    expect(found('Токаева').entities).toEqual([president.id])
    const match = related('Tokayev').entities.items[0]!
    expect(match).toMatchObject({ kind: 'entity', name: 'Токаев', matchedAlias: null, marks: [[0, 6]] })
    // Fuzzy names keep off the false friends of Russian stemming, as article search does.
    expect(found('Tokayev~1').entities).toEqual([president.id])
    expect(found('токаев~1').highlights).toEqual([note.id, passage.id])
  })

  it('verifies phrases against the text, in straight or curly quotes', () => {
    const { highlight, found } = archive()
    const quote = highlight('strike.txt', '"The night shifts will be shorter," said Mira Kostova.')
    const note = highlight('ferry.txt', 'ran late all week', 'Shifts at night were shorter')
    expect(found('"night shifts"').highlights).toEqual([quote.id])
    expect(found('“night shifts”').highlights).toEqual([quote.id])
    expect(found('"shifts night"').highlights).toEqual([])
    expect(found('night shifts').highlights).toEqual([note.id, quote.id]) // newest first
  })

  it('understands OR, -exclusions, prefixes and fuzzy words', () => {
    const { highlight, entity, found } = archive()
    const strike = highlight('strike.txt', 'About 1,400 workers had stopped loading ships')
    const ferry = highlight('ferry.txt', 'the harbour master blamed the crews', 'crews and workers alike')
    const mira = entity('Mira Kostova', ['M. Kostova'])
    expect(found('ships OR crews').highlights.sort()).toEqual([strike.id, ferry.id].sort())
    expect(found('workers -crews').highlights).toEqual([strike.id])
    expect(found('workers -"harbour master"').highlights).toEqual([strike.id])
    expect(found('harb*').highlights).toEqual([ferry.id])
    expect(found('loadi*').highlights).toEqual([strike.id]) // typed past the stem "load"
    expect(found('Kostava').entities).toEqual([])
    expect(found('Kostava~1').entities).toEqual([mira.id])
    expect(found('Kostvoa~1').entities).toEqual([mira.id]) // two letters swapped is one edit
    // An excluded word in any of an entity's names excludes it (here the name; the alias has no "Mira").
    expect(found('Kostava~1 -mira').entities).toEqual([])
    expect(found('Kostava~1 -watch').entities).toEqual([mira.id])
  })

  it('finds entities by alias, ranking a match on the name above one on an alias', () => {
    const { entity, related } = archive()
    const byAlias = entity('Civic Monitoring Centre', ['Kostova Watch'], 'organisation')
    const byName = entity('Mira Kostova', ['Union chairwoman'])
    const results = related('Kostova')
    expect(results.entities.total).toBe(2)
    expect(results.entities.items).toMatchObject([
      { id: byName.id, matchedAlias: null, type: 'person', passageCount: 0 },
      { id: byAlias.id, matchedAlias: 'Kostova Watch', marks: [[0, 7]], type: 'organisation' },
    ])
    // Across scripts the name still matches first.
    expect(related('Костова').entities.items).toMatchObject([
      { id: byName.id, matchedAlias: null },
      { id: byAlias.id, matchedAlias: 'Kostova Watch' },
    ])
    expect(related('unions').entities.items).toMatchObject([
      { id: byName.id, matchedAlias: 'Union chairwoman', marks: [[0, 5]] },
    ])
    // Every word in the same name or alias.
    expect(related('Mira Watch').entities.total).toBe(0)
  })

  it('returns no deleted highlight, entity, or highlight of a deleted article', () => {
    const { engine, articles, highlight, entity, found } = archive()
    const kept = highlight('strike.txt', 'Independent observers followed the talks.')
    const removed = highlight('strike.txt', 'demanding shorter night shifts', 'observers asked too')
    const gone = highlight('ferry.txt', 'ran late all week', 'observers on board')
    const keptEntity = entity('Observer Mission', [], 'organisation')
    const removedEntity = entity('Observers Club', [], 'organisation')
    expect(found('observers').highlights).toHaveLength(3)
    expect(found('observers').entities).toHaveLength(2)
    ok(engine, 'highlights.delete', { id: removed.id })
    ok(engine, 'articles.delete', { id: articles.get('ferry.txt')!.id })
    ok(engine, 'entities.delete', { id: removedEntity.id })
    expect(found('observers')).toEqual({ entities: [keptEntity.id], highlights: [kept.id] })
    expect(found('observers').highlights).not.toContain(gone.id)
  })

  it('follows edits of notes and entities without a restart', () => {
    const { engine, highlight, entity, found } = archive()
    const passage = highlight('ferry.txt', 'ran late all week', 'first thoughts')
    const person = entity('Pavel Ostrin')
    expect(found('timetable').highlights).toEqual([])
    // Edited at once, even within the same millisecond as the creation.
    ok(engine, 'highlights.update', { id: passage.id, note: 'check the timetable' })
    expect(found('timetable').highlights).toEqual([passage.id])
    ok(engine, 'entities.update', { id: person.id, type: 'person', name: 'Pavel Ostrin', aliases: ['P.O.'] })
    expect(found('Ostrin').entities).toEqual([person.id])
    ok(engine, 'entities.update', { id: person.id, type: 'person', name: 'Pavel Ostrinsky', aliases: [] })
    expect(found('Ostrin').entities).toEqual([])
    expect(found('Ostrinsky').entities).toEqual([person.id])
  })

  it('keeps entity: to entities, and article fields away from both sections', () => {
    const { highlight, entity, found, related } = archive()
    const station = entity('Station 14', ['Участок 14'], 'place')
    highlight('almaty.txt', 'нарушениях на участках', 'Station 14 again', [station.id])
    expect(found('station')).toEqual({ entities: [station.id], highlights: [expect.any(String)] })
    expect(found('entity:station')).toEqual({ entities: [station.id], highlights: [] })
    expect(found('entity:"station 14"').entities).toEqual([station.id])
    expect(found('entity:участок').entities).toEqual([station.id])
    // As the type-ahead (and article search's entity:) finds names: by what they contain.
    expect(found('entity:stat').entities).toEqual([station.id])
    // The words beside entity: are about the linked articles.
    expect(found('entity:station нарушения').entities).toEqual([station.id])
    expect(found('entity:station -entity:14').entities).toEqual([])
    for (const query of [
      'title:station',
      'author:station',
      'source:station',
      'tag:station',
      'station -title:x',
    ]) {
      expect(related(query), query).toMatchObject({ entities: { total: 0 }, highlights: { total: 0 } })
    }
  })

  it('tag: lists the highlights carrying the tag, with their tags, and no entities', () => {
    const { engine, highlight, entity, related, found } = archive()
    const union = entity('Dock Union', [], 'organisation')
    const shifts = highlight('strike.txt', 'demanding shorter night shifts', 'the main demand', [union.id])
    const late = highlight('ferry.txt', 'ran late all week', 'shifts were cut')
    const other = highlight('almaty.txt', 'нарушениях на участках')
    ok(engine, 'highlights.update', { id: shifts.id, tags: ['Labour', 'follow up'] })
    ok(engine, 'highlights.update', { id: late.id, tags: ['labour dispute'] })
    ok(engine, 'highlights.update', { id: other.id, tags: ['Выборы'] })
    const byTag = related('tag:labour')
    expect(byTag.entities).toEqual({ total: 0, items: [] })
    expect(byTag.highlights.items).toEqual([
      expect.objectContaining({ id: shifts.id, matchedIn: 'tag', tags: ['Labour', 'follow up'] }),
    ])
    expect(found('tag:labour*').highlights.sort()).toEqual([shifts.id, late.id].sort())
    expect(found('tag:"Labour Dispute"').highlights).toEqual([late.id])
    expect(found('tag:выборы').highlights).toEqual([other.id])
    // Beside words, the words are looked for in the tagged highlights' quotes and notes (newest first).
    expect(related('tag:labour* shifts').highlights.items).toEqual([
      expect.objectContaining({ id: late.id, matchedIn: 'note' }),
      expect.objectContaining({ id: shifts.id, matchedIn: 'quote' }),
    ])
    expect(found('shifts -tag:"follow up"')).toEqual({ entities: [], highlights: [late.id] })
    expect(found('tag:labour* OR нарушениях').highlights.sort()).toEqual(
      [shifts.id, late.id, other.id].sort(),
    )
    // The article filters apply as to any highlight; a removed tag no longer finds its highlight.
    expect(found('tag:labour*').highlights).toHaveLength(2)
    expect(related('tag:labour*', { filters: { tag: 'labour dispute' } }).highlights.items).toMatchObject([
      { id: late.id },
    ])
    ok(engine, 'highlights.update', { id: late.id, tags: [] })
    expect(found('tag:labour*').highlights).toEqual([shifts.id])
    // Every item carries its highlight's tags, whatever matched.
    expect(related('shifts').highlights.items.map((item) => item.tags)).toEqual(
      expect.arrayContaining([['Labour', 'follow up'], []]),
    )
  })

  it('pages each section, narrows highlights by the article filters, and explains a malformed query', () => {
    const { engine, highlight, entity, related } = archive()
    const older = highlight('strike.txt', 'About 1,400 workers', 'workers one')
    const newer = highlight('ferry.txt', 'blamed the crews', 'workers two')
    entity('Workers Union', [], 'organisation')
    entity('Workers Party', [], 'organisation')
    const first = related('workers', { limit: 1 })
    expect(first.entities.total).toBe(2)
    expect(first.entities.items).toHaveLength(1)
    expect(first.highlights).toMatchObject({ total: 2, items: [{ id: newer.id }] }) // newest first
    expect(related('workers', { limit: 1, offset: 1 }).highlights.items).toMatchObject([{ id: older.id }])
    const elsewhere = related('workers', { filters: { source: 'nowhere' } })
    expect(elsewhere.highlights.total).toBe(0)
    expect(elsewhere.entities.total).toBe(2) // entities are not filtered
    expect(related('workers', { filters: { hasHighlights: true } }).highlights.total).toBe(2)

    const envelope = engine.dispatch('search.related', { query: '"unclosed' })
    expect(envelope).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(engine.dispatch('search.related', { query: 'x', limit: 500 })).toMatchObject({ ok: false })
    expect(related('the')).toMatchObject({ entities: { total: 0 }, highlights: { total: 0 } })
  })

  it('matches Chinese and Japanese passages by their characters in order', () => {
    const { engine, found } = archive()
    const result = importBytes(engine, 'zh.txt', Buffer.from('选举\n\n观察员在东京和北京报告了选举结果。'))
    const article = ok<ArticleDetail>(engine, 'articles.get', { id: result.articleId })
    const start = article.text.indexOf('观察员')
    const passage = ok<Highlight>(engine, 'highlights.create', {
      articleId: article.id,
      versionId: article.versionId,
      start,
      end: start + 10,
    })
    expect(found('北京').highlights).toEqual([passage.id])
    expect(found('京北').highlights).toEqual([])
  })
})

describe('TermIndex', () => {
  it('stays exact through many replacements, which renumber its documents', () => {
    const index = new TermIndex(false)
    const query = (word: string) => ({
      required: [[{ kind: 'term' as const, text: word, field: null, prefix: false, fuzzy: 0 as const }]],
      excluded: [],
    })
    for (let i = 0; i < 1500; i++) index.put(`doc${i}`, 'v1', [`harbour ${i % 2 ? 'ferry' : 'strike'}`, ''])
    // Every document replaced, then some removed: more dead numbers than live ones, so the postings are compacted.
    for (let i = 0; i < 1500; i++)
      index.put(`doc${i}`, 'v2', [`harbour ${i % 3 ? 'ferry' : 'queue'}`, 'note'])
    for (let i = 0; i < 100; i++) index.remove(`doc${i}`)
    expect(index.search(query('harbour')).size).toBe(1400)
    expect(index.search(query('strike')).size).toBe(0)
    const queues = Array.from({ length: 1400 }, (_, n) => n + 100).filter((n) => n % 3 === 0).length
    expect(index.search(query('queue')).size).toBe(queues)
    expect(index.search(query('note')).get('doc100')).toMatchObject({ fields: 2 })
    expect(index.stampOf('doc100')).toBe('v2')
    expect(index.stampOf('doc0')).toBeUndefined()
  })
})

describe('withinEdits', () => {
  it('counts insertions, deletions, substitutions and swaps of neighbours', () => {
    expect(withinEdits('kostova', 'kostova', 0)).toBe(true)
    expect(withinEdits('kostova', 'kostava', 1)).toBe(true)
    expect(withinEdits('kostova', 'kostvoa', 1)).toBe(true)
    expect(withinEdits('kostova', 'kostov', 1)).toBe(true)
    expect(withinEdits('kostova', 'kostovaa', 1)).toBe(true)
    expect(withinEdits('kostova', 'kastava', 1)).toBe(false)
    expect(withinEdits('kostova', 'kastava', 2)).toBe(true)
    expect(withinEdits('ток', 'токаев', 2)).toBe(false)
  })
})
