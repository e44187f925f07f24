import type { Database } from 'better-sqlite3-multiple-ciphers'
import { listEntities } from '../archive/entities'
import { articlesTagged } from '../archive/highlight-tags'
import type { ParsedQuery, QueryClause, QueryField } from '../../shared/search-query'
import {
  INDEX_FIELDS,
  type IndexField,
  type SearchIndex,
  type TermSpec,
  type VersionMatch,
} from './search-index'
import { evaluateQuery, EVERYTHING } from './evaluate-query'
import { tagClause } from './tag-clause'
import {
  alternativesOf,
  analysisOfTerms,
  CJK,
  fuzzyAlternativesOf,
  MatchedTerms,
  phraseTokens,
  prefixForms,
} from './text-pipeline'

/**
 * Runs a parsed query: every required group must match (a group matches when any of its OR-ed clauses
 * does), no excluded clause may match. Words and phrases go to the index (a phrase with a stop word in it
 * is then checked against the stored text); `entity:` is answered from the archive's links, `tag:` from
 * its highlight tags.
 */

export interface QueryMatch extends VersionMatch {
  /** Phrases the article was verified to contain, for marking its snippet. */
  phrases?: readonly string[]
}

const FIELD_OF: Record<Exclude<QueryField, 'entity' | 'tag'>, IndexField> = {
  title: 'title',
  author: 'author',
  source: 'source',
}

const FIELD_SQL: Record<IndexField, string> = {
  title: 'a.title',
  body: 'v.text',
  author: "coalesce(a.byline, '')",
  source: "coalesce(a.site_name, '') || ' ' || coalesce(a.source_url, '')",
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * A phrase as a pattern over text: its words in order, separated by anything that is not a letter or digit,
 * case-insensitive, with straight and curly apostrophes alike.
 */
export function phrasePattern(phrase: string): RegExp | null {
  if (CJK.test(phrase)) {
    // No spaces between CJK words, so no word boundaries: the characters in order, spaces optional.
    const chars = phrase.trim().split(/\s+/).map(escapeRegExp).join('\\s*')
    return chars ? new RegExp(chars, 'giu') : null
  }
  const words = phrase.split(/[^\p{L}\p{N}'’]+/u).filter(Boolean)
  if (words.length === 0) return null
  const body = words.map((w) => escapeRegExp(w).replace(/['’]/g, "['’]")).join('[^\\p{L}\\p{N}]+')
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'giu')
}

function fieldsOf(field: QueryField | null): readonly IndexField[] {
  if (field === null) return INDEX_FIELDS
  if (field === 'entity' || field === 'tag') throw new Error('not an index field')
  return [FIELD_OF[field]]
}

/**
 * A word is found in any of its spellings (see alternativesOf), a prefix as typed or as a stem, a fuzzy
 * word in its fuzzy spellings: each is a spec of its own, and a document matching any of them matches.
 * `analyses` are those of the archive's articles (see SearchIndex.analyses): the word's stem under each.
 */
function alternativeSpecs(clause: QueryClause, analyses: readonly string[]): TermSpec[] | null {
  if (clause.kind !== 'term') return null
  const fields = fieldsOf(clause.field)
  if (clause.prefix) {
    const { prefixes, wholeTerms } = prefixForms(clause.text, analyses)
    return [
      ...prefixes.map((term) => ({ term, fields, prefix: true, editDistance: 0 as const })),
      ...wholeTerms.map((term) => ({ term, fields, prefix: false, editDistance: 0 as const })),
    ]
  }
  const terms =
    clause.fuzzy > 0 ? fuzzyAlternativesOf(clause.text, analyses) : alternativesOf(clause.text, analyses)
  return terms.map((term) => ({ term, fields, prefix: false, editDistance: clause.fuzzy }))
}

export class QueryRunner {
  constructor(
    private readonly db: Database,
    readonly index: SearchIndex,
  ) {}

  /**
   * The live articles linked, through a highlight, to an entity the entity type-ahead would offer for
   * `text` (its name or an alias contains it).
   */
  private entityMatches(text: string): Map<string, QueryMatch> {
    const found = new Map<string, QueryMatch>()
    const entityIds = listEntities(this.db, text).map((entity) => entity.id)
    if (entityIds.length === 0) return found
    const rows = this.db
      .prepare(
        `SELECT DISTINCT a.id AS articleId, a.current_version_id AS versionId
           FROM highlight_entities l
           JOIN highlights h ON h.id = l.highlight_id AND h.deleted_at IS NULL
           JOIN articles a ON a.id = h.article_id AND a.deleted_at IS NULL
          WHERE l.deleted_at IS NULL AND l.entity_id IN (${entityIds.map(() => '?').join(',')})`,
      )
      .all(...entityIds) as Array<{ articleId: string; versionId: string }>
    for (const row of rows) {
      found.set(row.versionId, { ...row, score: 1, terms: NO_TERMS, phrases: NO_PHRASES })
    }
    return found
  }

  /** The live articles with a live highlight carrying the tag a `tag:` clause names (see tagClause). */
  private tagMatches(clause: QueryClause): Map<string, QueryMatch> {
    const { key, prefix } = tagClause(clause)
    const found = new Map<string, QueryMatch>()
    for (const row of articlesTagged(this.db, key, prefix)) {
      found.set(row.versionId, { ...row, score: 1, terms: NO_TERMS, phrases: NO_PHRASES })
    }
    return found
  }

  /** Keeps the candidates whose field text contains the phrase. */
  private verifyPhrase(candidates: Map<string, VersionMatch>, phrase: string, field: QueryField | null) {
    const pattern = phrasePattern(phrase)
    const found = new Map<string, QueryMatch>()
    if (!pattern) return found
    const columns = fieldsOf(field).map((f) => FIELD_SQL[f])
    const textOf = this.db.prepare(
      `SELECT ${columns.join(` || char(10) || `)} AS text
         FROM article_versions v JOIN articles a ON a.id = v.article_id WHERE v.id = ?`,
    )
    // The phrase is marked as a whole, not each of its words wherever they stand alone.
    const marks = { terms: NO_TERMS, phrases: [phrase] }
    for (const [versionId, match] of candidates) {
      const row = textOf.get(versionId) as { text: string } | undefined
      pattern.lastIndex = 0
      if (row && pattern.test(row.text)) found.set(versionId, { ...match, ...marks })
    }
    return found
  }

  /** The articles a clause matches, or EVERYTHING if it sets no condition. */
  private clauseMatches(clause: QueryClause): Map<string, QueryMatch> | typeof EVERYTHING {
    if (clause.field === 'tag') return this.tagMatches(clause)
    if (clause.field === 'entity') return this.entityMatches(clause.text)
    if (clause.kind === 'term' && !clause.prefix && !clause.fuzzy && CJK.test(clause.text)) {
      // A CJK "word" is a run of characters: found as its bigrams, then checked as a phrase.
      return this.clauseMatches({ kind: 'phrase', text: clause.text, field: clause.field })
    }
    const analyses = this.index.analyses()
    const alternatives = alternativeSpecs(clause, analyses)
    if (alternatives) {
      if (alternatives.length === 0) return EVERYTHING
      return this.index.matchAll([alternatives])
    }
    const { words, complete } = phraseTokens(clause.text)
    if (words.length === 0) return EVERYTHING
    const candidates = this.index.matchPhrase(words, fieldsOf(clause.field))
    // The phrase's words as each other analysis of the archive stems them: the articles of that analysis
    // hold them so. Positions and forms (the words as written) are the same, so each match is a true one.
    const seen = new Set([words.map((w) => w.term).join(' ')])
    for (const analysis of analyses) {
      const stemmed = phraseTokens(clause.text, analysis).words
      const key = stemmed.map((w) => w.term).join(' ')
      if (seen.has(key)) continue
      seen.add(key)
      for (const [versionId, match] of this.index.matchPhrase(stemmed, fieldsOf(clause.field))) {
        const previous = candidates.get(versionId)
        if (!previous || previous.score < match.score) candidates.set(versionId, match)
      }
    }
    // When the index holds every word of the phrase, their positions and forms settle it; a stop word or
    // a CJK run (whose spacing is not indexed) is checked in the stored text.
    if (!complete) return this.verifyPhrase(candidates, clause.text, clause.field)
    const marks = { terms: NO_TERMS, phrases: [clause.text] }
    // The matches are this lookup's own objects: marked in place rather than copied.
    for (const match of candidates.values()) Object.assign(match, marks)
    return candidates
  }

  /** Articles matching the query, best first. */
  run(query: ParsedQuery): QueryMatch[] {
    const found = evaluateQuery(query, (clause) => this.clauseMatches(clause), merge)
    return [...found.values()].sort((a, b) => b.score - a.score)
  }
}

const NO_TERMS: ReadonlySet<string> = new Set()
const NO_PHRASES: readonly string[] = []

/**
 * Unions of the shared term sets and phrase lists, made once per pair rather than once per hit: the hits
 * of one lookup share one set (see VersionMatch.terms), so thousands of hits need only a few unions.
 */
const termUnions = new WeakMap<ReadonlySet<string>, WeakMap<ReadonlySet<string>, ReadonlySet<string>>>()
const phraseUnions = new WeakMap<readonly string[], WeakMap<readonly string[], readonly string[]>>()

function unionOf<T extends object>(
  cache: WeakMap<T, WeakMap<T, T>>,
  a: T,
  b: T,
  combine: (a: T, b: T) => T,
): T {
  if (a === b) return a
  let inner = cache.get(a)
  if (!inner) cache.set(a, (inner = new WeakMap()))
  let union = inner.get(b)
  if (!union) inner.set(b, (union = combine(a, b)))
  return union
}

function merge(a: QueryMatch | undefined, b: QueryMatch): QueryMatch {
  if (!a) return b
  return {
    versionId: b.versionId,
    articleId: b.articleId,
    score: a.score + b.score,
    // Both are the same article's, so of one analysis (a plain set, from a phrase or a filter, has none).
    terms: unionOf(termUnions, a.terms, b.terms, (x, y) => {
      const analysis = x instanceof MatchedTerms ? x.analysis : analysisOfTerms(y)
      return new MatchedTerms([...x, ...y], analysis)
    }),
    phrases: unionOf(phraseUnions, a.phrases ?? NO_PHRASES, b.phrases ?? NO_PHRASES, (x, y) => [...x, ...y]),
  }
}
