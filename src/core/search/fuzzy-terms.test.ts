import { describe, expect, it } from 'vitest'
import { fuzzyTerms } from './fuzzy-terms'

/** Edit distance with adjacent swaps (optimal string alignment), the plain quadratic way, as a yardstick. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  )
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i]!
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      row[j] = Math.min(d[i - 1]![j]! + 1, row[j - 1]! + 1, d[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1)
      }
    }
  }
  return d[a.length]![b.length]!
}

const VOCABULARY = [
  'govern',
  'government',
  'governor',
  'goverment',
  'gvernment',
  'ogvernment',
  'harbour',
  'harbor',
  'habrour',
  'токаев',
  'тоқаев',
  'тока',
  'ток',
  'a',
  'ab',
  'abc',
  '',
  'zzz',
  '≈tokaev',
].sort()

describe('fuzzyTerms', () => {
  it('finds exactly the terms within the edit limit, with their distance, as a brute-force check does', () => {
    for (const word of ['government', 'harbour', 'токаев', 'ab', 'x', 'tokaev', '≈tokaev', 'goverment']) {
      for (const limit of [1, 2]) {
        const expected = VOCABULARY.flatMap((term, id) => {
          const d = distance(word, term)
          return d <= limit ? [{ id, distance: d }] : []
        })
        expect(fuzzyTerms(VOCABULARY, word, limit), `${word}~${limit}`).toEqual(expected)
      }
    }
  })

  it('keeps the first letters as typed when asked to', () => {
    const terms = ['cover', 'gove', 'gover', 'govern', 'over', '≈gover', '≈tokaev', '≈dokaev'].sort()
    const found = (word: string, fixed: number) =>
      fuzzyTerms(terms, word, 1, fixed).map(({ id }) => terms[id])
    expect(found('gover', 0)).toEqual(['cover', 'gove', 'gover', 'govern', 'over', '≈gover'])
    expect(found('gover', 1)).toEqual(['gove', 'gover', 'govern'])
    expect(found('≈tokaev', 2)).toEqual(['≈tokaev'])
  })

  it('counts two swapped neighbours as one edit', () => {
    expect(fuzzyTerms(['habrour'], 'harbour', 1)).toEqual([{ id: 0, distance: 1 }])
  })

  it('skips whole runs of terms that share a hopeless prefix', () => {
    const terms = Array.from({ length: 20000 }, (_, i) => `q${i.toString(36).padStart(4, '0')}`)
    terms.push('strike', 'strikes', 'stroke')
    terms.sort()
    expect(fuzzyTerms(terms, 'strike', 1).map(({ id }) => terms[id])).toEqual(['strike', 'strikes', 'stroke'])
  })
})
