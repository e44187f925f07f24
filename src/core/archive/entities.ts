import type { Database } from 'better-sqlite3-multiple-ciphers'
import { CasebookError } from '../../shared/errors'
import type {
  AnchorStatus,
  HighlightColor,
  Entity,
  EntityArticleGroup,
  EntityPage,
  EntitySummary,
  EntityType,
  Highlight,
} from '../../shared/model'
import { newId, nowIso } from '../ids'
import { coOccurringEntities } from './entity-cooccurrence'
import { LIVE_LINKS } from './live-links'
import { tagsOfEntityPassages } from './highlight-tags'
import { getHighlight } from './highlights'
import { tombstone, tombstoneLinks } from './tombstones'

export interface EntityRow {
  id: string
  type: EntityType
  name: string
  aliases: string
  description: string
  created_at: string
  updated_at: string
}

export function toEntity(row: EntityRow): Entity {
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    aliases: JSON.parse(row.aliases) as string[],
    description: row.description,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

function uniqueAliases(name: string, aliases: string[]): string[] {
  const seen = new Set([name.toLocaleLowerCase()])
  const kept: string[] = []
  for (const alias of aliases) {
    const key = alias.toLocaleLowerCase()
    if (!seen.has(key)) kept.push(alias)
    seen.add(key)
  }
  return kept
}

export function getEntity(db: Database, id: string): Entity {
  const row = db.prepare('SELECT * FROM entities WHERE id = ? AND deleted_at IS NULL').get(id) as
    EntityRow | undefined
  if (!row) throw new CasebookError('not_found', `no entity with id ${id}`)
  return toEntity(row)
}

/**
 * Entities whose name or an alias contains the query (case-insensitive, any script), those whose name or
 * alias starts with it first, then by name. This is the type-ahead behind "link to entity".
 */
export function listEntities(db: Database, query: string, type?: EntityType): EntitySummary[] {
  const rows = db
    .prepare(
      `SELECT e.*, (SELECT count(*) ${LIVE_LINKS} AND l.entity_id = e.id) AS passage_count
         FROM entities e WHERE e.deleted_at IS NULL ${type ? 'AND e.type = ?' : ''}`,
    )
    .all(...(type ? [type] : [])) as Array<EntityRow & { passage_count: number }>
  const needle = query.trim().toLocaleLowerCase()
  const ranked: Array<{ summary: EntitySummary; rank: number }> = []
  for (const row of rows) {
    const entity = toEntity(row)
    const names = [entity.name, ...entity.aliases].map((n) => n.toLocaleLowerCase())
    let rank = 2
    if (needle) {
      if (names.some((n) => n.startsWith(needle) || n.includes(` ${needle}`))) rank = 0
      else if (names.some((n) => n.includes(needle))) rank = 1
      else continue
    }
    ranked.push({ summary: { ...entity, passageCount: row.passage_count }, rank })
  }
  return ranked
    .sort((a, b) => a.rank - b.rank || a.summary.name.localeCompare(b.summary.name))
    .map((r) => r.summary)
}

/** The live entity with exactly this name or alias (case-insensitive), as the CLI names entities. */
export function findEntityByName(db: Database, name: string): Entity | undefined {
  const needle = name.trim().toLocaleLowerCase()
  const matches = listEntities(db, needle).filter((e) =>
    [e.name, ...e.aliases].some((n) => n.toLocaleLowerCase() === needle),
  )
  const exactName = matches.find((e) => e.name.toLocaleLowerCase() === needle)
  return exactName ?? matches[0]
}

export interface EntityFields {
  type: EntityType
  name: string
  aliases: string[]
  description: string
}

export function createEntity(db: Database, fields: EntityFields): Entity {
  const id = newId()
  const now = nowIso()
  db.prepare(
    `INSERT INTO entities (id, type, name, aliases, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    fields.type,
    fields.name,
    JSON.stringify(uniqueAliases(fields.name, fields.aliases)),
    fields.description,
    now,
    now,
  )
  return getEntity(db, id)
}

export function updateEntity(db: Database, id: string, fields: EntityFields): Entity {
  const result = db
    .prepare(
      `UPDATE entities SET type = ?, name = ?, aliases = ?, description = ?, updated_at = ?
        WHERE id = ? AND deleted_at IS NULL`,
    )
    .run(
      fields.type,
      fields.name,
      JSON.stringify(uniqueAliases(fields.name, fields.aliases)),
      fields.description,
      nowIso(),
      id,
    )
  if (result.changes === 0) throw new CasebookError('not_found', `no entity with id ${id}`)
  return getEntity(db, id)
}

export function deleteEntity(db: Database, id: string): void {
  db.transaction(() => tombstoneLinks(db, 'entity_id', id, tombstone(db, 'entities', id)))()
}

/** Links a highlight to an entity; linking twice is harmless. */
export function linkEntity(db: Database, highlightId: string, entityId: string): Highlight {
  getHighlight(db, highlightId)
  getEntity(db, entityId)
  const now = nowIso()
  db.prepare(
    `INSERT INTO highlight_entities (id, highlight_id, entity_id, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (highlight_id, entity_id) WHERE deleted_at IS NULL DO NOTHING`,
  ).run(newId(), highlightId, entityId, now, now)
  return getHighlight(db, highlightId)
}

export function unlinkEntity(db: Database, highlightId: string, entityId: string): Highlight {
  const now = nowIso()
  const result = db
    .prepare(
      `UPDATE highlight_entities SET deleted_at = ?, updated_at = ?
        WHERE highlight_id = ? AND entity_id = ? AND deleted_at IS NULL`,
    )
    .run(now, now, highlightId, entityId)
  if (result.changes === 0)
    throw new CasebookError('not_found', 'that highlight is not linked to that entity')
  return getHighlight(db, highlightId)
}

interface PassageRow {
  highlight_id: string
  exact: string
  note: string
  start_offset: number
  end_offset: number
  article_id: string
  title: string
  published_at: string | null
  site_name: string | null
  source_url: string | null
  imported_from: string | null
  color: string
  anchor_status: string
  version_sha256: string
}

/** Every passage linked to an entity, grouped by article; articles newest first, passages in reading order. */
export function entityPage(db: Database, id: string): EntityPage {
  const entity = getEntity(db, id)
  const rows = db
    .prepare(
      `SELECT h.id AS highlight_id, h.exact, h.note, h.start_offset, h.end_offset, h.color, h.anchor_status,
              v.sha256 AS version_sha256,
              a.id AS article_id, a.title, a.published_at, a.site_name, a.source_url, a.imported_from
         ${LIVE_LINKS.replace('WHERE', 'JOIN article_versions v ON v.id = h.version_id WHERE')} AND l.entity_id = ?
        ORDER BY coalesce(a.published_at, a.created_at) DESC, a.id, h.start_offset`,
    )
    .all(id) as PassageRow[]
  const tags = tagsOfEntityPassages(db, id)
  const groups = new Map<string, EntityArticleGroup>()
  for (const row of rows) {
    let group = groups.get(row.article_id)
    if (!group) {
      group = {
        articleId: row.article_id,
        title: row.title,
        publishedAt: row.published_at,
        siteName: row.site_name,
        sourceUrl: row.source_url,
        importedFrom: row.imported_from,
        passages: [],
      }
      groups.set(row.article_id, group)
    }
    group.passages.push({
      highlightId: row.highlight_id,
      exact: row.exact,
      note: row.note,
      tags: tags.get(row.highlight_id) ?? [],
      start: row.start_offset,
      end: row.end_offset,
      color: row.color as HighlightColor,
      status: row.anchor_status as AnchorStatus,
      versionSha256: row.version_sha256,
    })
  }
  return {
    entity,
    passageCount: rows.length,
    articles: [...groups.values()],
    coOccurring: coOccurringEntities(db, id),
  }
}
