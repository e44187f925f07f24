import type { Database } from 'better-sqlite3'
import { CasebookError } from '../../shared/errors'
import { listEntities } from '../archive/entities'
import type { ParsedQuery, QueryClause, QueryField } from '../../shared/search-query'
import {
  INDEX_FIELDS,
  type IndexField,
  type SearchIndex,
  type TermSpec,
  type VersionMatch,
} from './search-index'
import { alternativesOf, CJK, fuzzyAlternativesOf, termOf, textTerms } from './text-pipeline'

/**
 * Runs a parsed query: every required group must match (a group matches when any of its OR-ed clauses
 * does), no excluded clause may match. Words and phrases go to the lunr segments; phrases are then checked
 * against the stored text, since lunr has no positions; `entity:` is answered from the archive's links.
 */

export interface QueryMatch extends VersionMatch {
  /** Phrases the article was verified to contain, for marking its snippet. */
  phrases: string[]
}

/** A clause that contributes no condition (only stop words or punctuation): it matches everything. */
const EVERYTHING = null

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

/** A phrase's words, all required, as candidates for checking the phrase against the text. */
function phraseSpecs(phrase: string, field: QueryField | null): TermSpec[] {
  const fields = fieldsOf(field)
  return [...new Set(textTerms(phrase))].map((term) => ({ term, fields, prefix: false, editDistance: 0 }))
}

/**
 * A word is found in any of its spellings (see alternativesOf), a prefix as typed or as a stem, a fuzzy
 * word in its fuzzy spellings: each is a spec of its own, and a document matching any of them matches.
 */
function alternativeSpecs(clause: QueryClause): TermSpec[] | null {
  if (clause.kind !== 'term') return null
  const fields = fieldsOf(clause.field)
  if (clause.prefix) {
    // Index terms are stems ("education" is held as "educ"), so a prefix is tried as typed and as a stem.
    const start = clause.text.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')
    if (!start) return []
    const stem = termOf(start)
    const prefixes = [...new Set([start, ...(stem && stem.length >= 2 ? [stem] : [])])]
    // A stem can also be shorter than what was typed ("cooperat*" is held as "cooper"): the typed prefix
    // cut back by up to three letters is tried as a whole term.
    const cutBack: string[] = []
    for (let length = start.length - 1; length >= Math.max(4, start.length - 3); length--) {
      cutBack.push(start.slice(0, length))
    }
    return [
      ...prefixes.map((term) => ({ term, fields, prefix: true, editDistance: 0 as const })),
      ...cutBack.map((term) => ({ term, fields, prefix: false, editDistance: 0 as const })),
    ]
  }
  const terms = clause.fuzzy > 0 ? fuzzyAlternativesOf(clause.text) : alternativesOf(clause.text)
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
      found.set(row.versionId, { articleId: row.articleId, score: 1, terms: new Set(), phrases: [] })
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
    for (const [versionId, match] of candidates) {
      const row = textOf.get(versionId) as { text: string } | undefined
      pattern.lastIndex = 0
      // The phrase is marked as a whole, not each of its words wherever they stand alone.
      if (row && pattern.test(row.text))
        found.set(versionId, { ...match, terms: new Set(), phrases: [phrase] })
    }
    return found
  }

  /** The articles a clause matches, or EVERYTHING if it sets no condition. */
  private clauseMatches(clause: QueryClause): Map<string, QueryMatch> | typeof EVERYTHING {
    if (clause.field === 'tag') {
      throw new CasebookError(
        'invalid_input',
        'tag: searches need highlight tags, which this version does not have yet',
      )
    }
    if (clause.field === 'entity') return this.entityMatches(clause.text)
    if (clause.kind === 'term' && !clause.prefix && !clause.fuzzy && CJK.test(clause.text)) {
      // A CJK "word" is a run of characters: found as its bigrams, then checked as a phrase.
      return this.clauseMatches({ kind: 'phrase', text: clause.text, field: clause.field })
    }
    const alternatives = alternativeSpecs(clause)
    if (alternatives) {
      if (alternatives.length === 0) return EVERYTHING
      const found = new Map<string, QueryMatch>()
      for (const spec of alternatives) {
        for (const [versionId, match] of this.index.matchAll([spec])) {
          found.set(versionId, merge(found.get(versionId), { ...match, phrases: [] }))
        }
      }
      return found
    }
    const specs = phraseSpecs(clause.text, clause.field)
    if (specs.length === 0) return EVERYTHING
    return this.verifyPhrase(this.index.matchAll(specs), clause.text, clause.field)
  }

  /** Articles matching the query, best first. */
  run(query: ParsedQuery): Array<QueryMatch & { versionId: string }> {
    let result: Map<string, QueryMatch> | null = null
    for (const group of query.required) {
      const union = new Map<string, QueryMatch>()
      let unconditional = false
      for (const clause of group) {
        const matches = this.clauseMatches(clause)
        if (matches === EVERYTHING) {
          unconditional = true
          continue
        }
        for (const [versionId, match] of matches) union.set(versionId, merge(union.get(versionId), match))
      }
      if (unconditional) continue
      result = result === null ? union : intersect(result, union)
      if (result.size === 0) return []
    }
    if (result === null) return [] // only stop words: nothing to look for
    for (const clause of query.excluded) {
      const matches = this.clauseMatches(clause)
      if (matches === EVERYTHING) continue
      for (const versionId of matches.keys()) result.delete(versionId)
    }
    return [...result]
      .map(([versionId, match]) => ({ versionId, ...match }))
      .sort((a, b) => b.score - a.score)
  }
}

function merge(a: QueryMatch | undefined, b: QueryMatch): QueryMatch {
  if (!a) return b
  return {
    articleId: b.articleId,
    score: a.score + b.score,
    terms: new Set([...a.terms, ...b.terms]),
    phrases: [...a.phrases, ...b.phrases],
  }
}

function intersect(a: Map<string, QueryMatch>, b: Map<string, QueryMatch>): Map<string, QueryMatch> {
  const both = new Map<string, QueryMatch>()
  for (const [versionId, match] of a) {
    const other = b.get(versionId)
    if (other) both.set(versionId, merge(match, other))
  }
  return both
}
