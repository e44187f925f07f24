import type { Database } from 'better-sqlite3-multiple-ciphers'
import type { SearchFilters } from '../../shared/contract'
import { CasebookError } from '../../shared/errors'
import type { EntityMatch, EntityType, HighlightMatch, RelatedResults } from '../../shared/model'
import { parseQuery, QuerySyntaxError, type ParsedQuery, type QueryClause } from '../../shared/search-query'
import { highlightsTagged, highlightTags } from '../archive/highlight-tags'
import { filteredArticleIds, hasFilters } from './search-filters'
import { makeSnippet, markedSpans } from './snippet'
import { analysisOf, DEFAULT_ANALYSIS } from './text-pipeline'
import { tagClause } from './tag-clause'
import { TermIndex, type DocMatch } from './term-index'

/**
 * Search over what researchers wrote and named rather than what they imported: highlights (their quoted
 * passage and their note) and entities (their name and aliases), in the query language of article search
 * and with the same analysis of words (stems, folded diacritics, name skeletons across scripts).
 *
 * Small texts in large numbers (an archive may hold 10k+ highlights) do not need lunr: each text's terms
 * are kept in memory with an inverted index over them, refreshed only for rows whose updated_at changed,
 * and only when the archive has changed at all since the last search.
 */

/**
 * Which part of the query each section answers. Words about articles alone (title:, author:, source:)
 * leave both sections empty; `entity:` asks about entities, so highlights are left out and entities
 * are matched by the `entity:` clauses only (the other words are about the linked articles); `tag:` asks
 * about highlights, so entities are left out and highlights are matched by their tags and texts.
 */
function scopeOf(query: ParsedQuery): { entities: ParsedQuery | null; highlights: ParsedQuery | null } {
  const clauses = [...query.required.flat(), ...query.excluded]
  if (
    clauses.some((clause) => clause.field !== null && clause.field !== 'entity' && clause.field !== 'tag')
  ) {
    return { entities: null, highlights: null }
  }
  const about = (field: QueryClause['field']) => clauses.some((clause) => clause.field === field)
  if (!about('entity')) return { entities: about('tag') ? null : query, highlights: query }
  const required = query.required
    .map((group) => group.filter((clause) => clause.field === 'entity'))
    .filter((group) => group.length > 0)
  const excluded = query.excluded.filter((clause) => clause.field === 'entity')
  return { entities: required.length > 0 ? { required, excluded } : null, highlights: null }
}

const QUOTE = 1
const NOTE = 2
/** Not a text field of the documents: set on highlights found by a `tag:` clause. */
const TAGS = 4

interface HighlightInfo {
  articleId: string
  createdAt: string
}

interface EntityInfo {
  type: EntityType
  name: string
  aliases: string[]
  passageCount: number
}

/** More highlights to analyse again than this, and their texts are read in one query rather than one by one. */
const STALE_ONE_BY_ONE = 200

/**
 * What tells a highlight's analysed terms are still current: its updated_at, which a note edit sets (the
 * quote never changes). Its resolution is a millisecond, so the note's length also tells apart two edits
 * within one.
 */
const HIGHLIGHT_STAMP = `h.updated_at || ' ' || length(h.note)`

/** Entity documents are keyed by entity and name: the name is 0, its aliases 1, 2, … */
const NAME_SEPARATOR = '#'

function entityOf(key: string): { id: string; index: number } {
  const at = key.lastIndexOf(NAME_SEPARATOR)
  return { id: key.slice(0, at), index: Number(key.slice(at + 1)) }
}

export interface RelatedRequest {
  query: string
  limit: number
  offset: number
  filters: SearchFilters
}

/** The highlights and entities of one archive, analysed once and kept current between searches. */
export class RelatedSearch {
  private readonly highlightIndex = new TermIndex(false)
  private readonly highlights = new Map<string, HighlightInfo>()
  private readonly nameIndex = new TermIndex(true)
  private readonly entities = new Map<string, EntityInfo>()
  private syncedAt: string | null = null
  private highlightsSummarised: string | null = null

  constructor(private readonly db: Database) {}

  /** Changes whenever the archive does, by this connection (total_changes) or another (data_version). */
  private changeKey(): string {
    const version = this.db.pragma('data_version', { simple: true }) as number
    const changes = (this.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n
    return `${version}:${changes}`
  }

  /** Brings the in-memory documents up to date: rows whose updated_at changed are analysed again. */
  private sync(): void {
    const key = this.changeKey()
    if (this.syncedAt === key) return
    // Most changes (imports, index steps, entity edits) leave highlights alone: a cheap summary of them
    // tells, without reading every row's stamp.
    const summary = this.highlightSummary()
    if (summary !== this.highlightsSummarised) {
      this.syncHighlights()
      this.highlightsSummarised = summary
    }
    this.syncEntities()
    const analyses = this.archiveAnalyses()
    this.highlightIndex.analyses = analyses
    this.nameIndex.analyses = analyses
    this.syncedAt = key
  }

  /** The analyses of the live articles' languages other than the default (see analysisOf). */
  private archiveAnalyses(): string[] {
    const languages = this.db
      .prepare('SELECT DISTINCT language FROM articles WHERE deleted_at IS NULL AND language IS NOT NULL')
      .pluck()
      .all() as string[]
    const analyses = new Set(languages.map(analysisOf))
    analyses.delete(DEFAULT_ANALYSIS)
    return [...analyses].sort()
  }

  /**
   * Changes with any highlight created (count, and the newest id: ids grow with time), deleted (count), or
   * edited (updated_at; the notes' total length for two writes within one millisecond), and with any
   * article deleted that had highlights.
   */
  private highlightSummary(): string {
    const row = this.db
      .prepare(
        `SELECT count(*) AS n, max(h.id) AS newest, max(h.updated_at) AS edited, total(length(h.note)) AS notes
           FROM highlights h JOIN articles a ON a.id = h.article_id AND a.deleted_at IS NULL
          WHERE h.deleted_at IS NULL`,
      )
      .get() as { n: number; newest: string | null; edited: string | null; notes: number }
    return `${row.n} ${row.newest ?? ''} ${row.edited ?? ''} ${row.notes}`
  }

  private syncHighlights(): void {
    // The deleted articles are few: leaving them out here is cheaper than joining every highlight to its article.
    const deletedArticles = new Set(
      this.db.prepare('SELECT id FROM articles WHERE deleted_at IS NOT NULL').pluck().all() as string[],
    )
    const rows = this.db
      .prepare(
        `SELECT h.id, h.article_id, h.created_at, ${HIGHLIGHT_STAMP} FROM highlights h WHERE h.deleted_at IS NULL`,
      )
      .raw()
      .all() as Array<[id: string, articleId: string, createdAt: string, stamp: string]>
    const live = new Set<string>()
    const stale: string[] = []
    for (const [id, articleId, createdAt, stamp] of rows) {
      if (deletedArticles.has(articleId)) continue
      live.add(id)
      if (!this.highlights.has(id)) this.highlights.set(id, { articleId, createdAt })
      if (this.highlightIndex.stampOf(id) !== stamp) stale.push(id)
    }
    for (const id of [...this.highlightIndex.keys()]) {
      if (!live.has(id)) this.highlightIndex.remove(id)
    }
    for (const id of this.highlights.keys()) if (!live.has(id)) this.highlights.delete(id)
    if (stale.length > STALE_ONE_BY_ONE) {
      // The first search after opening an archive: every text, in one pass.
      const wanted = new Set(stale)
      const all = this.db
        .prepare(`SELECT id, exact, note, ${HIGHLIGHT_STAMP} FROM highlights h WHERE h.deleted_at IS NULL`)
        .raw()
        .iterate() as IterableIterator<[id: string, exact: string, note: string, stamp: string]>
      for (const [id, exact, note, stamp] of all) {
        if (wanted.has(id)) this.highlightIndex.put(id, stamp, [exact, note])
      }
      return
    }
    const textOf = this.db.prepare(
      `SELECT exact, note, ${HIGHLIGHT_STAMP} AS stamp FROM highlights h WHERE id = ?`,
    )
    for (const id of stale) {
      const row = textOf.get(id) as { exact: string; note: string; stamp: string } | undefined
      if (row) this.highlightIndex.put(id, row.stamp, [row.exact, row.note])
    }
  }

  private syncEntities(): void {
    const rows = this.db
      .prepare(
        `SELECT e.id, e.type, e.name, e.aliases,
                (SELECT count(*) FROM highlight_entities l
                   JOIN highlights h ON h.id = l.highlight_id AND h.deleted_at IS NULL
                   JOIN articles a ON a.id = h.article_id AND a.deleted_at IS NULL
                  WHERE l.deleted_at IS NULL AND l.entity_id = e.id) AS passageCount
           FROM entities e WHERE e.deleted_at IS NULL`,
      )
      .all() as Array<{
      id: string
      type: EntityType
      name: string
      aliases: string
      passageCount: number
    }>
    const live = new Set<string>()
    for (const row of rows) {
      const entity = { type: row.type, name: row.name, aliases: JSON.parse(row.aliases) as string[] }
      this.entities.set(row.id, { ...entity, passageCount: row.passageCount })
      const names = [entity.name, ...entity.aliases]
      names.forEach((name, i) => {
        const key = `${row.id}${NAME_SEPARATOR}${i}`
        live.add(key)
        // The name itself is its stamp: unchanged, it needs no new analysis whatever else was edited.
        if (this.nameIndex.stampOf(key) !== name) this.nameIndex.put(key, name, [name])
      })
    }
    for (const key of [...this.nameIndex.keys()]) if (!live.has(key)) this.nameIndex.remove(key)
    for (const id of this.entities.keys()) {
      if (!live.has(`${id}${NAME_SEPARATOR}0`)) this.entities.delete(id)
    }
  }

  run(request: RelatedRequest): RelatedResults {
    let parsed: ParsedQuery
    try {
      parsed = parseQuery(request.query)
    } catch (error) {
      if (error instanceof QuerySyntaxError)
        throw new CasebookError('invalid_input', `search: ${error.message}`)
      throw error
    }
    const scope = scopeOf(parsed)
    const results: RelatedResults = {
      query: request.query,
      entities: { total: 0, items: [] },
      highlights: { total: 0, items: [] },
    }
    if (parsed.required.length === 0 || (!scope.entities && !scope.highlights)) return results
    this.sync()
    if (scope.entities) results.entities = this.entityResults(scope.entities, request)
    if (scope.highlights) results.highlights = this.highlightResults(scope.highlights, request)
    return results
  }

  /** Entities whose name or an alias matches: name matches first, then better matches, then busier ones. */
  private entityResults(query: ParsedQuery, { limit, offset }: RelatedRequest): RelatedResults['entities'] {
    // Required words must all be in one name (or alias); an excluded word in any of them excludes the entity.
    const excluded = new Set<string>()
    for (const clause of query.excluded) {
      for (const key of this.nameIndex.clauseMatches(clause)?.keys() ?? []) excluded.add(entityOf(key).id)
    }
    const best = new Map<string, { index: number; match: DocMatch }>()
    for (const [key, match] of this.nameIndex.search({ required: query.required, excluded: [] })) {
      const { id, index } = entityOf(key)
      if (excluded.has(id)) continue
      const current = best.get(id)
      // The name before any alias; among aliases, the one matching more of the query, then the first.
      const better =
        !current ||
        index === 0 ||
        (current.index > 0 &&
          (match.clauses > current.match.clauses ||
            (match.clauses === current.match.clauses && index < current.index)))
      if (better) best.set(id, { index, match })
    }
    const ranked = [...best]
      .flatMap(([id, found]) => {
        const entity = this.entities.get(id)
        return entity ? [{ id, entity, ...found }] : []
      })
      .sort(
        (a, b) =>
          Number(a.index > 0) - Number(b.index > 0) ||
          b.match.clauses - a.match.clauses ||
          b.entity.passageCount - a.entity.passageCount ||
          a.entity.name.localeCompare(b.entity.name) ||
          a.id.localeCompare(b.id),
      )
    const items = ranked.slice(offset, offset + limit).map(({ id, entity, index, match }): EntityMatch => {
      const label = index === 0 ? entity.name : (entity.aliases[index - 1] ?? entity.name)
      return {
        kind: 'entity',
        id,
        type: entity.type,
        name: entity.name,
        aliases: entity.aliases,
        matchedAlias: index === 0 ? null : label,
        marks: marksIn(label, match),
        passageCount: entity.passageCount,
      }
    })
    return { total: ranked.length, items }
  }

  /** The highlights a `tag:` clause finds (see tagClause); undefined for the other clauses. */
  private tagged(clause: QueryClause): Map<string, DocMatch> | undefined {
    if (clause.field !== 'tag') return undefined
    const { key, prefix } = tagClause(clause)
    const found = new Map<string, DocMatch>()
    for (const id of highlightsTagged(this.db, key, prefix)) {
      found.set(id, { fields: TAGS, terms: new Set(), phrases: [], clauses: 1 })
    }
    return found
  }

  /** Highlights whose quote, note or tags match: better matches first, then the newest. */
  private highlightResults(query: ParsedQuery, request: RelatedRequest): RelatedResults['highlights'] {
    const allowed = hasFilters(request.filters) ? filteredArticleIds(this.db, request.filters) : null
    const ranked = [...this.highlightIndex.search(query, (clause) => this.tagged(clause))]
      .flatMap(([id, match]) => {
        const info = this.highlights.get(id)
        return info && (!allowed || allowed.has(info.articleId)) ? [{ id, info, match }] : []
      })
      .sort(
        (a, b) =>
          b.match.clauses - a.match.clauses ||
          b.info.createdAt.localeCompare(a.info.createdAt) ||
          b.id.localeCompare(a.id),
      )
    const page = ranked.slice(request.offset, request.offset + request.limit)
    const detailOf = this.db.prepare(
      `SELECT h.start_offset AS start, h.end_offset AS end, a.title, a.site_name AS siteName,
              a.published_at AS publishedAt
         FROM highlights h JOIN articles a ON a.id = h.article_id WHERE h.id = ?`,
    )
    const items = page.flatMap(({ id, info, match }): HighlightMatch[] => {
      const detail = detailOf.get(id) as
        | { start: number; end: number; title: string; siteName: string | null; publishedAt: string | null }
        | undefined
      const [quote = '', note = ''] = this.highlightIndex.doc(id)?.fields ?? []
      if (!detail) return []
      const inQuote = (match.fields & QUOTE) !== 0
      const inNote = (match.fields & NOTE) !== 0
      const byTag = !inQuote && !inNote && (match.fields & TAGS) !== 0
      return [
        {
          kind: 'highlight',
          id,
          articleId: info.articleId,
          articleTitle: detail.title,
          siteName: detail.siteName,
          publishedAt: detail.publishedAt,
          start: detail.start,
          end: detail.end,
          matchedIn: byTag ? 'tag' : inQuote && inNote ? 'both' : inNote ? 'note' : 'quote',
          quote: snippetOf(quote, match),
          note: note ? snippetOf(note, match) : null,
          tags: highlightTags(this.db, id),
          createdAt: info.createdAt,
        },
      ]
    })
    return { total: ranked.length, items }
  }
}

function snippetOf(text: string, match: DocMatch) {
  const { snippet, marks } = makeSnippet(text, match.terms, match.phrases)
  return { snippet, marks }
}

function marksIn(text: string, match: DocMatch): Array<[number, number]> {
  return markedSpans(text, match.terms, match.phrases).map((span): [number, number] => [span.start, span.end])
}

/** One RelatedSearch per open archive, so its analysed documents live as long as the connection. */
const perArchive = new WeakMap<Database, RelatedSearch>()

/** Entities and highlights matching a query: the 'search.related' operation. */
export function searchRelated(db: Database, request: RelatedRequest): RelatedResults {
  let related = perArchive.get(db)
  if (!related) perArchive.set(db, (related = new RelatedSearch(db)))
  return related.run(request)
}
