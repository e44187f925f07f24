import type { ParsedQuery, QueryClause, TermClause } from '../../shared/search-query'
import { evaluateQuery, EVERYTHING } from './evaluate-query'
import { phrasePattern } from './run-query'
import {
  alternativesOf,
  CJK,
  fuzzyAlternativesOf,
  fuzzyFixedLength,
  prefixForms,
  skeletonTermOf,
  textTerms,
  wordSpans,
} from './text-pipeline'

/**
 * An in-memory index of small texts (highlights' quotes and notes, entities' names), answering the query
 * language of article search with the same analysis of words. Used by related search (related-search.ts).
 */

/** Bit of a field in a document's field mask. */
export type FieldMask = number

interface TermDoc {
  key: string
  stamp: string
  /** The raw texts of the document's fields: quote and note, or one name. */
  fields: string[]
}

/** How one document matched a query. */
export interface DocMatch {
  fields: FieldMask
  /** The document's terms that matched, and the phrases verified in it: for marking. */
  terms: Set<string>
  phrases: string[]
  /** Clauses matched: more is a better match. */
  clauses: number
}

/**
 * The terms of a text as the article index holds them: each word's term, CJK runs as their bigrams, and a
 * skeleton term for the words that get one there (capitalised ones) — or for every word, in a name.
 */
function analyse(text: string, skeletonForEveryWord: boolean): string[] {
  const terms: string[] = []
  for (const span of wordSpans(text)) {
    if (CJK.test(span.word)) {
      terms.push(...textTerms(span.word))
      continue
    }
    terms.push(span.term)
    if (skeletonForEveryWord || span.word !== span.word.toLowerCase()) {
      const skeleton = skeletonTermOf(span.word)
      if (skeleton) terms.push(skeleton)
    }
  }
  return terms
}

/** Whether two terms are at most `max` edits apart (insertion, deletion, substitution, two letters swapped). */
export function withinEdits(a: string, b: string, max: number): boolean {
  if (a === b) return true
  if (Math.abs(a.length - b.length) > max) return false
  const width = b.length + 1
  let before = new Array<number>(width).fill(0)
  let previous = Array.from({ length: width }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = new Array<number>(width).fill(i)
    let best = i
    for (let j = 1; j < width; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let edits = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        edits = Math.min(edits, (before[j - 2] ?? 0) + 1)
      }
      row[j] = edits
      best = Math.min(best, edits)
    }
    // Every path onwards passes through this row: past the limit here, past it for good.
    if (best > max) return false
    before = previous
    previous = row
  }
  return (previous[b.length] ?? max + 1) <= max
}

/**
 * The terms a word clause stands for: a word is any of its spellings (alternativesOf), a fuzzy word its
 * fuzzy spellings, a prefix the terms that start as typed or as its stem. This follows the article search's
 * rules (run-query.ts), so the two agree on what a word finds — stems under the archive's analyses too.
 */
function termMatcher(
  clause: TermClause,
  analyses: readonly string[],
): ((term: string) => boolean) | string[] {
  if (clause.prefix) {
    const { prefixes, wholeTerms } = prefixForms(clause.text, analyses)
    if (prefixes.length === 0) return []
    const whole = new Set(wholeTerms)
    return (term) => whole.has(term) || prefixes.some((prefix) => term.startsWith(prefix))
  }
  if (clause.fuzzy > 0) {
    const alternatives = fuzzyAlternativesOf(clause.text, analyses)
    if (alternatives.length === 0) return []
    // The leading letters are kept as typed, as in article search.
    return (term) =>
      alternatives.some(
        (alternative) =>
          term.startsWith(alternative.slice(0, fuzzyFixedLength(alternative))) &&
          withinEdits(alternative, term, clause.fuzzy),
      )
  }
  return alternativesOf(clause.text, analyses)
}

/** The documents holding one term: document numbers, and beside each the fields the term is in. */
interface Posting {
  docs: number[]
  fields: FieldMask[]
}

/**
 * Documents (small texts with a few fields each) and the inverted index of their terms. Documents are
 * numbered and postings are plain arrays, which an archive's worth of highlights fills several times
 * faster than sets would; a replaced or removed document only leaves its number dead in the postings,
 * skipped when read and dropped when the dead outnumber the live.
 */
export class TermIndex {
  private docs: Array<TermDoc | undefined> = []
  private readonly numbers = new Map<string, number>()
  private postings = new Map<string, Posting>()
  private dead = 0
  /**
   * The analyses of the archive's articles other than the default (see SearchIndex.analyses): the texts
   * here are analysed as the default does, but a query word is also looked up as each of these stems it,
   * as in article search, so that it finds what it finds there.
   */
  analyses: readonly string[] = []

  constructor(private readonly skeletonForEveryWord: boolean) {}

  stampOf(key: string): string | undefined {
    return this.doc(key)?.stamp
  }

  doc(key: string): TermDoc | undefined {
    const number = this.numbers.get(key)
    return number === undefined ? undefined : this.docs[number]
  }

  keys(): IterableIterator<string> {
    return this.numbers.keys()
  }

  put(key: string, stamp: string, fields: string[]): void {
    this.remove(key)
    const number = this.docs.length
    const terms = new Map<string, FieldMask>()
    fields.forEach((text, field) => {
      for (const term of analyse(text, this.skeletonForEveryWord))
        terms.set(term, (terms.get(term) ?? 0) | (1 << field))
    })
    for (const [term, mask] of terms) {
      let posting = this.postings.get(term)
      if (!posting) this.postings.set(term, (posting = { docs: [], fields: [] }))
      posting.docs.push(number)
      posting.fields.push(mask)
    }
    this.docs.push({ key, stamp, fields })
    this.numbers.set(key, number)
  }

  remove(key: string): void {
    const number = this.numbers.get(key)
    if (number === undefined) return
    this.docs[number] = undefined
    this.numbers.delete(key)
    if (++this.dead > Math.max(1000, this.numbers.size)) this.compact()
  }

  /** Renumbers the live documents and drops the dead ones from every posting. */
  private compact(): void {
    const renumbered: number[] = []
    const docs: TermDoc[] = []
    this.docs.forEach((doc, number) => {
      if (!doc) return
      renumbered[number] = docs.length
      this.numbers.set(doc.key, docs.length)
      docs.push(doc)
    })
    const postings = new Map<string, Posting>()
    for (const [term, posting] of this.postings) {
      const kept: Posting = { docs: [], fields: [] }
      posting.docs.forEach((number, i) => {
        const now = renumbered[number]
        if (now === undefined) return
        kept.docs.push(now)
        kept.fields.push(posting.fields[i] ?? 0)
      })
      if (kept.docs.length > 0) postings.set(term, kept)
    }
    this.docs = docs
    this.postings = postings
    this.dead = 0
  }

  /** The live documents holding a term, with its fields in each. */
  private *holding(term: string): Generator<[TermDoc, FieldMask]> {
    const posting = this.postings.get(term)
    if (!posting) return
    for (let i = 0; i < posting.docs.length; i++) {
      const doc = this.docs[posting.docs[i] ?? -1]
      if (doc) yield [doc, posting.fields[i] ?? 0]
    }
  }

  /** The documents a word clause finds, with the fields and terms it was found in. */
  private termMatches(clause: TermClause): Map<string, DocMatch> | typeof EVERYTHING {
    const matcher = termMatcher(clause, this.analyses)
    if (Array.isArray(matcher) && matcher.length === 0) return EVERYTHING
    const terms = Array.isArray(matcher)
      ? matcher.filter((term) => this.postings.has(term))
      : [...this.postings.keys()].filter(matcher)
    const found = new Map<string, DocMatch>()
    for (const term of terms) {
      for (const [doc, fields] of this.holding(term)) {
        const match = found.get(doc.key)
        if (match) {
          match.fields |= fields
          match.terms.add(term)
        } else found.set(doc.key, { fields, terms: new Set([term]), phrases: [], clauses: 1 })
      }
    }
    return found
  }

  /** The documents with the phrase in one of their fields: candidates by its terms, then the text checked. */
  private phraseMatches(phrase: string): Map<string, DocMatch> | typeof EVERYTHING {
    const pattern = phrasePattern(phrase)
    const terms = [...new Set(textTerms(phrase))]
    if (!pattern || terms.length === 0) return EVERYTHING
    let candidates: Set<TermDoc> | null = null
    const rarestFirst = terms.sort(
      (a, b) => (this.postings.get(a)?.docs.length ?? 0) - (this.postings.get(b)?.docs.length ?? 0),
    )
    for (const term of rarestFirst) {
      const holding = new Set([...this.holding(term)].map(([doc]) => doc))
      candidates = new Set([...(candidates ?? holding)].filter((doc) => holding.has(doc)))
      if (candidates.size === 0) break
    }
    const found = new Map<string, DocMatch>()
    for (const doc of candidates ?? []) {
      let fields = 0
      doc.fields.forEach((text, field) => {
        pattern.lastIndex = 0
        if (pattern.test(text)) fields |= 1 << field
      })
      if (fields) found.set(doc.key, { fields, terms: new Set(), phrases: [phrase], clauses: 1 })
    }
    return found
  }

  /**
   * The type-ahead's rule (a name contains what was typed, in any case), which article search applies to
   * `entity:`; kept here too so that `entity:stat` lists the entities whose articles it finds.
   */
  private containing(text: string): Map<string, DocMatch> {
    const needle = text.trim().toLocaleLowerCase()
    const found = new Map<string, DocMatch>()
    if (!needle) return found
    for (const doc of this.docs) {
      if (!doc) continue
      let fields = 0
      doc.fields.forEach((field, i) => {
        if (field.toLocaleLowerCase().includes(needle)) fields |= 1 << i
      })
      if (fields) found.set(doc.key, { fields, terms: new Set(), phrases: [], clauses: 1 })
    }
    return found
  }

  /** The documents one clause matches, or EVERYTHING if it sets no condition. */
  clauseMatches(clause: QueryClause): Map<string, DocMatch> | typeof EVERYTHING {
    let found: Map<string, DocMatch> | typeof EVERYTHING
    if (clause.kind === 'phrase') found = this.phraseMatches(clause.text)
    else if (!clause.prefix && !clause.fuzzy && CJK.test(clause.text)) {
      // A CJK "word" is a run of characters, found as its bigrams in order, as article search does.
      found = this.phraseMatches(clause.text)
    } else found = this.termMatches(clause)
    if (clause.field !== 'entity') return found
    const contained = this.containing(clause.text)
    if (found === EVERYTHING) return contained.size > 0 ? contained : EVERYTHING
    for (const [key, match] of contained) {
      const other = found.get(key)
      if (other) other.fields |= match.fields
      else found.set(key, match)
    }
    return found
  }

  /**
   * Documents matching every required group (any clause of it) and no excluded clause. `answer` takes the
   * clauses that are not about the documents' texts (`tag:` for highlights): it returns their matches, or
   * undefined for a clause the texts answer.
   */
  search(
    query: ParsedQuery,
    answer?: (clause: QueryClause) => Map<string, DocMatch> | undefined,
  ): Map<string, DocMatch> {
    return evaluateQuery(query, (clause) => answer?.(clause) ?? this.clauseMatches(clause), merge)
  }
}

function merge(a: DocMatch | undefined, b: DocMatch): DocMatch {
  if (!a) return b
  return {
    fields: a.fields | b.fields,
    terms: new Set([...a.terms, ...b.terms]),
    phrases: [...a.phrases, ...b.phrases],
    clauses: a.clauses + b.clauses,
  }
}
