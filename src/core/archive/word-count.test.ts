import { describe, expect, it } from 'vitest'
import { ownFixture } from '../testing/temp-archive'
import { countWords } from './word-count'

/** The definition the count keeps: runs of letters and digits in any script. */
const byRegex = (text: string) => text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0

describe('word count', () => {
  it('counts runs of letters and digits in any script', () => {
    expect(countWords('')).toBe(0)
    expect(countWords('  — … ')).toBe(0)
    expect(countWords('Tokayev won 81% of the vote.')).toBe(6)
    expect(countWords('Токаев набрал 81 процент; Қазақстан')).toBe(5)
    expect(countWords("don't stop-gap")).toBe(4)
    expect(countWords('選挙 2022')).toBe(2)
    // Beyond the BMP: mathematical letters and a CJK extension ideograph are letters; an emoji is not.
    expect(countWords('𝐀𝐁 𠀀x 😀 a😀b')).toBe(4)
  })

  it('agrees with the regular expression on real text and on every BMP character', () => {
    for (const name of ['harbour-strike.txt', 'almaty-ru.txt', 'saved-page.html']) {
      const text = ownFixture(name).toString('utf8')
      expect(countWords(text), name).toBe(byRegex(text))
    }
    let all = ''
    for (let code = 1; code < 0x10000; code++)
      if (code < 0xd800 || code > 0xdfff) all += String.fromCharCode(code) + ' '
    expect(countWords(all)).toBe(byRegex(all))
    // A lone surrogate is no letter, whichever half it is.
    expect(countWords('a\ud800 b\udc00c')).toBe(byRegex('a\ud800 b\udc00c'))
  })
})
