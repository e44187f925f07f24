import { afterEach, describe, expect, it } from 'vitest'
import type { ArticleSummary, SearchResults } from '../../shared/model'
import type { Engine } from '../engine'
import { importBytes, ok, openTempEngine } from '../testing/temp-archive'
import { SearchIndex } from './search-index'
import { buildSegment, mergeSegments } from './segment'
import { decodeSegment, encodeSegment } from './segment-codec'
import { makeSnippet } from './snippet'
import {
  alternativesOf,
  analysisOf,
  DEFAULT_ANALYSIS,
  indexTokens,
  MatchedTerms,
  prefixForms,
  termOf,
} from './text-pipeline'

let cleanups: Array<() => void> = []
afterEach(() => {
  cleanups.forEach((c) => c())
  cleanups = []
})

function fresh(): Engine {
  const t = openTempEngine()
  cleanups.push(t.cleanup)
  return t.engine
}

const GERMAN = [
  'Die Wahlen in Kasachstan',
  '',
  'Die Wahlen zum Parlament fanden am Sonntag statt. Viele Wählern fehlte das Vertrauen in die Wahl,',
  'sagten Beobachter der Organisation. Die Häuser der Kommission blieben geschlossen.',
].join('\n')

const ENGLISH = [
  'Observers report on the elections',
  '',
  'The elections were held on Sunday. Observers said turnout was low and counting was slow.',
].join('\n')

const RUSSIAN = [
  'Наблюдатели о выборах',
  '',
  'Наблюдатели отметили нарушения на выборах в парламент. Голосование прошло спокойно.',
].join('\n')

/** Imports a text and sets its language (detection is the importer's business; here it is fixed). */
function add(engine: Engine, name: string, text: string, language: string | null): string {
  const result = importBytes(engine, name, Buffer.from(text, 'utf8'))
  expect(result.status, result.message).toBe('imported')
  const id = result.articleId ?? ''
  ok<ArticleSummary>(engine, 'articles.metadata.set', { id, language })
  return id
}

function found(engine: Engine, query: string): string[] {
  return ok<SearchResults>(engine, 'search.query', { query }).hits.map((hit) => hit.articleId)
}

describe('stemming by article language', () => {
  it('finds a German article by inflected forms of its words', () => {
    const engine = fresh()
    const german = add(engine, 'wahlen.txt', GERMAN, 'de')
    for (const query of ['wahl', 'wahlen', 'Wählern', 'wähler', 'haus', 'Häuser']) {
      expect(found(engine, query), query).toEqual([german])
    }
    expect(found(engine, '"die wahlen zum parlament"')).toEqual([german])
  })

  it('still finds an English article whose words the German stemmer would stem otherwise', () => {
    const engine = fresh()
    const german = add(engine, 'wahlen.txt', GERMAN, 'de')
    const english = add(engine, 'elections.txt', ENGLISH, 'en')
    expect(found(engine, 'election')).toEqual([english])
    expect(found(engine, 'observer')).toEqual([english])
    expect(found(engine, 'beobachter')).toEqual([german])
    expect(found(engine, 'elect*')).toEqual([english])
    expect(found(engine, 'wahle*')).toEqual([german])
  })

  it('indexes an article again when its language changes, and leaves the old terms behind', () => {
    const engine = fresh()
    const id = add(engine, 'wahlen.txt', GERMAN, 'en')
    const index = new SearchIndex(engine.db)
    index.warm()
    expect(index.search(['wahlen']).map((r) => r.articleId)).toEqual([id])
    expect(index.search(['wahl']).map((r) => r.articleId)).toEqual([id]) // "Wahl" itself
    expect(index.search(['wahlern']).map((r) => r.articleId)).toEqual([id])
    expect(found(engine, 'wählern')).toEqual([id])
    expect(found(engine, 'wähler')).toEqual([]) // Porter: "wahler", which the text does not hold

    ok<ArticleSummary>(engine, 'articles.metadata.set', { id, language: 'de' })
    expect(index.stats().pending).toBe(1)
    // The same index object, with the old document still loaded: it is out of date and skipped.
    expect(index.search(['wahlern'])).toEqual([])
    expect(index.search(['wahl']).map((r) => r.articleId)).toEqual([id])
    expect(index.stats().pending).toBe(0)
    expect(found(engine, 'wähler')).toEqual([id])

    ok<ArticleSummary>(engine, 'articles.metadata.set', { id, language: 'en' })
    expect(found(engine, 'wähler')).toEqual([])
    expect(found(engine, 'wählern')).toEqual([id])
    // A language with the same stemming (Russian words aside, English is the default) needs nothing new.
    ok<ArticleSummary>(engine, 'articles.metadata.set', { id, language: 'kk' })
    expect(index.stats().pending).toBe(0)
  })

  it('keeps the old analysis for an article with no language', () => {
    const engine = fresh()
    const id = add(engine, 'wahlen.txt', GERMAN, null)
    const index = new SearchIndex(engine.db)
    index.warm()
    expect(index.analyses()).toEqual([])
    expect(index.search(['wahlen']).map((r) => r.articleId)).toEqual([id])
    expect(index.search(['hauser']).map((r) => r.articleId)).toEqual([id])
    expect(found(engine, 'wählern')).toEqual([id])
    expect(found(engine, 'wähler')).toEqual([])
    expect(indexTokens(GERMAN, analysisOf(null))).toEqual(indexTokens(GERMAN))
    expect(analysisOf(null)).toBe(DEFAULT_ANALYSIS)
    expect(analysisOf('en')).toBe(DEFAULT_ANALYSIS)
    expect(analysisOf('ru')).toBe(DEFAULT_ANALYSIS)
    expect(analysisOf('kk')).toBe(DEFAULT_ANALYSIS)
    expect(analysisOf('de')).toBe('de')
  })

  it('marks a German article’s snippet with its own stems', () => {
    const engine = fresh()
    add(engine, 'wahlen.txt', GERMAN, 'de')
    add(engine, 'elections.txt', ENGLISH, 'en')
    const [hit] = ok<SearchResults>(engine, 'search.query', { query: 'wahlen' }).hits
    const marked = (hit?.marks ?? []).map(([start, end]) => hit?.snippet.slice(start, end))
    expect(marked).toEqual(expect.arrayContaining(['Wahlen', 'Wählern', 'Wahl']))
    const matches = ok<Array<[number, number]>>(engine, 'search.matches', {
      articleId: hit?.articleId,
      query: 'wähler',
    })
    expect(matches.length).toBeGreaterThanOrEqual(4) // Wahlen (title and text), Wählern, Wahl

    // The same terms, taken as the default analysis takes the words, mark only what it would match.
    const text = 'Die Wahlen und die Wählern'
    const german = makeSnippet(text, new MatchedTerms(['wahl'], 'de'))
    expect(german.marks.map(([s, e]) => german.snippet.slice(s, e))).toEqual(['Wahlen', 'Wählern'])
    expect(makeSnippet(text, new Set(['wahl'])).marks).toEqual([])
  })

  it('still stems Russian, in a Russian article and beside a German one', () => {
    const engine = fresh()
    add(engine, 'wahlen.txt', GERMAN, 'de')
    const russian = add(engine, 'vybory.txt', RUSSIAN, 'ru')
    expect(found(engine, 'выборы')).toEqual([russian])
    expect(found(engine, 'наблюдателей')).toEqual([russian])
    // Cyrillic words of a German article get the Russian stemmer, Latin words of a Russian one Porter.
    expect(indexTokens('выборах', 'de').map((t) => t.term)).toEqual(['выбор'])
    expect(indexTokens('elections', analysisOf('ru')).map((t) => t.term)).toEqual(['elect'])
    // Kazakh words stay whole whatever the article's language.
    expect(indexTokens('сайлауға', 'de').map((t) => t.term)).toEqual(['сайлауға'])
  })

  it('adds no alternatives for languages the archive does not hold', () => {
    const engine = fresh()
    add(engine, 'elections.txt', ENGLISH, 'en')
    add(engine, 'vybory.txt', RUSSIAN, 'ru')
    const index = new SearchIndex(engine.db)
    expect(index.analyses()).toEqual([])
    expect(alternativesOf('Wahlen', index.analyses())).toEqual(alternativesOf('Wahlen'))
    expect(alternativesOf('wahlen', index.analyses())).not.toContain('wahl')
    expect(found(engine, 'wählern')).toEqual([])
    add(engine, 'wahlen.txt', GERMAN, 'de')
    expect(index.analyses()).toEqual(['de'])
    const withGerman = alternativesOf('wahlen', index.analyses())
    expect(withGerman.slice(0, 2)).toEqual(['wahlen', 'wahl'])
    expect(withGerman).toEqual(expect.arrayContaining(alternativesOf('wahlen'))) // skeleton terms, as before
    expect(prefixForms('wahlen', ['de']).prefixes).toEqual(['wahlen', 'wahl'])
  })
})

describe('language analyses', () => {
  it('give a Snowball stemmer its accents and fold the stem', () => {
    expect(termOf('elecciones', 'es')).toBe('eleccion')
    expect(termOf('elección', 'es')).toBe('eleccion')
    expect(termOf('eleccion', 'es')).toBe('eleccion')
    expect(termOf('élections', 'fr')).toBe('elect')
    expect(termOf('Straße', 'de')).toBe('strass')
    expect(termOf('strasse', 'de')).toBe('strass')
    expect(termOf('verkiezingen', 'nl')).toBe('verkiez')
    expect(termOf('élections')).toBe('elect') // the default: folded, then Porter
    expect(analysisOf('nb')).toBe('no')
    expect(analysisOf('el')).toBe(DEFAULT_ANALYSIS)
  })

  it('are kept per document in a segment, through encoding and merging', () => {
    const doc = (body: string, language: string | null) => ({
      title: '',
      body,
      author: '',
      source: '',
      language,
    })
    const a = buildSegment([doc('Wahlen', 'de'), doc('elections', 'en')])
    const b = buildSegment([doc('élections', 'fr')])
    expect(a.analyses).toEqual(['de', DEFAULT_ANALYSIS])
    expect(a.terms).toEqual(expect.arrayContaining(['elect', 'wahl']))
    expect(a.terms).not.toContain('wahlen')
    expect(decodeSegment(encodeSegment(a)).analyses).toEqual(['de', DEFAULT_ANALYSIS])
    const merged = mergeSegments([
      { segment: a, keep: (d) => d === 0 },
      { segment: b, keep: () => true },
    ]).segment
    expect(merged.analyses).toEqual(['de', 'fr'])
    expect(decodeSegment(encodeSegment(merged)).analyses).toEqual(['de', 'fr'])
  })
})
