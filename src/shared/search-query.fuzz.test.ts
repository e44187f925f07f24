import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseQuery, QuerySyntaxError } from './search-query'

// src/shared depends on nothing else in the app, so the seed and scale of core/testing are repeated here.
const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? '20260614')
const fuzzRuns = (base: number) => Math.max(1, Math.round(base * (Number(process.env.FUZZ_SCALE) || 1)))

/** The query language's own characters, mixed with words, scripts and broken UTF-16. */
const PIECES = [
  '"',
  '“',
  '”',
  '„',
  '«',
  '»',
  '(',
  ')',
  '-',
  '~',
  '~1',
  '~2',
  '~9',
  '*',
  ':',
  ' ',
  '  ',
  '\t',
  '\n',
  'OR',
  'or',
  'AND',
  'NOT',
  'title:',
  'author:',
  'source:',
  'entity:',
  'tag:',
  'TITLE:',
  'foo:',
  'observers',
  'Токаев',
  'Тоқаев',
  '東京',
  'München',
  'ي',
  '\ud800',
  '\udc00',
  '\u0000',
  '\u200b',
  '🙂',
]
const queryLike = fc.oneof(
  fc
    .array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 8 })), { maxLength: 40 })
    .map((p) => p.join('')),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: fc.constantFrom('"', '(', ')', '-', '*', '~', ':', ' ', 'a', 'OR'), maxLength: 300 }),
)

/** Parses, or throws a QuerySyntaxError with a message; any other throw fails the property. */
function parseOrExplain(query: string): void {
  try {
    parseQuery(query)
  } catch (error) {
    if (!(error instanceof QuerySyntaxError)) throw error
    expect(error.message.length).toBeGreaterThan(5)
  }
}

describe('parseQuery under random input', () => {
  it('parses or throws a QuerySyntaxError, quickly, for every input', () => {
    fc.assert(
      fc.property(queryLike, (query) => {
        const started = performance.now()
        parseOrExplain(query)
        expect(performance.now() - started).toBeLessThan(100)
      }),
      { seed: FUZZ_SEED, numRuns: fuzzRuns(4000) },
    )
  })

  it('handles very long input in linear-ish time', () => {
    for (const query of [
      'word '.repeat(100_000),
      '"'.repeat(200_000),
      '-'.repeat(200_000),
      'title:'.repeat(50_000) + 'x',
      '"a" '.repeat(50_000),
      'a OR '.repeat(50_000) + 'b',
      '\ud800'.repeat(100_000),
    ]) {
      const started = performance.now()
      parseOrExplain(query)
      expect(performance.now() - started).toBeLessThan(2000)
    }
  })
})
