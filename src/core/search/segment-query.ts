import { FIELD_BOOSTS, INDEX_FIELDS, type IndexField } from './index-fields'
import { fuzzyTerms } from './fuzzy-terms'
import { fuzzyFixedLength } from './text-pipeline'
import { FIELD_COUNT, type Segment } from './segment'

/**
 * Scoring and matching inside one segment, on one scale across all segments.
 *
 * The score is lunr's BM25 (its k1 and b, its idf formula, its field boosts), computed at query time from
 * each posting's term frequency and field length with the idf and average field lengths of the whole
 * archive — so an article scores the same whichever segment holds it (lunr bakes each index's own idf in,
 * which made a new article in a one-document segment score ten times lower).
 */

const K1 = 1.2
const B = 0.75

/** One query word as a segment is asked for it: the fields to look in and the term numbers it stands for. */
export interface SegmentTerms {
  fields: readonly number[]
  /** Term numbers with their weight: the archive-wide idf times how close the term is to what was asked. */
  terms: ReadonlyArray<{ id: number; weight: number }>
}

export interface ArchiveStats {
  documents: number
  averageFieldLength: Float64Array
}

export function archiveStats(segments: readonly Segment[]): ArchiveStats {
  const sums = new Float64Array(FIELD_COUNT)
  let documents = 0
  for (const segment of segments) {
    documents += segment.docCount
    segment.fieldLengthSums.forEach((sum, f) => (sums[f] = (sums[f] ?? 0) + sum))
  }
  return {
    documents,
    averageFieldLength: sums.map((sum) => (documents > 0 && sum > 0 ? sum / documents : 1)),
  }
}

/** lunr's idf formula (lunr.idf). */
export function bm25Idf(documentsWithTerm: number, documentCount: number): number {
  const x = (documentCount - documentsWithTerm + 0.5) / (documentsWithTerm + 0.5)
  return Math.log(1 + Math.abs(x))
}

export function fieldNumbers(fields: readonly IndexField[]): number[] {
  return fields.map((field) => INDEX_FIELDS.indexOf(field))
}

/** The segment's terms a query word stands for, with how close each is (1 = as asked). */
export function expandWord(
  segment: Segment,
  word: { term: string; prefix: boolean; editDistance: number },
): Array<{ id: number; closeness: number }> {
  if (word.prefix) {
    const [from, to] = segment.prefixRange(word.term)
    return Array.from({ length: to - from }, (_, i) => ({ id: from + i, closeness: 1 }))
  }
  if (word.editDistance > 0) {
    // A term one edit away counts half as much as the word itself, so exact spellings rank first.
    const fixed = fuzzyFixedLength(word.term)
    return fuzzyTerms(segment.terms, word.term, word.editDistance, fixed).map(({ id, distance }) => ({
      id,
      closeness: 1 / (1 + distance),
    }))
  }
  const id = segment.termId(word.term)
  return id < 0 ? [] : [{ id, closeness: 1 }]
}

/**
 * The documents holding every query word (in any of its alternatives' terms, in their fields), with their
 * scores. One pass per word over its postings: a document that missed an earlier word is passed over.
 */
export function scanSegment(
  segment: Segment,
  words: ReadonlyArray<readonly SegmentTerms[]>,
  stats: ArchiveStats,
): { docs: number[]; scores: Float64Array } {
  const matched = new Uint16Array(segment.docCount)
  const scores = new Float64Array(segment.docCount)
  const lengths = segment.fieldLengths
  for (let k = 0; k < words.length; k++) {
    const alternatives = words[k] ?? []
    if (alternatives.every((alternative) => alternative.terms.length === 0)) return { docs: [], scores }
    for (const alternative of alternatives) scoreTerms(alternative, k)
  }
  const docs: number[] = []
  for (let doc = 0; doc < matched.length; doc++) if (matched[doc] === words.length) docs.push(doc)
  return { docs, scores }

  function scoreTerms(word: SegmentTerms, k: number): void {
    for (const { id, weight } of word.terms) {
      for (const f of word.fields) {
        const postings = segment.fields[f]
        if (!postings) continue
        const boost = FIELD_BOOSTS[INDEX_FIELDS[f] as IndexField] * weight
        const average = stats.averageFieldLength[f] ?? 1
        const end = postings.termStart[id + 1] ?? 0
        for (let p = postings.termStart[id] ?? 0; p < end; p++) {
          const doc = postings.docs[p] ?? 0
          const seen = matched[doc] ?? 0
          if (seen < k) continue
          if (seen === k) matched[doc] = k + 1
          const tf = (postings.posStart[p + 1] ?? 0) - (postings.posStart[p] ?? 0)
          const length = lengths[doc * FIELD_COUNT + f] ?? 0
          scores[doc] =
            (scores[doc] ?? 0) + (boost * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * length) / average))
        }
      }
    }
  }
}

/**
 * Whether the document holds the words at these offsets from one another, each written in its form, in
 * one of the fields.
 */
export function hasPhrase(
  segment: Segment,
  doc: number,
  fields: readonly number[],
  words: ReadonlyArray<{ id: number; offset: number; form: number }>,
): boolean {
  const lists = new Int32Array(words.length)
  for (const f of fields) {
    const postings = segment.fields[f]
    if (!postings) continue
    let present = true
    for (let i = 0; i < words.length && present; i++) {
      lists[i] = segment.postingOf(f, words[i]?.id ?? -1, doc)
      present = (lists[i] ?? -1) >= 0
    }
    if (!present) continue
    const first = lists[0] ?? 0
    for (let x = postings.posStart[first] ?? 0; x < (postings.posStart[first + 1] ?? 0); x++) {
      const start = postings.positions[x] ?? 0
      let all = true
      for (let i = 0; i < words.length && all; i++) {
        const { offset, form } = words[i] as { offset: number; form: number }
        const at = positionIndex(postings.positions, postings.posStart, lists[i] ?? 0, start + offset)
        all = at >= 0 && postings.forms[at] === form
      }
      if (all) return true
    }
  }
  return false
}

/** Where in `positions` the posting holds the wanted position, or -1. */
function positionIndex(positions: Uint32Array, posStart: Uint32Array, posting: number, wanted: number) {
  let low = posStart[posting] ?? 0
  let high = (posStart[posting + 1] ?? 0) - 1
  while (low <= high) {
    const middle = (low + high) >>> 1
    const at = positions[middle] ?? 0
    if (at === wanted) return middle
    if (at < wanted) low = middle + 1
    else high = middle - 1
  }
  return -1
}
