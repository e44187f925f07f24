import type { Database } from 'better-sqlite3'
import lunr from 'lunr'
import { newId, nowIso } from '../ids'
import { globalScore, idfCorrections } from './global-scoring'
import { loadSegmentIndex } from './segment-loader'
import { configureBuilder } from './text-pipeline'

/**
 * Full-text search over lunr segments stored inside the archive.
 *
 * lunr indexes are immutable, so new articles go into a new small segment instead of a rebuild; when
 * segments pile up the smallest are merged. A document is an article *version* (known inside its segment
 * by a short ref, mapped in search_documents): a hit whose version is no longer an article's live current
 * version (deleted, or superseded) is dropped at query time, so deletions show at once without touching
 * any segment. The index is derived data: a segment that cannot be read is dropped and its articles are
 * indexed again.
 */

const MAX_SEGMENTS = 8
const MERGE_COUNT = 6
/** Articles a search indexes itself before answering; more are left to the background and reported. */
const FOREGROUND_LIMIT = 500
/** Articles the background indexes per step, between two requests. */
const BACKGROUND_SLICE = 200

/** lunr runs out of memory near 54k documents in one index: no segment grows past this. */
export const MAX_SEGMENT_DOCS = 5000

/**
 * The layout of the documents in a segment (its fields). A segment of another format is dropped and its
 * articles indexed again, so changing the layout needs no migration: the index is derived data.
 */
export const SEGMENT_FORMAT = 1

/** The fields of every indexed document; a query without a field searches them all. */
export const INDEX_FIELDS = ['title', 'body', 'author', 'source'] as const
export type IndexField = (typeof INDEX_FIELDS)[number]
const FIELD_BOOSTS: Record<IndexField, number> = { title: 3, body: 1, author: 2, source: 1 }

/** Live, current versions of articles with their indexed fields. */
const INDEXABLE = `
  SELECT v.id AS versionId, a.title AS title, v.text AS body, coalesce(a.byline, '') AS author,
         trim(coalesce(a.site_name, '') || ' ' || coalesce(a.source_url, '')) AS source
    FROM articles a JOIN article_versions v ON v.id = a.current_version_id
   WHERE a.deleted_at IS NULL`

type IndexedDoc = { versionId: string } & Record<IndexField, string>

/** One word of a query as the index is asked for it. */
export interface TermSpec {
  /** An index term (see termOf), or for a prefix the lower-cased start of one. */
  term: string
  fields: readonly IndexField[]
  prefix: boolean
  editDistance: 0 | 1 | 2
}

export interface VersionMatch {
  articleId: string
  score: number
  /** The index terms that matched (a prefix or fuzzy word expands to several), for marking snippets. */
  terms: Set<string>
}

interface LoadedSegment {
  index: lunr.Index
  /** Segment-local ref → article version id. */
  versions: Map<string, string>
}

export interface RankedVersion {
  articleId: string
  versionId: string
  score: number
}

export interface IndexStats {
  segments: number
  documents: number
  pending: number
}

function buildSegment(docs: IndexedDoc[]): lunr.Index {
  return lunr(function () {
    configureBuilder(this)
    this.ref('ref')
    for (const field of INDEX_FIELDS) this.field(field, { boost: FIELD_BOOSTS[field] })
    // No metadata whitelist: positions are not stored, snippets are found from the text instead.
    docs.forEach((doc, i) => this.add({ ref: i.toString(36), ...doc }))
  })
}

export class SearchIndex {
  private readonly loaded = new Map<string, LoadedSegment>()

  private readonly maxSegmentDocs: number
  private readonly foregroundLimit: number
  private readonly backgroundSlice: number

  constructor(
    private readonly db: Database,
    limits: Partial<{ maxSegmentDocs: number; foregroundLimit: number; backgroundSlice: number }> = {},
  ) {
    this.maxSegmentDocs = limits.maxSegmentDocs ?? MAX_SEGMENT_DOCS
    this.foregroundLimit = limits.foregroundLimit ?? FOREGROUND_LIMIT
    this.backgroundSlice = limits.backgroundSlice ?? BACKGROUND_SLICE
  }

  /** Versions that are live and current but in no segment yet: new imports, or an index that went missing. */
  private pendingDocs(limit = -1): IndexedDoc[] {
    return this.db
      .prepare(
        `${INDEXABLE} AND NOT EXISTS (SELECT 1 FROM search_documents d WHERE d.version_id = v.id) LIMIT ?`,
      )
      .all(limit) as IndexedDoc[]
  }

  stats(): IndexStats {
    const segments = this.db
      .prepare('SELECT count(*) AS n, coalesce(sum(doc_count), 0) AS docs FROM search_segments')
      .get() as { n: number; docs: number }
    return { segments: segments.n, documents: segments.docs, pending: this.pendingCount() }
  }

  /**
   * Changes whenever the archive does, by this connection (total_changes) or another process
   * (data_version): the per-search work below is skipped while it stays the same.
   */
  private changeKey(): string {
    const version = this.db.pragma('data_version', { simple: true }) as number
    const changes = (this.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n
    return `${version}:${changes}`
  }

  /** The key at which the index was last found complete (nothing pending, no merge due). */
  private completeAt: string | null = null
  private live: { key: string; articleOf: Map<string, string> } | null = null

  /** Articles not searchable yet. */
  pendingCount(): number {
    if (this.completeAt === this.changeKey()) return 0
    return (
      this.db
        .prepare(
          `SELECT count(*) AS n FROM articles a
            WHERE a.deleted_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM search_documents d WHERE d.version_id = a.current_version_id)`,
        )
        .get() as { n: number }
    ).n
  }

  /** Live current version → its article, read once per change of the archive rather than once per hit. */
  private liveVersions(): Map<string, string> {
    const key = this.changeKey()
    if (this.live?.key !== key) {
      const rows = this.db
        .prepare('SELECT current_version_id AS versionId, id FROM articles WHERE deleted_at IS NULL')
        .all() as Array<{ versionId: string; id: string }>
      this.live = { key, articleOf: new Map(rows.map((r) => [r.versionId, r.id])) }
    }
    return this.live.articleOf
  }

  private storeSegment(docs: IndexedDoc[], replaces: string[] = []): void {
    const index = buildSegment(docs)
    const id = newId()
    const insertDoc = this.db.prepare(
      'INSERT OR REPLACE INTO search_documents (version_id, segment_id, doc_ref) VALUES (?, ?, ?)',
    )
    // IMMEDIATE: take the write lock up front, so another process writing the same archive waits its turn
    // instead of failing half-way.
    this.db
      .transaction(() => {
        for (const old of replaces) this.dropSegmentRows(old)
        this.db
          .prepare(
            'INSERT INTO search_segments (id, format, created_at, doc_count, index_json) VALUES (?, ?, ?, ?, ?)',
          )
          .run(id, SEGMENT_FORMAT, nowIso(), docs.length, JSON.stringify(index))
        docs.forEach((doc, i) => insertDoc.run(doc.versionId, id, i.toString(36)))
      })
      .immediate()
    for (const old of replaces) this.loaded.delete(old)
    this.loaded.set(id, { index, versions: new Map(docs.map((doc, i) => [i.toString(36), doc.versionId])) })
  }

  private dropSegmentRows(segmentId: string): void {
    this.db.prepare('DELETE FROM search_documents WHERE segment_id = ?').run(segmentId)
    this.db.prepare('DELETE FROM search_segments WHERE id = ?').run(segmentId)
  }

  /** Indexes whatever is pending into new segments, then merges the smallest segments if there are too many. */
  refresh(limit = -1): void {
    if (this.completeAt === this.changeKey()) return
    const pending = this.pendingDocs(limit)
    for (let start = 0; start < pending.length; start += this.maxSegmentDocs) {
      this.storeSegment(pending.slice(start, start + this.maxSegmentDocs))
    }
    const backlog = limit >= 0 && pending.length === limit
    const small = this.db
      .prepare('SELECT id, doc_count FROM search_segments WHERE doc_count < ? ORDER BY doc_count ASC')

      .all(this.maxSegmentDocs) as Array<{ id: string; doc_count: number }>
    const total = (this.db.prepare('SELECT count(*) AS n FROM search_segments').get() as { n: number }).n
    if (total <= MAX_SEGMENTS) {
      if (!backlog) this.completeAt = this.changeKey()
      return
    }
    // Merge the smallest segments, as many as fit in one segment's limit.
    const merged: string[] = []
    let docs = 0
    for (const segment of small.slice(0, MERGE_COUNT)) {
      if (merged.length > 0 && docs + segment.doc_count > this.maxSegmentDocs) break
      merged.push(segment.id)
      docs += segment.doc_count
    }
    if (merged.length >= 2) this.merge(merged)
  }

  /** Rebuilds several segments as one from the stored texts, keeping only documents still live and current. */
  private merge(segmentIds: string[]): void {
    const placeholders = segmentIds.map(() => '?').join(',')
    const docs = this.db
      .prepare(
        `${INDEXABLE} AND v.id IN (SELECT version_id FROM search_documents WHERE segment_id IN (${placeholders}))`,
      )
      .all(...segmentIds) as IndexedDoc[]
    this.storeSegment(docs, segmentIds)
  }

  /** The key at which the loaded segments last matched the archive's. */
  private loadedAt: string | null = null

  /**
   * The segments, loaded. One built in another format, or that cannot be read, is dropped: its articles
   * become pending, for the next refresh (never run from here, so a search never rebuilds a whole index).
   * While the archive is unchanged the loaded segments are returned without asking SQLite.
   */
  private segments(): LoadedSegment[] {
    if (this.loadedAt !== this.changeKey()) {
      const stale = this.db
        .prepare('SELECT id FROM search_segments WHERE format <> ?')
        .all(SEGMENT_FORMAT) as Array<{ id: string }>
      if (stale.length > 0)
        this.db.transaction(() => stale.forEach(({ id }) => this.dropSegmentRows(id))).immediate()
      const rows = this.db.prepare('SELECT id FROM search_segments').all() as Array<{ id: string }>
      const live = new Set(rows.map((r) => r.id))
      for (const id of this.loaded.keys()) if (!live.has(id)) this.loaded.delete(id)
      for (const { id } of rows) if (!this.loaded.has(id)) this.loadOrDrop(id)
      this.loadedAt = this.changeKey()
    }
    return [...this.loaded.values()]
  }

  /** Loads one segment into memory, or drops it from the archive if it cannot be read. */
  private loadOrDrop(id: string): void {
    try {
      this.loaded.set(id, this.loadSegment(id))
    } catch {
      this.db.transaction(() => this.dropSegmentRows(id)).immediate()
    }
  }

  private loadSegment(id: string): LoadedSegment {
    const row = this.db.prepare('SELECT index_json FROM search_segments WHERE id = ?').get(id) as {
      index_json: string
    }
    const refs = this.db
      .prepare('SELECT doc_ref, version_id FROM search_documents WHERE segment_id = ?')
      .all(id) as Array<{ doc_ref: string; version_id: string }>
    return {
      index: loadSegmentIndex(JSON.parse(row.index_json) as Parameters<typeof loadSegmentIndex>[0]),
      versions: new Map(refs.map((r) => [r.doc_ref, r.version_id])),
    }
  }

  /** Brings the index up to date and loads it in one go (tests, the CLI). */
  warm(): void {
    this.segments() // first, so that dropped segments' articles are indexed by the refresh
    this.refresh()
    this.segments()
  }

  /**
   * One small slice of background work: index a slice of pending articles, or load one segment. The worker
   * calls it between requests until it returns false, so opening an archive whose index is missing or stale
   * never holds up the UI's requests for long. Returns whether there was work.
   */
  backgroundStep(): boolean {
    const pending = this.pendingDocs(this.backgroundSlice)
    if (pending.length > 0) {
      this.storeSegment(pending)
      return true
    }
    const unloaded = (this.db.prepare('SELECT id FROM search_segments').all() as { id: string }[]).find(
      ({ id }) => !this.loaded.has(id),
    )
    if (!unloaded) return false
    this.loadOrDrop(unloaded.id)
    return true
  }

  /** Every live article matching all the (exact) index terms, best first. */
  search(terms: string[]): RankedVersion[] {
    const specs = terms.map((term): TermSpec => ({
      term,
      fields: INDEX_FIELDS,
      prefix: false,
      editDistance: 0,
    }))
    return [...this.matchAll(specs)]
      .map(([versionId, match]) => ({ articleId: match.articleId, versionId, score: match.score }))
      .sort((a, b) => b.score - a.score)
  }

  /**
   * The live, current article versions matching every spec, scored on one scale across segments:
   * lunr finds the documents and the words a prefix or fuzzy spec expands to; the score is recomputed
   * with archive-wide idf (see global-scoring.ts).
   */
  matchAll(specs: TermSpec[]): Map<string, VersionMatch> {
    const found = new Map<string, VersionMatch>()
    if (specs.length === 0) return found
    // A search indexes what was just imported; a large backlog (a rebuild) is left to the background.
    // Segments are checked first, so that the articles of a dropped one are among what is indexed.
    this.segments()
    this.refresh(this.foregroundLimit)
    const segments = this.segments()
    const exact = specs.every((spec) => !spec.prefix && spec.editDistance === 0)
    const perSegment = segments.map((segment) =>
      exact ? exactMatches(segment.index, specs) : lunrMatches(segment.index, specs),
    )
    const matchedTerms = new Set<string>()
    for (const results of perSegment) {
      for (const result of results) for (const term of result.terms) matchedTerms.add(term)
    }
    const terms = [...matchedTerms]
    const corrections = idfCorrections(
      segments.map((s) => ({ index: s.index, documentCount: s.versions.size })),
      terms,
    )
    const articleOf = this.liveVersions()
    segments.forEach((segment, i) => {
      for (const result of perSegment[i] ?? []) {
        const versionId = segment.versions.get(result.ref)
        const articleId = versionId ? articleOf.get(versionId) : undefined
        if (!versionId || !articleId) continue
        const resultTerms = result.terms
        const score = globalScore(segment.index, result.ref, resultTerms, corrections[i] ?? new Map())
        const previous = found.get(versionId)
        if (!previous || previous.score < score) {
          found.set(versionId, { articleId, score, terms: new Set(resultTerms) })
        }
      }
    })
    return found
  }
}

interface SegmentMatch {
  ref: string
  terms: string[]
}

type Posting = Record<string, Record<string, unknown> | undefined>

/**
 * Documents holding every (exact) term, straight from the inverted index: no TokenSet needed, so a
 * freshly loaded segment answers at once.
 */
function exactMatches(index: lunr.Index, specs: TermSpec[]): SegmentMatch[] {
  const invertedIndex = (index as unknown as { invertedIndex: Record<string, Posting | undefined> })
    .invertedIndex
  let documents: Set<string> | undefined
  for (const spec of specs) {
    const posting = invertedIndex[spec.term]
    if (!posting) return []
    const holders = new Set<string>()
    for (const field of spec.fields) for (const ref of Object.keys(posting[field] ?? {})) holders.add(ref)
    documents = documents ? new Set([...documents].filter((ref) => holders.has(ref))) : holders
    if (documents.size === 0) return []
  }
  const terms = specs.map((spec) => spec.term)
  return [...(documents ?? [])].map((ref) => ({ ref, terms }))
}

/** Prefix and fuzzy terms go through lunr's query, which expands them over the TokenSet. */
function lunrMatches(index: lunr.Index, specs: TermSpec[]): SegmentMatch[] {
  return index
    .query((q) => {
      for (const spec of specs) {
        q.term(spec.term, {
          fields: [...spec.fields],
          usePipeline: false,
          presence: lunr.Query.presence.REQUIRED,
          wildcard: spec.prefix ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE,
          // Only when fuzzy: lunr treats any editDistance, even 0, as fuzzy and a `*` as a literal then.
          ...(spec.editDistance > 0 ? { editDistance: spec.editDistance } : {}),
        })
      }
    })
    .map((result) => ({ ref: result.ref, terms: Object.keys(result.matchData.metadata) }))
}
