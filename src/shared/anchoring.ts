import type { TextPositionSelector, TextQuoteSelector } from './model'

/** Context kept on each side of a quote, as Hypothesis does: enough to tell repeated quotes apart. */
export const CONTEXT_LENGTH = 32

export interface Selectors {
  quote: TextQuoteSelector
  position: TextPositionSelector
}

/** Describes the [start, end) range of `text` with a W3C TextQuoteSelector and TextPositionSelector. */
export function describeRange(text: string, start: number, end: number): Selectors {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > text.length || start >= end) {
    throw new RangeError(`range ${start}–${end} is not inside a text of ${text.length} characters`)
  }
  return {
    quote: {
      type: 'TextQuoteSelector',
      exact: text.slice(start, end),
      prefix: text.slice(Math.max(0, start - CONTEXT_LENGTH), start),
      suffix: text.slice(end, end + CONTEXT_LENGTH),
    },
    position: { type: 'TextPositionSelector', start, end },
  }
}

/** Every start offset at which `quote` occurs in `text` (overlapping occurrences included). */
export function findQuoteOccurrences(text: string, quote: string): number[] {
  const found: number[] = []
  if (!quote) return found
  for (let at = text.indexOf(quote); at !== -1; at = text.indexOf(quote, at + 1)) found.push(at)
  return found
}

/** Trims whitespace off both ends of a range, so a sloppy selection still quotes only words. */
export function trimRange(text: string, start: number, end: number): { start: number; end: number } {
  let s = start
  let e = end
  while (s < e && /\s/.test(text[s] ?? '')) s++
  while (e > s && /\s/.test(text[e - 1] ?? '')) e--
  return { start: s, end: e }
}
