import type { Database } from 'better-sqlite3'
import lunr from 'lunr'
import { newId, nowIso } from '../ids'
import { globalScore, idfCorrections } from './global-scoring'
import { configureBuilder, termOf, WORD_SEPARATOR } from './text-pipeline'

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
/** lunr runs out of memory near 54k documents in one index: no segment grows past this. */
export const MAX_SEGMENT_DOCS = 5000

/** Live, current versions of articles with their title and text, ready to index. */
const INDEXABLE = `
  SELECT v.id AS versionId, a.title AS title, v.text AS body
    FROM articles a JOIN article_versions v ON v.id = a.current_version_id
   WHERE a.deleted_at IS NULL`

interface IndexedDoc {
  versionId: string
  title: string
  body: string
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
    this.field('title', { boost: 3 })
    this.field('body')
    // No metadata whitelist: positions are not stored, snippets are found from the text instead.
    docs.forEach((doc, i) => this.add({ ref: i.toString(36), title: doc.title, body: doc.body }))
  })
}

/** The query's index terms, in order, without duplicates; stop words and punctuation fall away. */
export function queryTerms(query: string): string[] {
  const terms = query
    .split(WORD_SEPARATOR)
    .map((word) => termOf(word))
    .filter((t): t is string => t !== null)
  return [...new Set(terms)]
}

export class SearchIndex {
  private readonly loaded = new Map<string, LoadedSegment>()

  constructor(
    private readonly db: Database,
    private readonly maxSegmentDocs = MAX_SEGMENT_DOCS,
  ) {}

  /** Versions that are live and current but in no segment yet: new imports, or an index that went missing. */
  private pendingDocs(): IndexedDoc[] {
    return this.db
      .prepare(`${INDEXABLE} AND NOT EXISTS (SELECT 1 FROM search_documents d WHERE d.version_id = v.id)`)
      .all() as IndexedDoc[]
  }

  stats(): IndexStats {
    const segments = this.db
      .prepare('SELECT count(*) AS n, coalesce(sum(doc_count), 0) AS docs FROM search_segments')
      .get() as { n: number; docs: number }
    return { segments: segments.n, documents: segments.docs, pending: this.pendingDocs().length }
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
          .prepare('INSERT INTO search_segments (id, created_at, doc_count, index_json) VALUES (?, ?, ?, ?)')
          .run(id, nowIso(), docs.length, JSON.stringify(index))
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
  refresh(): void {
    const pending = this.pendingDocs()
    for (let start = 0; start < pending.length; start += this.maxSegmentDocs) {
      this.storeSegment(pending.slice(start, start + this.maxSegmentDocs))
    }
    const small = this.db
      .prepare('SELECT id, doc_count FROM search_segments WHERE doc_count < ? ORDER BY doc_count ASC')

      .all(this.maxSegmentDocs) as Array<{ id: string; doc_count: number }>
    const total = (this.db.prepare('SELECT count(*) AS n FROM search_segments').get() as { n: number }).n
    if (total <= MAX_SEGMENTS) return
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

  /** Loads the segments not in memory yet. One that cannot be read is dropped: its articles become pending. */
  private segments(): LoadedSegment[] {
    const rows = this.db.prepare('SELECT id FROM search_segments').all() as { id: string }[]
    const live = new Set(rows.map((r) => r.id))
    for (const id of this.loaded.keys()) if (!live.has(id)) this.loaded.delete(id)
    let dropped = false
    for (const { id } of rows) {
      if (this.loaded.has(id)) continue
      try {
        this.loaded.set(id, this.loadSegment(id))
      } catch {
        this.db.transaction(() => this.dropSegmentRows(id)).immediate()
        dropped = true
      }
    }
    if (dropped) {
      this.refresh()
      return this.segments()
    }
    return [...this.loaded.values()]
  }

  private loadSegment(id: string): LoadedSegment {
    const row = this.db.prepare('SELECT index_json FROM search_segments WHERE id = ?').get(id) as {
      index_json: string
    }
    const refs = this.db
      .prepare('SELECT doc_ref, version_id FROM search_documents WHERE segment_id = ?')
      .all(id) as Array<{ doc_ref: string; version_id: string }>
    return {
      index: lunr.Index.load(JSON.parse(row.index_json) as object),
      versions: new Map(refs.map((r) => [r.doc_ref, r.version_id])),
    }
  }

  /** Brings the index up to date and loads it (at open, in the worker) so the first search does not pay. */
  warm(): void {
    this.refresh()
    this.segments()
  }

  /** Every live article matching all query terms, best first. */
  search(terms: string[]): RankedVersion[] {
    if (terms.length === 0) return []
    this.refresh()
    const scores = new Map<string, number>()
    const segments = this.segments()
    const corrections = idfCorrections(
      segments.map((s) => ({ index: s.index, documentCount: s.versions.size })),
      terms,
    )
    segments.forEach((segment, i) => {
      // lunr finds the documents with every term; the score is recomputed with archive-wide idf.
      const results = segment.index.query((q) => {
        for (const term of terms) {
          q.term(term, { usePipeline: false, presence: lunr.Query.presence.REQUIRED })
        }
      })
      for (const result of results) {
        const versionId = segment.versions.get(result.ref)
        if (!versionId) continue
        const score = globalScore(segment.index, result.ref, terms, corrections[i] ?? new Map())
        scores.set(versionId, Math.max(scores.get(versionId) ?? 0, score))
      }
    })
    if (scores.size === 0) return []
    const current = this.db.prepare(
      'SELECT id FROM articles WHERE current_version_id = ? AND deleted_at IS NULL',
    )
    const ranked: RankedVersion[] = []
    for (const [versionId, score] of scores) {
      const article = current.get(versionId) as { id: string } | undefined
      if (article) ranked.push({ articleId: article.id, versionId, score })
    }
    return ranked.sort((a, b) => b.score - a.score)
  }
}
