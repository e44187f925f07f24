import type { Database } from 'better-sqlite3-multiple-ciphers'
import type { Entity } from '../../shared/model'
import { tagKey } from '../../shared/tags'
import { toEntity, type EntityRow } from '../archive/entities'
import { pageLookup } from '../archive/passage-pages'
import type { PageSpan } from '../../shared/source-pages'
import { assertVersionTexts } from '../integrity/version-text'
import { groupBy } from '../../shared/group-by'

/**
 * The highlights every export reads (W3C JSON-LD, CSV, evidence reports), each with what a citation needs:
 * its article, the version its offsets and quote belong to (with that version's SHA-256, so a reader can
 * prove which text was quoted), its tags and its linked entities in full.
 */

export type AnchorStatus = 'anchored' | 'orphan' | 'dismissed'

export interface ExportRow {
  id: string
  exact: string
  prefix: string
  suffix: string
  start: number
  end: number
  /** The pages of the source file the passage is on (a PDF's); null for sources without pages. */
  pages: PageSpan | null
  note: string
  color: string
  anchorStatus: AnchorStatus
  createdAt: string
  updatedAt: string
  tags: string[]
  entities: Entity[]
  article: {
    id: string
    title: string
    sourceUrl: string | null
    siteName: string | null
    byline: string | null
    publishedAt: string | null
    createdAt: string
    /** The file the quoted version came from: the citation's source when the page named none. */
    importedFrom: string | null
  }
  version: {
    id: string
    sha256: string
    createdAt: string
    /** Whether the quote's version is the article's current one (an orphan's is an older one). */
    isCurrent: boolean
  }
}

/** Which highlights to read; with no filter, every live highlight that is not dismissed. */
export interface ExportFilter {
  highlightIds?: readonly string[]
  entityId?: string
  /** A tag, in any spelling: matched on its key, as `tag:` does. */
  tag?: string
  /** Dismissed orphans are the user's "this passage is gone, stop showing it": left out unless asked for. */
  includeDismissed?: boolean
}

interface Row {
  id: string
  exact: string
  prefix: string
  suffix: string
  start_offset: number
  end_offset: number
  note: string
  color: string
  anchor_status: AnchorStatus
  created_at: string
  updated_at: string
  article_id: string
  title: string
  source_url: string | null
  site_name: string | null
  byline: string | null
  published_at: string | null
  article_created_at: string
  imported_from: string | null
  version_id: string
  sha256: string
  version_created_at: string
  is_current: number
}

type LinkedEntityRow = EntityRow & { highlight_id: string }

/**
 * The live highlights of live articles matching the filter, in reading order within each article and
 * articles in date order (published, else imported), oldest first: the order of a chronology of evidence.
 */
export function readExportRows(db: Database, filter: ExportFilter = {}): ExportRow[] {
  const conditions = ['h.deleted_at IS NULL', 'a.deleted_at IS NULL']
  const values: string[] = []
  if (!filter.includeDismissed) conditions.push("h.anchor_status <> 'dismissed'")
  if (filter.entityId !== undefined) {
    conditions.push(
      'EXISTS (SELECT 1 FROM highlight_entities l WHERE l.highlight_id = h.id AND l.entity_id = ? AND l.deleted_at IS NULL)',
    )
    values.push(filter.entityId)
  }
  if (filter.tag !== undefined) {
    conditions.push(
      'EXISTS (SELECT 1 FROM highlight_tags t WHERE t.highlight_id = h.id AND t.tag_key = ? AND t.deleted_at IS NULL)',
    )
    values.push(tagKey(filter.tag))
  }
  if (filter.highlightIds !== undefined) {
    // A JSON array bound as one value: any number of ids without building SQL from them.
    conditions.push('h.id IN (SELECT value FROM json_each(?))')
    values.push(JSON.stringify(filter.highlightIds))
  }
  // version_id is the version the offsets and quote belong to; its imported_from (migration 4) names the
  // file that version came from, the article's the first one.
  const rows = db
    .prepare(
      `SELECT h.id, h.exact, h.prefix, h.suffix, h.start_offset, h.end_offset, h.note, h.color, h.anchor_status,
              h.created_at, h.updated_at,
              a.id AS article_id, a.title, a.source_url, a.site_name, a.byline, a.published_at,
              a.created_at AS article_created_at, coalesce(v.imported_from, a.imported_from) AS imported_from,
              v.id AS version_id, v.sha256, v.created_at AS version_created_at,
              (a.current_version_id = v.id) AS is_current
         FROM highlights h
         JOIN articles a ON a.id = h.article_id
         JOIN article_versions v ON v.id = h.version_id
        WHERE ${conditions.join(' AND ')}
        ORDER BY coalesce(a.published_at, a.created_at), a.id, h.start_offset, h.end_offset, h.created_at`,
    )
    .all(...values) as Row[]
  // Each quoted version's text against its SHA-256, which the export cites: a text changed on disk since
  // it was imported stops the export, naming the article, rather than vouching for what is not there.
  assertVersionTexts(
    db,
    rows.map((row) => row.version_id),
  )
  const tags = tagsByHighlight(db)
  const entities = entitiesByHighlight(db)
  const pagesOf = pageLookup(db)
  return rows.map((row) => ({
    id: row.id,
    exact: row.exact,
    prefix: row.prefix,
    suffix: row.suffix,
    start: row.start_offset,
    end: row.end_offset,
    pages: pagesOf(row.version_id, row.start_offset, row.end_offset),
    note: row.note,
    color: row.color,
    anchorStatus: row.anchor_status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    tags: tags.get(row.id) ?? [],
    entities: entities.get(row.id) ?? [],
    article: {
      id: row.article_id,
      title: row.title,
      sourceUrl: row.source_url,
      siteName: row.site_name,
      byline: row.byline,
      publishedAt: row.published_at,
      createdAt: row.article_created_at,
      importedFrom: row.imported_from,
    },
    version: {
      id: row.version_id,
      sha256: row.sha256,
      createdAt: row.version_created_at,
      isCurrent: row.is_current === 1,
    },
  }))
}

/** Every live tag by highlight, in the order added: one query for the whole export, not one per highlight. */
function tagsByHighlight(db: Database): Map<string, string[]> {
  const rows = db
    .prepare(
      `SELECT highlight_id AS highlightId, tag FROM highlight_tags WHERE deleted_at IS NULL ORDER BY created_at, rowid`,
    )
    .all() as Array<{ highlightId: string; tag: string }>
  return groupBy(
    rows,
    (row) => row.highlightId,
    (row) => row.tag,
  )
}

function entitiesByHighlight(db: Database): Map<string, Entity[]> {
  const rows = db
    .prepare(
      `SELECT l.highlight_id, e.*
         FROM highlight_entities l JOIN entities e ON e.id = l.entity_id
        WHERE l.deleted_at IS NULL AND e.deleted_at IS NULL
        ORDER BY l.created_at, l.rowid`,
    )
    .all() as LinkedEntityRow[]
  return groupBy(rows, (row) => row.highlight_id, toEntity)
}
