import { describe, expect, it } from 'vitest'
import { bytesToBase64 } from './base64'
import { markRuns, parseAliases, plural } from './format'

describe('markRuns', () => {
  it('wraps marked ranges and keeps the rest as plain text', () => {
    expect(
      markRuns('the observers said', [
        [4, 13],
        [14, 18],
      ]),
    ).toEqual([
      { text: 'the ', marked: false },
      { text: 'observers', marked: true },
      { text: ' ', marked: false },
      { text: 'said', marked: true },
    ])
  })

  it('tolerates unordered, overlapping and out-of-range marks', () => {
    const runs = markRuns('abcdef', [
      [3, 9],
      [0, 2],
      [1, 4],
    ])
    expect(runs.map((r) => r.text).join('')).toBe('abcdef')
    expect(runs.filter((r) => r.marked).map((r) => r.text)).toEqual(['ab', 'cd', 'ef'])
  })
})

describe('parseAliases', () => {
  it('splits on commas, trims and drops empties and repeats', () => {
    expect(parseAliases(' R. Reimer, Reimer ,, Reimer')).toEqual(['R. Reimer', 'Reimer'])
  })
})

describe('plural', () => {
  it('counts in words', () => {
    expect(plural(1, 'passage')).toBe('1 passage')
    expect(plural(3, 'passage')).toBe('3 passages')
  })
})

describe('bytesToBase64', () => {
  it('encodes the textbook vectors', () => {
    expect(bytesToBase64(new TextEncoder().encode('Man'))).toBe('TWFu')
    expect(bytesToBase64(new TextEncoder().encode('Ma'))).toBe('TWE=')
    expect(bytesToBase64(new Uint8Array())).toBe('')
  })

  it('round-trips across chunk boundaries', () => {
    const bytes = new Uint8Array(100_000).map((_, i) => (i * 31) % 256)
    const decoded = Uint8Array.from(atob(bytesToBase64(bytes)), (c) => c.charCodeAt(0))
    expect(decoded).toEqual(bytes)
  })
})
