import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contract } from '../shared/contract'
import { ERROR_CODES } from '../shared/errors'
import { archiveFingerprint, FUZZ_SEED, fuzzRuns } from './testing/archive-fingerprint'
import { importBytes, markPassage, ok, openTempEngine } from './testing/temp-archive'

const CHANNELS = Object.keys(contract)
let archive: ReturnType<typeof openTempEngine>
/** A valid input for each channel that takes one, for near misses built from it. */
let samples: Record<string, Record<string, unknown>> = {}

beforeAll(() => {
  archive = openTempEngine()
  const { engine } = archive
  const imported = importBytes(
    engine,
    'strike.txt',
    Buffer.from('The harbour strike began on Monday. Observers counted the pickets.'),
  )
  const article = ok<{ id: string; versionId: string; text: string }>(engine, 'articles.get', {
    id: imported.articleId,
  })
  const entity = ok<{ id: string }>(engine, 'entities.create', {
    type: 'organisation',
    name: 'Dockers Union',
  })
  const highlight = markPassage(engine, article, 'harbour strike', {
    tags: ['strike'],
    entityIds: [entity.id],
  })
  const ids = { id: article.id, versionId: article.versionId }
  samples = {
    'articles.list': { sort: 'title', direction: 'asc' },
    'articles.get': ids,
    'articles.versions': { id: article.id },
    'articles.diff': { id: article.id, fromVersionId: article.versionId, toVersionId: article.versionId },
    'articles.edit': { id: article.id, baseVersionId: article.versionId, text: 'x' },
    'articles.delete': { id: article.id },
    'import.file': { name: 'n.txt', contentBase64: 'aGVsbG8=' },
    'search.query': { query: 'strike', limit: 5, offset: 0, filters: { from: '2020' } },
    'search.related': { query: 'strike', limit: 5 },
    'search.matches': { articleId: article.id, query: 'strike' },
    'highlights.create': { articleId: article.id, versionId: article.versionId, start: 0, end: 3 },
    'highlights.update': { id: highlight.id, note: 'n' },
    'highlights.list': { filters: { tag: 'strike' }, limit: 5 },
    'highlights.reattach': { id: highlight.id, versionId: article.versionId, start: 0, end: 3 },
    'highlights.dismiss': { id: highlight.id },
    'highlights.delete': { id: highlight.id },
    'entities.list': { query: 'dock' },
    'entities.create': { type: 'person', name: 'A' },
    'entities.update': { id: entity.id, type: 'person', name: 'B' },
    'entities.delete': { id: entity.id },
    'entities.page': { id: entity.id },
    'export.annotations': { format: 'csv' },
    'export.report': { entityId: entity.id, format: 'md' },
    'import.annotations': { name: 'a.jsonld', content: '{}' },
    'links.create': { highlightId: highlight.id, entityId: entity.id },
    'links.delete': { highlightId: highlight.id, entityId: entity.id },
  }
})
afterAll(() => archive.cleanup())

/** A value nested `depth` deep, objects and arrays alternating. */
function nested(depth: number): unknown {
  let value: unknown = 'bottom'
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value }
  return value
}

const oddValue = fc.oneof(
  fc.anything(),
  fc.constantFrom(
    -1,
    Number.MAX_SAFE_INTEGER,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    1.5,
    '',
    '\ud800',
    null,
    [],
    {},
    '00000000-0000-0000-0000-000000000000',
    '__proto__',
  ),
)

/** The start of an input for a failure message; deep values are too deep for JSON.stringify. */
function describeInput(input: unknown): string {
  try {
    return (JSON.stringify(input) ?? String(input)).slice(0, 300)
  } catch {
    return '(an input too deep to show)'
  }
}

/** Runs one call and checks the envelope; a refused call must leave the archive as it was. */
function checkCall(channel: string, input: unknown): void {
  const { engine } = archive
  const before = archiveFingerprint(engine)
  const envelope = engine.dispatch(channel, input)
  expect(typeof envelope.ok).toBe('boolean')
  if (envelope.ok) return
  expect(ERROR_CODES).toContain(envelope.error.code)
  // 'internal' is what the engine says for an exception nobody expected: a bug, not bad input.
  expect(envelope.error, `${channel} ${describeInput(input)}`).not.toMatchObject({ code: 'internal' })
  expect(envelope.error.message.length).toBeGreaterThan(0)
  expect(archiveFingerprint(engine)).toEqual(before)
}

describe('every contract input under random values', () => {
  it('lists the channels it fuzzes', () => {
    expect(CHANNELS.length).toBeGreaterThan(20)
  })

  it('answers random JSON and JS values with an envelope, and writes nothing when refusing', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CHANNELS, 'no.such', '__proto__', 'constructor'),
        fc.oneof(fc.anything(), fc.jsonValue()),
        checkCall,
      ),
      { seed: FUZZ_SEED, numRuns: fuzzRuns(600) },
    )
  })

  it('answers near misses (right keys, wrong values, extra keys, huge and deep values) alike', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CHANNELS),
        fc.nat(),
        oddValue,
        fc.dictionary(fc.string({ maxLength: 10 }), oddValue, { maxKeys: 3 }),
        (channel, pick, value, extra) => {
          const sample = samples[channel] ?? {}
          const keys = Object.keys(sample)
          const key = keys.length ? (keys[pick % keys.length] ?? 'x') : 'x'
          checkCall(channel, { ...sample, [key]: value })
          checkCall(channel, { ...sample, ...extra })
        },
      ),
      { seed: FUZZ_SEED, numRuns: fuzzRuns(400) },
    )
  })

  it('answers every key of every channel given a huge string or a value nested 10,000 deep', () => {
    const odd = [nested(10_000), 'x'.repeat(300_000), ['y'.repeat(100_000)]]
    for (const channel of CHANNELS) {
      const sample = samples[channel] ?? {}
      for (const key of [...Object.keys(sample), 'extra'])
        for (const value of odd) checkCall(channel, { ...sample, [key]: value })
      for (const value of odd) checkCall(channel, value)
    }
  })
})

/** Queries made of the query language's own characters, words in several scripts and broken UTF-16. */
const QUERY_LIKE = fc.oneof(
  fc
    .array(
      fc.oneof(
        fc.constantFrom(
          '"',
          '“',
          '«',
          '(',
          ')',
          '-',
          '~',
          '~2',
          '*',
          ':',
          ' ',
          'OR',
          'title:',
          'tag:',
          'Токаев',
          '\ud800',
        ),
        fc.string({ maxLength: 8 }),
      ),
      { maxLength: 30 },
    )
    .map((parts) => parts.join('')),
  fc.string({ unit: 'binary', maxLength: 200 }),
)

describe('search through the engine under random queries', () => {
  let archive: ReturnType<typeof openTempEngine>
  beforeAll(() => {
    archive = openTempEngine()
    importBytes(
      archive.engine,
      'observers.txt',
      Buffer.from('The observers reported from Токаев’s München office.'),
    )
  })
  afterAll(() => archive.cleanup())

  it('returns an envelope, a result or invalid_input, for every query', () => {
    fc.assert(
      fc.property(QUERY_LIKE, (query) => {
        for (const channel of ['search.query', 'search.related']) {
          const envelope = archive.engine.dispatch(channel, { query })
          if (!envelope.ok) expect(envelope.error.code).toBe('invalid_input')
        }
      }),
      { seed: FUZZ_SEED, numRuns: fuzzRuns(300) },
    )
  })
})
