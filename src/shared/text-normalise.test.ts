import { describe, expect, it } from 'vitest'
import { normaliseForMatching, toNormalisedOffset, toOriginalRange } from './text-normalise'

describe('normaliseForMatching', () => {
  it('folds white space runs, quote marks, dashes, ellipses and invisible characters', () => {
    const original = '“Yes,”\u00a0she said\n\n— it’s done…\u200b now'
    expect(normaliseForMatching(original).text).toBe('"Yes," she said - it\'s done... now')
  })

  it('leaves plain text as it is', () => {
    const plain = 'The observers arrived early; the count was over by noon.'
    const { text, offsets } = normaliseForMatching(plain)
    expect(text).toBe(plain)
    expect([...offsets]).toEqual([...Array(plain.length + 1).keys()])
  })

  it('remembers where every folded character came from', () => {
    const original = 'a  \n b…c'
    const folded = normaliseForMatching(original)
    expect(folded.text).toBe('a b...c')
    expect([...folded.offsets]).toEqual([0, 1, 5, 6, 6, 6, 7, 8])
    for (let i = 0; i < folded.text.length; i++) {
      const source = original[folded.offsets[i] ?? -1] ?? ''
      expect(normaliseForMatching(source).text).toContain(folded.text[i])
    }
  })

  it('handles the empty text', () => {
    expect(normaliseForMatching('')).toEqual({ text: '', offsets: Int32Array.of(0) })
  })
})

describe('offset mapping', () => {
  const original = 'one  two\n\nthree…'
  const folded = normaliseForMatching(original)

  it('maps a folded range back to the original range it covers', () => {
    const start = folded.text.indexOf('two')
    expect(toOriginalRange(folded, start, start + 3)).toEqual({ start: 5, end: 8 })
    const dots = folded.text.indexOf('...')
    expect(toOriginalRange(folded, dots, dots + 3)).toEqual({ start: 15, end: 16 })
  })

  it('maps an original offset to the first folded character at or after it', () => {
    expect(toNormalisedOffset(folded, 0)).toBe(0)
    expect(toNormalisedOffset(folded, 5)).toBe(folded.text.indexOf('two'))
    expect(toNormalisedOffset(folded, 4)).toBe(folded.text.indexOf('two'))
    expect(toNormalisedOffset(folded, original.length)).toBe(folded.text.length)
  })
})
