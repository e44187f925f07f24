import type lunr from 'lunr'

/**
 * Scores that compare across segments.
 *
 * lunr bakes each term's BM25 weight into its document vectors with the idf of the index it was built in,
 * so a new article in a one-document segment scores many times lower than the same text in a large segment.
 * Rescaling each term's weight by (idf over the whole archive / idf in its segment) gives every segment the
 * same yardstick, without storing anything more than lunr already stores.
 */

type Posting = Record<string, Record<string, unknown>> & { _index: number }

/** The parts of a loaded lunr index this module reads; lunr's typings do not expose them. */
interface IndexInternals {
  invertedIndex: Record<string, Posting | undefined>
  fieldVectors: Record<string, { elements: number[] } | undefined>
  fields: string[]
}

export interface ScoredSegment {
  index: lunr.Index
  documentCount: number
}

function internals(index: lunr.Index): IndexInternals {
  return index as unknown as IndexInternals
}

/** A segment never changes once built, so its per-term counts are kept with it. */
const counted = new WeakMap<lunr.Index, Map<string, number>>()

/** Documents containing the term, counted per field as lunr's own idf counts them. */
function documentsWithTerm(index: lunr.Index, term: string): number {
  let counts = counted.get(index)
  if (!counts) counted.set(index, (counts = new Map()))
  const known = counts.get(term)
  if (known !== undefined) return known
  const posting = internals(index).invertedIndex[term]
  let count = 0
  if (posting) for (const field of internals(index).fields) count += Object.keys(posting[field] ?? {}).length
  counts.set(term, count)
  return count
}

/** lunr's idf formula (lunr.idf), so rescaled weights are exactly lunr's weights with another idf. */
export function bm25Idf(documentsWithTerm: number, documentCount: number): number {
  const x = (documentCount - documentsWithTerm + 0.5) / (documentsWithTerm + 0.5)
  return Math.log(1 + Math.abs(x))
}

/** For each segment, each term's factor from its segment idf to the archive-wide idf. */
export function idfCorrections(segments: ScoredSegment[], terms: string[]): Array<Map<string, number>> {
  const totalDocuments = segments.reduce((n, s) => n + s.documentCount, 0)
  const perSegment = segments.map((s) => new Map(terms.map((t) => [t, documentsWithTerm(s.index, t)])))
  const global = new Map(
    terms.map((t) => [
      t,
      bm25Idf(
        perSegment.reduce((n, counts) => n + (counts.get(t) ?? 0), 0),
        totalDocuments,
      ),
    ]),
  )
  return segments.map((segment, i) => {
    const corrections = new Map<string, number>()
    for (const term of terms) {
      const local = bm25Idf(perSegment[i]?.get(term) ?? 0, segment.documentCount)
      corrections.set(term, local > 0 ? (global.get(term) ?? 0) / local : 0)
    }
    return corrections
  })
}

/** The value of one element of a lunr vector (a flat [index, value, index, value…] list, sorted by index). */
function elementValue(elements: number[], wanted: number): number {
  let low = 0
  let high = elements.length / 2 - 1
  while (low <= high) {
    const middle = (low + high) >> 1
    const index = elements[middle * 2] ?? 0
    if (index === wanted) return elements[middle * 2 + 1] ?? 0
    if (index < wanted) low = middle + 1
    else high = middle - 1
  }
  return 0
}

/** A document's score for the terms: the sum over fields and terms of lunr's weights, idf-corrected. */
export function globalScore(
  index: lunr.Index,
  ref: string,
  terms: string[],
  corrections: Map<string, number>,
): number {
  const { invertedIndex, fieldVectors, fields } = internals(index)
  let score = 0
  for (const term of terms) {
    const termIndex = invertedIndex[term]?._index
    if (termIndex === undefined) continue
    const correction = corrections.get(term) ?? 0
    for (const field of fields) {
      const vector = fieldVectors[`${field}/${ref}`]
      if (vector) score += elementValue(vector.elements, termIndex) * correction
    }
  }
  return score
}
