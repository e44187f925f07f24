import { describe, expect, it } from 'vitest'
import { CONTEXT_LENGTH, describeRange, findQuoteOccurrences, trimRange } from './anchoring'

const text = 'The observers arrived early. Later, the observers left: the count was over.'

describe('describeRange', () => {
  it('gives the exact quote with up to 32 characters of context and the positions', () => {
    const start = text.lastIndexOf('observers')
    const { quote, position } = describeRange(text, start, start + 'observers'.length)
    expect(quote).toEqual({
      type: 'TextQuoteSelector',
      exact: 'observers',
      prefix: text.slice(start - CONTEXT_LENGTH, start),
      suffix: ' left: the count was over.',
    })
    expect(position).toEqual({ type: 'TextPositionSelector', start, end: start + 9 })
  })

  it('clips the context at the ends of the text', () => {
    expect(describeRange(text, 0, 3).quote.prefix).toBe('')
    expect(describeRange(text, text.length - 5, text.length).quote.suffix).toBe('')
  })

  it('refuses an empty or out-of-bounds range', () => {
    expect(() => describeRange(text, 5, 5)).toThrow(RangeError)
    expect(() => describeRange(text, -1, 4)).toThrow(RangeError)
    expect(() => describeRange(text, 0, text.length + 1)).toThrow(RangeError)
    expect(() => describeRange(text, 1.5, 4)).toThrow(RangeError)
  })
})

describe('findQuoteOccurrences', () => {
  it('finds every occurrence, overlapping ones too', () => {
    expect(findQuoteOccurrences(text, 'observers')).toEqual([4, text.lastIndexOf('observers')])
    expect(findQuoteOccurrences('aaaa', 'aa')).toEqual([0, 1, 2])
    expect(findQuoteOccurrences(text, 'absent')).toEqual([])
    expect(findQuoteOccurrences(text, '')).toEqual([])
  })
})

describe('trimRange', () => {
  it('drops white space at both ends of a selection', () => {
    expect(trimRange('  two words \n', 0, 13)).toEqual({ start: 2, end: 11 })
    expect(trimRange('   ', 0, 3)).toEqual({ start: 3, end: 3 })
  })
})
