import { describe, expect, it } from 'vitest'
import { ownFixture } from '../testing/temp-archive'
import { matchingSpans, skeletonTermOf, termOf, textTerms, wordSpans } from './text-pipeline'
import { makeSnippet } from './snippet'

describe('the token pipeline', () => {
  it('keeps Cyrillic and other scripts, which lunr’s default trimmer deletes', () => {
    expect(termOf('Наблюдатели')).toBe('наблюдател') // Russian stemming
    expect(termOf('«Тоқаев»,')).toBe('тоқаев')
    expect(termOf('München')).toBe('munchen')
    expect(termOf('東京')).toBe('東京')
  })

  it('trims punctuation, drops stop words and stems English', () => {
    expect(termOf('“Shal,')).toBe('shal')
    expect(termOf('observers.')).toBe('observ')
    expect(termOf('the')).toBeNull()
    expect(termOf('—')).toBeNull()
  })

  it('splits queries as the index does and drops what is not indexed', () => {
    expect(textTerms('the Observers, and  наблюдатели!')).toEqual(['observ', 'наблюдател'])
    expect(textTerms('well-known')).toEqual(['well', 'known'])
  })

  it('finds every indexed word with its offsets', () => {
    const text = 'Observers counted: “Тоқаев won.”'
    expect(wordSpans(text).map((s) => [text.slice(s.start, s.end), s.term])).toEqual([
      ['Observers', 'observ'],
      ['counted', 'count'],
      ['Тоқаев', 'тоқаев'],
      ['won', 'won'],
    ])
  })
})

describe('matchingSpans', () => {
  it('finds exactly the words a full scan finds, for stems that differ from the word', () => {
    const text =
      [ownFixture('harbour-strike.txt'), ownFixture('almaty-ru.txt')].join('\n') +
      ' policy policies cities city'
    const all = wordSpans(text)
    for (const terms of [
      ['observ'],
      ['polici', 'citi'],
      ['strike', 'port', 'veles'],
      ['наблюдатели', 'тоқаев'],
      ['absent'],
    ]) {
      const set = new Set(terms)
      expect(matchingSpans(text, set)).toEqual(all.filter((span) => set.has(span.term)))
    }
    expect(matchingSpans(text, new Set(['polici'])).length).toBe(2)
  })

  it('finds a skeleton in capitalised words only, in any script, as a plain regular expression finds them', () => {
    const words =
      'ÉCOLE école aÉcole 1Ecole _Ecole ’Ecole Ωmega ωΩmega 𝐀lpha a𝐀lpha ТОКАЕВ Тоқаев токаев tokAyev ' +
      'Tokayev’s O’Brien İstanbul B.C.'
    const text = `${words}\n${ownFixture('almaty-ru.txt')}`
    // What the scan must find, written the obvious (and slow) way.
    const capitalised = [
      ...text.matchAll(/(?<![\p{L}\p{N}\p{M}])\p{Lu}(?:[\p{L}\p{N}\p{M}'’_.]*[\p{L}\p{N}\p{M}])?/gu),
    ].filter((m) => skeletonTermOf(m[0]) !== null)
    const skeletons = new Set(capitalised.map((m) => skeletonTermOf(m[0]) ?? ''))
    expect(matchingSpans(text, skeletons).map((span) => [span.start, span.word])).toEqual(
      capitalised.map((m) => [m.index, m[0]]),
    )
    expect(matchingSpans(words, new Set(['≈tokaev'])).map((span) => span.word)).toEqual([
      'ТОКАЕВ',
      'Тоқаев',
      'Tokayev’s',
    ])
  })
})

describe('makeSnippet', () => {
  it('opens near the first match at a word boundary and marks every occurrence in it', () => {
    const filler = 'Lorem ipsum dolor sit amet consectetur. '.repeat(10)
    const text = `${filler}The observers counted. Observers left.${filler}`
    const { snippet, marks, firstMatch } = makeSnippet(text, new Set(['observ']))
    expect(firstMatch).toBe(text.indexOf('observers'))
    expect(snippet.startsWith('…')).toBe(true)
    expect(snippet.endsWith('…')).toBe(true)
    expect(marks.map(([a, b]) => snippet.slice(a, b))).toEqual(['observers', 'Observers'])
  })

  it('shows block breaks and keeps the marks on the words after them', () => {
    const text = 'Observers at the polls\n\nThe observers counted.\n\nObservers left.'
    const { snippet, marks } = makeSnippet(text, new Set(['observ']))
    expect(snippet).toBe('Observers at the polls · The observers counted. · Observers left.')
    expect(marks.map(([a, b]) => snippet.slice(a, b))).toEqual(['Observers', 'observers', 'Observers'])
  })

  it('shows the opening of the text when nothing matches', () => {
    expect(makeSnippet('Short text.', new Set(['absent']))).toEqual({
      snippet: 'Short text.',
      marks: [],
      firstMatch: null,
    })
  })
})
