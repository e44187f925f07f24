import { INDEX_FIELDS, type DocumentFields } from './index-fields'
import { analysisOf, DEFAULT_ANALYSIS, visitIndexTokens } from './text-pipeline'

/**
 * One immutable segment of the search index, held in typed arrays.
 *
 * Why not lunr's own Index object: it keeps every posting as a property of a nested object and every
 * document's field vector as an array of boxed numbers. Measured at 10,000 articles, a plain lunr index
 * takes 1.3 GB of memory, 2 s to load (JSON.parse of those objects) and 7 s more to build its TokenSet.
 * The same postings in typed arrays take a few tens of MB and load without parsing. Terms are still made by
 * lunr's tokenizer and pipeline (see text-pipeline.ts), and documents are scored with lunr's BM25.
 *
 * Layout, per field, compressed-sparse-row style: the postings of term t are docs[termStart[t] ..
 * termStart[t + 1]) (ascending document numbers), and the positions of posting p are positions[posStart[p]
 * .. posStart[p + 1]), so a term's frequency in a document is its number of positions. Positions, with the
 * form of the word written at each, answer phrase queries without reading the stored texts. Each document
 * also records the analysis its words were stemmed with (see analysisOf), so that a document whose
 * article's language has since changed is known to be out of date.
 */

/** A document to index: its fields, and its article's language, which decides how its words are stemmed. */
export type IndexedFields = DocumentFields & { language?: string | null }

export interface FieldPostings {
  termStart: Uint32Array
  docs: Uint32Array
  posStart: Uint32Array
  positions: Uint32Array
  /** The form of the word at each position (see formOf): phrases are checked word for word with them. */
  forms: Uint32Array
}

export const FIELD_COUNT = INDEX_FIELDS.length

export class Segment {
  /** Words per field summed over the segment's documents, for BM25's average field length. */
  readonly fieldLengthSums: Float64Array

  constructor(
    /** The vocabulary, sorted by UTF-16 code units (JavaScript's default string order). */
    readonly terms: readonly string[],
    readonly fields: readonly FieldPostings[],
    /** Each document's length in words per field: [doc * FIELD_COUNT + field]. */
    readonly fieldLengths: Uint32Array,
    /** Documents holding each term in any field. */
    readonly documentFrequency: Uint32Array,
    /** Each document's analysis (see analysisOf); none given, every document's is the default. */
    readonly analyses: readonly string[] = new Array<string>(fieldLengths.length / FIELD_COUNT).fill(
      DEFAULT_ANALYSIS,
    ),
  ) {
    this.fieldLengthSums = new Float64Array(FIELD_COUNT)
    for (let i = 0; i < fieldLengths.length; i++) {
      const f = i % FIELD_COUNT
      this.fieldLengthSums[f] = (this.fieldLengthSums[f] ?? 0) + (fieldLengths[i] ?? 0)
    }
  }

  get docCount(): number {
    return this.fieldLengths.length / FIELD_COUNT
  }

  /** The term's number, or -1 if the segment does not hold it. */
  termId(term: string): number {
    const at = lowerBound(this.terms, term)
    return this.terms[at] === term ? at : -1
  }

  /** The numbers of the terms that start with `prefix`: a contiguous range in sorted order. */
  prefixRange(prefix: string): [from: number, to: number] {
    const from = lowerBound(this.terms, prefix)
    let to = from
    while (to < this.terms.length && (this.terms[to] ?? '').startsWith(prefix)) to++
    return [from, to]
  }

  /** Where the posting of `doc` for term `termId` is in the field's arrays, or -1. */
  postingOf(field: number, termId: number, doc: number): number {
    const postings = this.fields[field]
    if (!postings) return -1
    let low = postings.termStart[termId] ?? 0
    let high = (postings.termStart[termId + 1] ?? 0) - 1
    while (low <= high) {
      const middle = (low + high) >>> 1
      const at = postings.docs[middle] ?? 0
      if (at === doc) return middle
      if (at < doc) low = middle + 1
      else high = middle - 1
    }
    return -1
  }
}

/** The first index whose term is not less than `term`. */
export function lowerBound(terms: readonly string[], term: string): number {
  let low = 0
  let high = terms.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if ((terms[middle] ?? '') < term) low = middle + 1
    else high = middle
  }
  return low
}

/** A Uint32Array that grows, for building postings whose count is not known in advance. */
class GrowingArray {
  private data = new Uint32Array(1024)
  length = 0

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Uint32Array(this.data.length * 2)
      bigger.set(this.data)
      this.data = bigger
    }
    this.data[this.length++] = value
  }

  at(i: number): number {
    return this.data[i] ?? 0
  }

  done(): Uint32Array {
    return this.data.slice(0, this.length)
  }
}

/** Indexes documents, numbered in the order given, into a segment. */
export function buildSegment(docs: readonly IndexedFields[]): Segment {
  const vocabulary = new Map<string, number>()
  const lastDoc: number[] = []
  const frequency: number[] = []
  const fieldLengths = new Uint32Array(docs.length * FIELD_COUNT)
  // Every occurrence as (term, doc, position), in document and position order, per field.
  const streams = INDEX_FIELDS.map(() => ({
    term: new GrowingArray(),
    doc: new GrowingArray(),
    position: new GrowingArray(),
    form: new GrowingArray(),
  }))
  const analyses = docs.map((doc) => analysisOf(doc.language))
  docs.forEach((doc, d) => {
    const analysis = analyses[d] ?? DEFAULT_ANALYSIS
    INDEX_FIELDS.forEach((field, f) => {
      const stream = streams[f]
      if (!stream) return
      fieldLengths[d * FIELD_COUNT + f] = visitIndexTokens(doc[field], analysis, (term, position, form) => {
        let id = vocabulary.get(term)
        if (id === undefined) {
          id = vocabulary.size
          vocabulary.set(term, id)
          lastDoc.push(-1)
          frequency.push(0)
        }
        if (lastDoc[id] !== d) {
          lastDoc[id] = d
          frequency[id] = (frequency[id] ?? 0) + 1
        }
        stream.term.push(id)
        stream.doc.push(d)
        stream.position.push(position)
        stream.form.push(form)
      })
    })
  })
  const terms = [...vocabulary.keys()].sort()
  const rank = new Uint32Array(vocabulary.size)
  terms.forEach((term, r) => (rank[vocabulary.get(term) ?? 0] = r))
  const documentFrequency = new Uint32Array(terms.length)
  frequency.forEach((n, id) => (documentFrequency[rank[id] ?? 0] = n))
  const fields = streams.map((stream) => postingsOf(stream, rank, terms.length))
  return new Segment(terms, fields, fieldLengths, documentFrequency, analyses)
}

/**
 * A field's occurrences, sorted by term rank with a stable counting sort (so each term's occurrences stay
 * in document and position order), grouped into postings.
 */
function postingsOf(
  stream: { term: GrowingArray; doc: GrowingArray; position: GrowingArray; form: GrowingArray },
  rank: Uint32Array,
  termCount: number,
): FieldPostings {
  const n = stream.term.length
  const bucketStart = new Uint32Array(termCount + 1)
  for (let i = 0; i < n; i++) {
    const bucket = (rank[stream.term.at(i)] ?? 0) + 1
    bucketStart[bucket] = (bucketStart[bucket] ?? 0) + 1
  }
  for (let t = 0; t < termCount; t++) bucketStart[t + 1] = (bucketStart[t + 1] ?? 0) + (bucketStart[t] ?? 0)
  const next = bucketStart.slice(0, termCount)
  const order = new Uint32Array(n)
  for (let i = 0; i < n; i++) {
    const bucket = rank[stream.term.at(i)] ?? 0
    const at = next[bucket] ?? 0
    order[at] = i
    next[bucket] = at + 1
  }
  const termStart = new Uint32Array(termCount + 1)
  const docs = new GrowingArray()
  const posStart = new GrowingArray()
  const positions = new Uint32Array(n)
  const forms = new Uint32Array(n)
  let t = 0
  for (let k = 0; k < n; k++) {
    const i = order[k] ?? 0
    const r = rank[stream.term.at(i)] ?? 0
    const doc = stream.doc.at(i)
    const startsTerm = k === 0 || r !== t
    while (t < r) termStart[++t] = docs.length
    if (startsTerm || docs.at(docs.length - 1) !== doc) {
      docs.push(doc)
      posStart.push(k)
    }
    positions[k] = stream.position.at(i)
    forms[k] = stream.form.at(i)
  }
  while (t < termCount) termStart[++t] = docs.length
  posStart.push(n)
  return { termStart, docs: docs.done(), posStart: posStart.done(), positions, forms }
}

/**
 * Several segments as one, without indexing anything again: their documents are renumbered in order
 * (part after part) and `keep` drops the ones no longer live. A merge is array copying, so it is cheap
 * enough to run between two requests.
 */
export function mergeSegments(parts: ReadonlyArray<{ segment: Segment; keep: (doc: number) => boolean }>): {
  segment: Segment
  sources: Array<[part: number, doc: number]>
} {
  const sources: Array<[number, number]> = []
  const renumber = parts.map(({ segment, keep }, p) => {
    const to = new Int32Array(segment.docCount).fill(-1)
    for (let d = 0; d < segment.docCount; d++) {
      if (keep(d)) {
        to[d] = sources.length
        sources.push([p, d])
      }
    }
    return to
  })
  const terms = [...new Set(parts.flatMap(({ segment }) => segment.terms))].sort()
  const fieldLengths = new Uint32Array(sources.length * FIELD_COUNT)
  sources.forEach(([p, d], doc) => {
    const lengths = parts[p]?.segment.fieldLengths
    if (lengths) fieldLengths.set(lengths.subarray(d * FIELD_COUNT, (d + 1) * FIELD_COUNT), doc * FIELD_COUNT)
  })
  // Each part's term number for every merged term, or -1.
  const termIds = parts.map(({ segment }) => {
    const ids = new Int32Array(terms.length).fill(-1)
    let cursor = 0
    terms.forEach((term, t) => {
      while (cursor < segment.terms.length && (segment.terms[cursor] ?? '') < term) cursor++
      if (segment.terms[cursor] === term) ids[t] = cursor
    })
    return ids
  })
  const fields = INDEX_FIELDS.map((_, f) => mergeField(parts, f, termIds, renumber, terms.length))
  const documentFrequency = new Uint32Array(terms.length)
  // A document counts once per term even if several fields hold the term.
  const seenFor = new Int32Array(sources.length).fill(-1)
  for (let t = 0; t < terms.length; t++) {
    let count = 0
    for (const postings of fields) {
      for (let p = postings.termStart[t] ?? 0; p < (postings.termStart[t + 1] ?? 0); p++) {
        const doc = postings.docs[p] ?? 0
        if (seenFor[doc] !== t) {
          seenFor[doc] = t
          count++
        }
      }
    }
    documentFrequency[t] = count
  }
  const analyses = sources.map(([p, d]) => parts[p]?.segment.analyses[d] ?? DEFAULT_ANALYSIS)
  const merged = new Segment(terms, fields, fieldLengths, documentFrequency, analyses)
  return { segment: documentFrequency.includes(0) ? withoutUnusedTerms(merged) : merged, sources }
}

/** Drops the terms only left-out documents held, so expansions and counts never see them. */
function withoutUnusedTerms(segment: Segment): Segment {
  const used: number[] = []
  segment.documentFrequency.forEach((n, t) => n > 0 && used.push(t))
  const fields = segment.fields.map((field) => {
    const termStart = new Uint32Array(used.length + 1)
    used.forEach((t, i) => (termStart[i] = field.termStart[t] ?? 0))
    termStart[used.length] = field.docs.length
    return { ...field, termStart }
  })
  return new Segment(
    used.map((t) => segment.terms[t] ?? ''),
    fields,
    segment.fieldLengths,
    Uint32Array.from(used, (t) => segment.documentFrequency[t] ?? 0),
    segment.analyses,
  )
}

function mergeField(
  parts: ReadonlyArray<{ segment: Segment }>,
  field: number,
  termIds: Int32Array[],
  renumber: Int32Array[],
  termCount: number,
): FieldPostings {
  let postingCount = 0
  let positionCount = 0
  for (const { segment } of parts) {
    postingCount += segment.fields[field]?.docs.length ?? 0
    positionCount += segment.fields[field]?.positions.length ?? 0
  }
  const termStart = new Uint32Array(termCount + 1)
  const docs = new Uint32Array(postingCount)
  const posStart = new Uint32Array(postingCount + 1)
  const positions = new Uint32Array(positionCount)
  const forms = new Uint32Array(positionCount)
  let written = 0
  let writtenPositions = 0
  for (let t = 0; t < termCount; t++) {
    termStart[t] = written
    parts.forEach(({ segment }, p) => {
      const source = segment.fields[field]
      const id = termIds[p]?.[t] ?? -1
      const to = renumber[p]
      if (!source || id < 0 || !to) return
      for (let q = source.termStart[id] ?? 0; q < (source.termStart[id + 1] ?? 0); q++) {
        const doc = to[source.docs[q] ?? 0] ?? -1
        if (doc < 0) continue
        const from = source.posStart[q] ?? 0
        const until = source.posStart[q + 1] ?? 0
        docs[written] = doc
        posStart[written] = writtenPositions
        // A plain loop: most postings hold one or two positions, too few for a subarray to pay off.
        for (let x = from; x < until; x++) {
          positions[writtenPositions] = source.positions[x] ?? 0
          forms[writtenPositions++] = source.forms[x] ?? 0
        }
        written++
      }
    })
  }
  termStart[termCount] = written
  posStart[written] = writtenPositions
  return {
    termStart,
    docs: docs.slice(0, written),
    posStart: posStart.slice(0, written + 1),
    positions: positions.slice(0, writtenPositions),
    forms: forms.slice(0, writtenPositions),
  }
}
