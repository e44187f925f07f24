import type { Database } from 'better-sqlite3-multiple-ciphers'
import { pageLookup } from '../archive/passage-pages'
import type { PageSpan } from '../../shared/source-pages'
import { ENTITY_TYPES, type AnchorStatus, type Entity, type Relation } from '../../shared/model'
import { toEntity, type EntityRow } from '../archive/entities'
import { listRelations } from '../archive/entity-relations'
import { LIVE_LINKS } from '../archive/live-links'
import { groupBy } from '../../shared/group-by'

/**
 * What the entity exports (CSV and FollowTheMoney) are made of, read once: every live entity with the
 * passages linked to it, every live relation with the passages given as its evidence, each passage with
 * what a citation needs (article, date, source, the SHA-256 of the version it quotes).
 */

export interface ExportPassage {
  /** The id of the link (entity → passage) or of the evidence record (relation → passage). */
  recordId: string
  highlightId: string
  exact: string
  note: string
  status: AnchorStatus
  articleId: string
  title: string
  byline: string | null
  publishedAt: string | null
  siteName: string | null
  sourceUrl: string | null
  importedFrom: string | null
  versionSha256: string
  /** The source file's pages the passage is on (a PDF's), for the citation; null for other sources. */
  pages: PageSpan | null
}

export interface ExportEntity {
  entity: Entity
  /** The live place it is in (followed through merges), with the places above it, nearest first. */
  parents: Array<{ id: string; name: string; aliases: string[] }>
  passages: ExportPassage[]
  articleCount: number
}

export interface ExportRelation {
  relation: Relation
  passages: ExportPassage[]
}

export interface EntityExportData {
  /** By type (person, organisation, place, event, other), then by name. */
  entities: ExportEntity[]
  /** By type, then subject and object name (as listRelations orders them). */
  relations: ExportRelation[]
}

interface PassageRow {
  record_id: string
  owner_id: string
  highlight_id: string
  exact: string
  note: string
  anchor_status: string
  article_id: string
  title: string
  byline: string | null
  published_at: string | null
  site_name: string | null
  source_url: string | null
  imported_from: string | null
  version_id: string
  start_offset: number
  end_offset: number
  version_sha256: string
}

const PASSAGE_COLUMNS = `h.id AS highlight_id, h.exact, h.note, h.anchor_status, v.sha256 AS version_sha256,
       h.version_id, h.start_offset, h.end_offset,
       a.id AS article_id, a.title, a.byline, a.published_at, a.site_name, a.source_url, a.imported_from`
// Oldest article first, passages in reading order: a record's evidence reads as it was published.
const PASSAGE_ORDER = 'ORDER BY coalesce(a.published_at, a.created_at), a.id, h.start_offset'

type PagesOf = ReturnType<typeof pageLookup>

function toPassage(row: PassageRow, pagesOf: PagesOf): ExportPassage {
  return {
    recordId: row.record_id,
    highlightId: row.highlight_id,
    exact: row.exact,
    note: row.note,
    status: row.anchor_status as AnchorStatus,
    articleId: row.article_id,
    title: row.title,
    byline: row.byline,
    publishedAt: row.published_at,
    siteName: row.site_name,
    sourceUrl: row.source_url,
    importedFrom: row.imported_from,
    versionSha256: row.version_sha256,
    pages: pagesOf(row.version_id, row.start_offset, row.end_offset),
  }
}

function byOwner(rows: PassageRow[], pagesOf: PagesOf): Map<string, ExportPassage[]> {
  return groupBy(
    rows,
    (row) => row.owner_id,
    (row) => toPassage(row, pagesOf),
  )
}

/** Links of live highlights in live articles, as the entity pages count them (dismissed orphans too). */
function entityPassages(db: Database, pagesOf: PagesOf): Map<string, ExportPassage[]> {
  const rows = db
    .prepare(
      `SELECT l.id AS record_id, l.entity_id AS owner_id, ${PASSAGE_COLUMNS}
         ${LIVE_LINKS.replace('WHERE', 'JOIN article_versions v ON v.id = h.version_id WHERE')}
        ${PASSAGE_ORDER}`,
    )
    .all() as PassageRow[]
  return byOwner(rows, pagesOf)
}

/** Evidence as the relation's page shows it: passages of deleted highlights or articles left out. */
function relationPassages(db: Database, pagesOf: PagesOf): Map<string, ExportPassage[]> {
  const rows = db
    .prepare(
      `SELECT e.id AS record_id, e.relation_id AS owner_id, ${PASSAGE_COLUMNS}
         FROM relation_evidence e
         JOIN highlights h ON h.id = e.highlight_id AND h.deleted_at IS NULL
         JOIN articles a ON a.id = h.article_id AND a.deleted_at IS NULL
         JOIN article_versions v ON v.id = h.version_id
        WHERE e.deleted_at IS NULL
        ${PASSAGE_ORDER}`,
    )
    .all() as PassageRow[]
  return byOwner(rows, pagesOf)
}

/**
 * The chain of live places above a place, nearest first. A parent merged away is the place it was merged
 * into (as the entity page shows it); a deleted one ends the chain; a cycle (which the engine refuses, but
 * an archive merged from elsewhere might hold) is cut where it closes.
 */
function parentChains(db: Database, live: Map<string, Entity>): Map<string, ExportEntity['parents']> {
  const dead = new Map(
    (
      db.prepare('SELECT id, merged_into FROM entities WHERE deleted_at IS NOT NULL').all() as Array<{
        id: string
        merged_into: string | null
      }>
    ).map((r) => [r.id, r.merged_into]),
  )
  const liveOf = (id: string | null): Entity | undefined => {
    const seen = new Set<string>()
    for (let at = id; at && !seen.has(at); at = dead.get(at) ?? null) {
      seen.add(at)
      const entity = live.get(at)
      if (entity) return entity
    }
    return undefined
  }
  const chains = new Map<string, ExportEntity['parents']>()
  for (const entity of live.values()) {
    if (entity.type !== 'place') continue
    const chain: ExportEntity['parents'] = []
    const seen = new Set([entity.id])
    for (let at = liveOf(entity.parentId); at && !seen.has(at.id); at = liveOf(at.parentId)) {
      seen.add(at.id)
      chain.push({ id: at.id, name: at.name, aliases: at.aliases })
    }
    chains.set(entity.id, chain)
  }
  return chains
}

export function readEntityExport(db: Database): EntityExportData {
  const rows = db.prepare('SELECT * FROM entities WHERE deleted_at IS NULL').all() as EntityRow[]
  const typeOrder = (e: Entity) => ENTITY_TYPES.indexOf(e.type)
  const all = rows
    .map(toEntity)
    .sort((a, b) => typeOrder(a) - typeOrder(b) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
  const live = new Map(all.map((e) => [e.id, e]))
  const pagesOf = pageLookup(db)
  const passages = entityPassages(db, pagesOf)
  const chains = parentChains(db, live)
  const evidence = relationPassages(db, pagesOf)
  return {
    entities: all.map((entity) => {
      const own = passages.get(entity.id) ?? []
      return {
        entity,
        parents: chains.get(entity.id) ?? [],
        passages: own,
        articleCount: new Set(own.map((p) => p.articleId)).size,
      }
    }),
    // The evidence comes from relationPassages, with the columns a citation needs; not read twice.
    relations: listRelations(db, undefined, false).map((relation) => ({
      relation,
      passages: evidence.get(relation.id) ?? [],
    })),
  }
}
