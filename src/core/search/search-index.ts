import type { Database, Statement } from 'better-sqlite3-multiple-ciphers'
import { newId, nowIso } from '../ids'
import { INDEX_FIELDS, type IndexField } from './index-fields'
import { buildSegment, mergeSegments, type Segment } from './segment'
import { segmentsToMerge, type SegmentSize } from './merge-policy'
import { PendingVersions } from './pending-versions'
import { decodeSegment, encodeSegment } from './segment-codec'
import {
  archiveStats,
  bm25Idf,
  expandWord,
  fieldNumbers,
  hasPhrase,
  scanSegment,
  type ArchiveStats,
  type SegmentTerms,
} from './segment-query'
import { analysisOf, DEFAULT_ANALYSIS, MatchedTerms, type PositionedTerm } from './text-pipeline'

export { INDEX_FIELDS, type IndexField } from './index-fields'

/**
 * Full-text search over segments stored inside the archive.
 *
 * Segments are immutable, so new articles go into a new small segment instead of a rebuild; when segments
 * pile up the smallest are merged (by copying their postings, without indexing anything again). A document
 * is an article *version* (known inside its segment by its number, mapped in search_documents): a hit whose
 * version is no longer an article's live current version (deleted, or superseded) is dropped at query
 * time, so deletions show at once without touching any segment, and merges leave such documents out. The
 * index is derived data: a segment that cannot be read is dropped and its articles are indexed again.
 */

/** Articles a search indexes itself before answering; more are left to the background and reported. */
const FOREGROUND_LIMIT = 500
/** Articles the background indexes per step, between two requests. */
const BACKGROUND_SLICE = 100

/**
 * No segment grows past this many documents: a merge copies every posting of its segments, and 5,000
 * articles (~25 MB of postings) merge in a few hundred milliseconds, short enough to sit between requests.
 */
export const MAX_SEGMENT_DOCS = 5000

/**
 * The layout of the documents in a segment (its fields) and the analysis of their words. A segment of
 * another format is dropped and its articles indexed again, so changing the layout needs no migration: the
 * index is derived data. 4: words stemmed by their article's language, each document's analysis recorded.
 */
export const SEGMENT_FORMAT = 4

type IndexedDoc = { versionId: string; language: string | null } & Record<IndexField, string>

/** One word of a query as the index is asked for it. */
export interface TermSpec {
  /** An index term (see termOf), or for a prefix the lower-cased start of one. */
  term: string
  fields: readonly IndexField[]
  prefix: boolean
  editDistance: 0 | 1 | 2
}

/** A required word of a query: any of its alternative spellings (see alternativesOf) may match. */
export type QueryWord = readonly TermSpec[]

export interface VersionMatch {
  versionId: string
  articleId: string
  score: number
  /**
   * The index terms that matched (a prefix or fuzzy word expands to several), for marking snippets, with
   * the analysis of the article (see MatchedTerms). One set is shared by all the hits of a lookup in
   * articles of one analysis: marking only finds the terms a text holds anyway.
   */
  terms: ReadonlySet<string>
}

interface LoadedSegment {
  segment: Segment
  /** Document number → article version id. */
  versions: string[]
}

interface LiveArticle {
  articleId: string
  /** The analysis the article's language calls for (see analysisOf). */
  analysis: string
}

/** One set of matched terms per analysis, made when first asked for, shared by that analysis's hits. */
function termsByAnalysis(matched: ReadonlySet<string>): (analysis: string) => ReadonlySet<string> {
  const sets = new Map<string, MatchedTerms>()
  return (analysis) => {
    let terms = sets.get(analysis)
    if (!terms) sets.set(analysis, (terms = new MatchedTerms(matched, analysis)))
    return terms
  }
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
    this.changeStatements = [db.prepare('PRAGMA data_version'), db.prepare('SELECT total_changes()')]
    this.pending = new PendingVersions(db)
  }

  private readonly pending: PendingVersions

  /** Versions that are live and current but in no segment yet: new imports, or an index that went missing. */
  private pendingDocs(limit = -1): IndexedDoc[] {
    return this.pending.documents(limit) as IndexedDoc[]
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
    const [version, changes] = this.changeStatements.map((statement) => statement.pluck().get() as number)
    return `${version}:${changes}`
  }

  /** Prepared once: the key is read several times per search. */
  private readonly changeStatements: Statement[]

  /** The key at which the index was last found complete (nothing pending, no merge due). */
  private completeAt: string | null = null
  private live: {
    key: string
    articleOf: Map<string, LiveArticle>
    /** The analyses of the live articles other than the default. */
    analyses: string[]
  } | null = null

  /** Articles not searchable yet. */
  pendingCount(): number {
    if (this.completeAt === this.changeKey()) return 0
    return this.pending.count()
  }

  /**
   * Live current version → its article and the analysis its language calls for, read once per change of
   * the archive rather than once per hit.
   */
  private liveVersions(): Map<string, LiveArticle> {
    return this.readLive().articleOf
  }

  private readLive(): NonNullable<SearchIndex['live']> {
    const key = this.changeKey()
    if (this.live?.key !== key) {
      const rows = this.db
        .prepare(
          'SELECT current_version_id AS versionId, id, language FROM articles WHERE deleted_at IS NULL',
        )
        .raw()
        .all() as Array<[versionId: string, id: string, language: string | null]>
      const articleOf = new Map<string, LiveArticle>()
      const analyses = new Set<string>()
      for (const [versionId, id, language] of rows) {
        const analysis = analysisOf(language)
        articleOf.set(versionId, { articleId: id, analysis })
        if (analysis !== DEFAULT_ANALYSIS) analyses.add(analysis)
      }
      this.live = { key, articleOf, analyses: [...analyses].sort() }
    }
    return this.live
  }

  /**
   * The analyses (see analysisOf) of the live articles other than the default: a query word is looked up
   * as each of them stems it, and as the default does.
   */
  analyses(): string[] {
    return this.readLive().analyses
  }

  /** Whether a segment's document is its version's live, current, up-to-date one. */
  private isLive(segment: LoadedSegment, doc: number, live: Map<string, LiveArticle>): boolean {
    const article = live.get(segment.versions[doc] ?? '')
    // A document indexed under another analysis than its article's language now calls for is out of date:
    // the version is indexed again (see forgetIndexedVersion), and this copy left out.
    return article !== undefined && article.analysis === segment.segment.analyses[doc]
  }

  /** Indexes documents into a new segment. */
  private storeSegment(docs: IndexedDoc[]): void {
    this.saveSegment(
      buildSegment(docs),
      docs.map((doc) => doc.versionId),
    )
  }

  /** Writes a segment and its documents' rows, replacing the segments it was merged from. */
  private saveSegment(segment: Segment, versions: string[], replaces: string[] = []): void {
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
            'INSERT INTO search_segments (id, format, created_at, doc_count, data) VALUES (?, ?, ?, ?, ?)',
          )
          .run(id, SEGMENT_FORMAT, nowIso(), versions.length, encodeSegment(segment))
        versions.forEach((versionId, doc) => insertDoc.run(versionId, id, doc.toString(36)))
      })
      .immediate()
    for (const old of replaces) this.loaded.delete(old)
    this.loaded.set(id, { segment, versions })
    this.scale = null
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
    const due = this.mergeDue()
    if (due) this.merge(due)
    else if (!backlog) this.completeAt = this.changeKey()
  }

  /**
   * Several segments as one, keeping only documents still live and current. Their postings are copied,
   * nothing is indexed again; a segment that cannot be read is dropped instead (its articles become pending).
   */
  private merge(segmentIds: string[]): void {
    const parts: LoadedSegment[] = []
    for (const id of segmentIds) {
      if (!this.loaded.has(id)) this.loadOrDrop(id)
      const part = this.loaded.get(id)
      if (part) parts.push(part)
    }
    if (parts.length < 2) return
    const live = this.liveVersions()
    const { segment, sources } = mergeSegments(
      parts.map((part) => ({
        segment: part.segment,
        keep: (doc: number) => this.isLive(part, doc, live),
      })),
    )
    const versions = sources.map(([part, doc]) => parts[part]?.versions[doc] ?? '')
    this.saveSegment(segment, versions, segmentIds)
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
      this.scale = null
    }
    return [...this.loaded.values()]
  }

  /** Loads one segment into memory, or drops it from the archive if it cannot be read. */
  private loadOrDrop(id: string): void {
    try {
      this.loaded.set(id, this.loadSegment(id))
      this.scale = null
    } catch {
      this.db.transaction(() => this.dropSegmentRows(id)).immediate()
    }
  }

  private loadSegment(id: string): LoadedSegment {
    const row = this.db.prepare('SELECT data FROM search_segments WHERE id = ?').get(id) as {
      data: Buffer
    }
    const refs = this.db
      .prepare('SELECT doc_ref, version_id FROM search_documents WHERE segment_id = ?')
      .all(id) as Array<{ doc_ref: string; version_id: string }>
    const segment = decodeSegment(row.data)
    const versions = new Array<string>(segment.docCount).fill('')
    for (const ref of refs) {
      const doc = parseInt(ref.doc_ref, 36)
      if (!(doc >= 0 && doc < segment.docCount))
        throw new Error(`segment ${id} has no document ${ref.doc_ref}`)
      versions[doc] = ref.version_id
    }
    return { segment, versions }
  }

  /** Brings the index up to date and loads it in one go (tests, the CLI). */
  warm(): void {
    this.segments() // first, so that dropped segments' articles are indexed by the refresh
    this.refresh()
    this.segments()
  }

  /**
   * One small slice of background work: a merge, a slice of pending articles indexed, or one segment loaded. The worker
   * calls it between requests until it returns false, so opening an archive whose index is missing or stale
   * never holds up the UI's requests for long. Returns whether there was work. `slice` caps the articles
   * indexed in this step (smaller while requests keep coming, so they wait less); `busy` says requests keep
   * coming: only small merges are made (merge-policy.ts) and only whole slices indexed, the rest when they
   * stop (false is returned meanwhile: ask again once they have).
   */
  backgroundStep(slice = this.backgroundSlice, busy = false): boolean {
    // Merges first: while imports keep coming there is always something pending, and segments must not
    // pile up meanwhile (each one costs every search a little).
    const due = this.mergeDue(busy)
    if (due) {
      this.merge(due)
      return true
    }
    // While busy, a segment waits for a full slice: the index kept pace with an import, so it made segments
    // of ~6 articles, and merging those (5 levels for 10,000 articles) cost more than indexing them.
    // Counted first: while busy most steps find less than a slice, and reading their texts would be waste.
    if (!busy || this.pending.count() >= slice) {
      const pending = this.pendingDocs(slice)
      if (pending.length > 0) {
        this.storeSegment(pending)
        return true
      }
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
    const words = terms.map((term): QueryWord => [
      { term, fields: INDEX_FIELDS, prefix: false, editDistance: 0 },
    ])
    return [...this.matchAll(words).values()]
      .map(({ articleId, versionId, score }) => ({ articleId, versionId, score }))
      .sort((a, b) => b.score - a.score)
  }

  /** Archive-wide document count and average field lengths, kept until the loaded segments change. */
  private scale: ArchiveStats | null = null

  /** Brings the index up to date (within the foreground limit) and returns the loaded segments. */
  private current(): LoadedSegment[] {
    // A search indexes what was just imported; a large backlog (a rebuild) is left to the background.
    // Segments are checked first, so that the articles of a dropped one are among what is indexed.
    this.segments()
    this.refresh(this.foregroundLimit)
    return this.segments()
  }

  /**
   * Each word's terms in each segment, weighted with the archive-wide idf of each term: the number of
   * documents holding a term is summed over the segments, so scores compare across segments.
   */
  private resolve(segments: LoadedSegment[], words: readonly QueryWord[]) {
    const stats = (this.scale ??= archiveStats(segments.map((s) => s.segment)))
    const idfOf = new Map<string, number>()
    const idf = (term: string) => {
      let value = idfOf.get(term)
      if (value === undefined) {
        let holders = 0
        for (const { segment } of segments) {
          const id = segment.termId(term)
          if (id >= 0) holders += segment.documentFrequency[id] ?? 0
        }
        idfOf.set(term, (value = bm25Idf(holders, stats.documents)))
      }
      return value
    }
    const matchedTerms = new Set<string>()
    const perSegment = segments.map(({ segment }) =>
      words.map((alternatives): SegmentTerms[] =>
        alternatives.map((spec) => {
          const terms = expandWord(segment, spec).map(({ id, closeness }) => {
            const term = segment.terms[id] ?? ''
            matchedTerms.add(term)
            return { id, weight: idf(term) * closeness }
          })
          return { fields: fieldNumbers(spec.fields), terms }
        }),
      ),
    )
    return { stats, perSegment, matchedTerms }
  }

  /**
   * A hit's article, if its version is still an article's live current version (and indexed with its
   * article's analysis). `termsOf` gives the matched terms to mark an article of an analysis with.
   */
  private collect(
    segment: LoadedSegment,
    docs: number[],
    scores: Float64Array,
    termsOf: (analysis: string) => ReadonlySet<string>,
    into: Map<string, VersionMatch>,
  ): void {
    const articleOf = this.liveVersions()
    for (const doc of docs) {
      const versionId = segment.versions[doc]
      const article = versionId ? articleOf.get(versionId) : undefined
      if (!versionId || !article || article.analysis !== segment.segment.analyses[doc]) continue
      const score = scores[doc] ?? 0
      const previous = into.get(versionId)
      if (!previous || previous.score < score) {
        const terms = termsOf(article.analysis)
        into.set(versionId, { versionId, articleId: article.articleId, score, terms })
      }
    }
  }

  /**
   * The live, current article versions matching every word (in any of its alternatives; a prefix or
   * fuzzy alternative in any of the terms it expands to), scored with BM25 on one scale across segments.
   */
  matchAll(words: readonly QueryWord[]): Map<string, VersionMatch> {
    const found = new Map<string, VersionMatch>()
    if (words.length === 0) return found
    const segments = this.current()
    const { stats, perSegment, matchedTerms } = this.resolve(segments, words)
    const termsOf = termsByAnalysis(matchedTerms)
    segments.forEach((segment, i) => {
      const { docs, scores } = scanSegment(segment.segment, perSegment[i] ?? [], stats)
      this.collect(segment, docs, scores, termsOf, found)
    })
    return found
  }

  /**
   * The live, current article versions holding the words of a phrase next to one another, each as written
   * (terms, positions and forms, see indexTokens). Stop words are not indexed: for a phrase with one, the
   * caller checks the stored text of what this finds.
   */
  matchPhrase(words: PositionedTerm[], fields: readonly IndexField[]): Map<string, VersionMatch> {
    const found = new Map<string, VersionMatch>()
    if (words.length === 0) return found
    const distinct = [...new Set(words.map((w) => w.term))]
    const required = distinct.map((term): QueryWord => [{ term, fields, prefix: false, editDistance: 0 }])
    const segments = this.current()
    const { stats, perSegment, matchedTerms } = this.resolve(segments, required)
    const start = words[0]?.position ?? 0
    const fieldNos = fieldNumbers(fields)
    const termsOf = termsByAnalysis(matchedTerms)
    segments.forEach((segment, i) => {
      const ids = words.map(({ term, position, form }) => ({
        id: segment.segment.termId(term),
        offset: position - start,
        form,
      }))
      if (ids.some(({ id }) => id < 0)) return
      const { docs, scores } = scanSegment(segment.segment, perSegment[i] ?? [], stats)
      const inOrder = docs.filter((doc) => hasPhrase(segment.segment, doc, fieldNos, ids))
      this.collect(segment, inOrder, scores, termsOf, found)
    })
    return found
  }

  /** The segments a merge would combine now, if any (see segmentsToMerge). */
  private mergeDue(busy = false): string[] | null {
    const segments = this.db
      .prepare('SELECT id, doc_count AS docCount FROM search_segments')
      .all() as SegmentSize[]
    return segmentsToMerge(segments, this.maxSegmentDocs, busy)
  }
}
