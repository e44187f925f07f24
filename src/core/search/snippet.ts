import type { SearchHit } from '../../shared/model'
import { phrasePattern } from './run-query'
import { analysisOfTerms, matchingSpans } from './text-pipeline'

const SNIPPET_LENGTH = 240
const LEAD_IN = 70
/** Shown where one block ends and the next begins, so a heading does not run into its paragraph. */
const BLOCK_BREAK = ' · '

/**
 * A snippet around the first place the query's terms occur, with every occurrence in it marked.
 * Computed only for the page of results shown, from the stored text. The text's words are taken as the
 * index holds them for the text's analysis: the one given, else the one the matched terms carry (see
 * MatchedTerms), else the default.
 */
export function makeSnippet(
  text: string,
  terms: ReadonlySet<string>,
  phrases: readonly string[] = [],
  analysis: string = analysisOfTerms(terms),
): Pick<SearchHit, 'snippet' | 'marks' | 'firstMatch'> {
  const matches = markedSpans(text, terms, phrases, SNIPPET_LENGTH, analysis)
  const first = matches[0]
  let start = first ? Math.max(0, first.start - LEAD_IN) : 0
  if (start > 0) {
    // Begin at a word boundary so the snippet does not open with half a word.
    const space = text.indexOf(' ', start)
    if (space !== -1 && space < (first?.start ?? start)) start = space + 1
  }
  let end = Math.min(text.length, start + SNIPPET_LENGTH)
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end)
    if (space > start) end = space
  }
  const prefix = start > 0 ? '…' : ''
  // Line breaks (between blocks) become a visible break; marks shift by each replacement's change in length.
  const slice = text.slice(start, end)
  const gaps = [...slice.matchAll(/\s*\n\s*/g)].map((m) => ({
    end: start + m.index + m[0].length,
    length: m[0].length,
  }))
  const body = slice.replace(/\s*\n\s*/g, BLOCK_BREAK)
  const shift = (offset: number) =>
    gaps.reduce(
      (moved, gap) => (gap.end <= offset ? moved + BLOCK_BREAK.length - gap.length : moved),
      offset - start + prefix.length,
    )
  const snippet = prefix + body + (end < text.length ? '…' : '')
  const marks: Array<[number, number]> = matches
    .filter((m) => m.start >= start && m.end <= end)
    .map((m) => [shift(m.start), shift(m.end)])
  return { snippet, marks, firstMatch: first ? first.start : null }
}

/** Where the words and phrases occur, in text order; a phrase is one mark and covers its own words. */
export function markedSpans(
  text: string,
  terms: ReadonlySet<string>,
  phrases: readonly string[],
  /** For a snippet: the length past the first match where marks are still needed. */
  within = Infinity,
  /** The text's analysis (see makeSnippet). */
  analysis: string = analysisOfTerms(terms),
) {
  const phraseSpans = phrases.flatMap((phrase) => {
    const pattern = phrasePattern(phrase)
    return pattern
      ? [...text.matchAll(pattern)].map((m) => ({ start: m.index, end: m.index + m[0].length }))
      : []
  })
  const inPhrase = (span: { start: number; end: number }) =>
    phraseSpans.some((p) => span.start >= p.start && span.end <= p.end)
  const words = matchingSpans(text, terms, within, analysis).filter((span) => !inPhrase(span))
  return [...phraseSpans, ...words].sort((a, b) => a.start - b.start)
}
