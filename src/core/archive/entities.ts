import type { Database } from 'better-sqlite3-multiple-ciphers'
import { pageLookup } from './passage-pages'
import { CasebookError } from '../../shared/errors'
import { dateRangeOrderProblem } from '../../shared/partial-date'
import type {
  AnchorStatus,
  HighlightColor,
  Entity,
  EntityArticleGroup,
  EntityPage,
  EntitySummary,
  EntityRef,
  EntityType,
  Highlight,
  TimelineEntry,
} from '../../shared/model'
import { newId, nowIso } from '../ids'
import { coOccurringEntities } from './entity-cooccurrence'
import { listRelations } from './entity-relations'
import { LIVE_LINKS } from './live-links'
import { tagsOfEntityPassages } from './highlight-tags'
import { getHighlight } from './highlights'
import { tombstone, tombstoneLinks } from './tombstones'

export interface EntityRow {
  id: string
  type: EntityType
  custom_type: string | null
  name: string
  aliases: string
  description: string
  date_start: string | null
  date_end: string | null
  parent_id: string | null
  properties: string
  created_at: string
  updated_at: string
}

export function toEntity(row: EntityRow): Entity {
  return {
    id: row.id,
    type: row.type,
    customType: row.custom_type,
    name: row.name,
    aliases: JSON.parse(row.aliases) as string[],
    description: row.description,
    dateStart: row.date_start,
    dateEnd: row.date_end,
    parentId: row.parent_id,
    properties: JSON.parse(row.properties) as Record<string, string>,
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
  /** The fields below: absent keeps what an update finds (and is empty for a new entity). */
  customType?: string | null
  dateStart?: string | null
  dateEnd?: string | null
  parentId?: string | null
  properties?: Record<string, string>
}

interface StoredDetails {
  customType: string | null
  dateStart: string | null
  dateEnd: string | null
  parentId: string | null
  properties: Record<string, string>
}

/**
 * Checks the details against the type: a user-defined type only with 'other', dates only for events (the
 * range in order), a parent only for places, and it a live place that is not inside this one.
 */
function checkedDetails(
  db: Database,
  id: string | null,
  type: EntityType,
  details: StoredDetails,
): StoredDetails {
  const { customType, dateStart, dateEnd, parentId } = details
  if (customType && type !== 'other')
    throw new CasebookError(
      'invalid_input',
      `a type of your own (“${customType}”) goes with the type “other”`,
    )
  if ((dateStart || dateEnd) && type !== 'event')
    throw new CasebookError('invalid_input', 'only an event has a date')
  const rangeProblem = dateRangeOrderProblem(dateStart, dateEnd)
  if (rangeProblem) throw new CasebookError('invalid_input', rangeProblem)
  if (parentId) {
    if (type !== 'place') throw new CasebookError('invalid_input', 'only a place is inside another place')
    if (parentId === id) throw new CasebookError('invalid_input', 'a place cannot be inside itself')
    const parent = getEntity(db, parentId)
    if (parent.type !== 'place')
      throw new CasebookError('invalid_input', `“${parent.name}” is not a place, so nothing can be inside it`)
    // Walk up from the parent: meeting this place means the new parent is inside it already.
    const seen = new Set<string>()
    for (let at: string | null = parent.parentId; at && !seen.has(at);) {
      seen.add(at)
      if (at === id)
        throw new CasebookError(
          'invalid_input',
          `“${parent.name}” is inside this place, so it cannot contain it`,
        )
      at = (db.prepare('SELECT parent_id FROM entities WHERE id = ?').get(at) as { parent_id: string | null })
        .parent_id
    }
  }
  return { ...details, customType: customType || null, dateEnd: dateEnd === dateStart ? null : dateEnd }
}

function detailsOf(fields: EntityFields, base: StoredDetails): StoredDetails {
  return {
    customType: fields.customType !== undefined ? fields.customType : base.customType,
    dateStart: fields.dateStart !== undefined ? fields.dateStart : base.dateStart,
    dateEnd: fields.dateEnd !== undefined ? fields.dateEnd : base.dateEnd,
    parentId: fields.parentId !== undefined ? fields.parentId : base.parentId,
    properties: fields.properties !== undefined ? fields.properties : base.properties,
  }
}

/** The values of the columns from type to updated_at, in that order, as INSERT and UPDATE write them. */
function storedColumns(fields: EntityFields, details: StoredDetails, now: string) {
  return [
    fields.type,
    details.customType,
    fields.name,
    JSON.stringify(uniqueAliases(fields.name, fields.aliases)),
    fields.description,
    details.dateStart,
    details.dateEnd,
    details.parentId,
    JSON.stringify(details.properties),
    now,
  ]
}

const NO_DETAILS: StoredDetails = {
  customType: null,
  dateStart: null,
  dateEnd: null,
  parentId: null,
  properties: {},
}

export function createEntity(db: Database, fields: EntityFields): Entity {
  const id = newId()
  const now = nowIso()
  const details = checkedDetails(db, null, fields.type, detailsOf(fields, NO_DETAILS))
  db.prepare(
    `INSERT INTO entities (type, custom_type, name, aliases, description, date_start, date_end, parent_id,
                           properties, updated_at, id, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(...storedColumns(fields, details, now), id, now)
  return getEntity(db, id)
}

export function updateEntity(db: Database, id: string, fields: EntityFields): Entity {
  const current = getEntity(db, id)
  // A type change drops the details the new type cannot have, rather than refusing the change.
  const kept: StoredDetails = {
    customType: fields.type === 'other' ? current.customType : null,
    dateStart: fields.type === 'event' ? current.dateStart : null,
    dateEnd: fields.type === 'event' ? current.dateEnd : null,
    // The parent as the page shows it: one merged away is the place it went into; one deleted is gone.
    parentId: fields.type === 'place' ? (liveParent(db, current.parentId, id)?.id ?? null) : null,
    properties: current.properties,
  }
  const details = checkedDetails(db, id, fields.type, detailsOf(fields, kept))
  db.prepare(
    `UPDATE entities SET type = ?, custom_type = ?, name = ?, aliases = ?, description = ?, date_start = ?,
                         date_end = ?, parent_id = ?, properties = ?, updated_at = ?
      WHERE id = ? AND deleted_at IS NULL`,
  ).run(...storedColumns(fields, details, nowIso()), id)
  return getEntity(db, id)
}

/** The user-defined types in use, most used first: offered when typing a new entity's type. */
export function customTypes(db: Database): string[] {
  return (
    db
      .prepare(
        `SELECT custom_type FROM entities WHERE deleted_at IS NULL AND custom_type IS NOT NULL
          GROUP BY custom_type ORDER BY count(*) DESC, custom_type`,
      )
      .all() as Array<{ custom_type: string }>
  ).map((r) => r.custom_type)
}

/** Tombstones the entity with its links and its relations, so that each deletion travels when archives sync. */
export function deleteEntity(db: Database, id: string): void {
  db.transaction(() => {
    const now = tombstone(db, 'entities', id)
    tombstoneLinks(db, 'entity_id', id, now)
    db.prepare(
      `UPDATE entity_relations SET deleted_at = ?, updated_at = ?
        WHERE (subject_id = ? OR object_id = ?) AND deleted_at IS NULL`,
    ).run(now, now, id, id)
  })()
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
  version_id: string
  version_sha256: string
}

/** Every passage linked to an entity, grouped by article; articles newest first, passages in reading order. */
export function entityPage(db: Database, id: string): EntityPage {
  const entity = getEntity(db, id)
  const rows = db
    .prepare(
      `SELECT h.id AS highlight_id, h.exact, h.note, h.start_offset, h.end_offset, h.color, h.anchor_status,
              h.version_id, v.sha256 AS version_sha256,
              a.id AS article_id, a.title, a.published_at, a.site_name, a.source_url, a.imported_from
         ${LIVE_LINKS.replace('WHERE', 'JOIN article_versions v ON v.id = h.version_id WHERE')} AND l.entity_id = ?
        ORDER BY coalesce(a.published_at, a.created_at) DESC, a.id, h.start_offset`,
    )
    .all(id) as PassageRow[]
  const tags = tagsOfEntityPassages(db, id)
  const pagesOf = pageLookup(db)
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
      pages: pagesOf(row.version_id, row.start_offset, row.end_offset),
    })
  }
  const coOccurring = coOccurringEntities(db, id)
  const relations = listRelations(db, id)
  const articles = [...groups.values()]
  return {
    entity,
    passageCount: rows.length,
    articleCount: articles.length,
    articles,
    coOccurring,
    relations,
    parent: liveParent(db, entity.parentId, id),
    children: entity.type === 'place' ? placesInside(db, id) : [],
    timeline: timelineOf(db, entity, articles, [
      ...relations.flatMap((r) => [r.subject.id, r.object.id]),
      ...coOccurring.map((c) => c.id),
    ]),
  }
}

/**
 * The parent place, followed through merges: a parent merged into another place is that place now, and
 * none when that is the place itself (its parent was merged into it).
 */
function liveParent(db: Database, parentId: string | null, selfId: string): EntityRef | null {
  const seen = new Set<string>()
  for (let at = parentId; at && !seen.has(at);) {
    seen.add(at)
    const row = db
      .prepare('SELECT id, name, type, custom_type, deleted_at, merged_into FROM entities WHERE id = ?')
      .get(at) as {
      id: string
      name: string
      type: EntityType
      custom_type: string | null
      deleted_at: string | null
      merged_into: string | null
    }
    if (!row.deleted_at)
      return row.id === selfId
        ? null
        : { id: row.id, name: row.name, type: row.type, customType: row.custom_type }
    at = row.merged_into
  }
  return null
}

/** Live places whose parent is this place, or a place merged into it (as liveParent reads them). */
function placesInside(db: Database, id: string): EntityRef[] {
  return db
    .prepare(
      `WITH RECURSIVE absorbed(id) AS (
         SELECT ? UNION SELECT e.id FROM entities e JOIN absorbed a ON e.merged_into = a.id WHERE e.deleted_at IS NOT NULL
       )
       SELECT id, name, type, custom_type AS customType FROM entities
        WHERE parent_id IN (SELECT id FROM absorbed) AND deleted_at IS NULL AND id <> ? ORDER BY name`,
    )
    .all(id, id) as EntityRef[]
}

/**
 * The entity's dated passages (dated by their article's publication) and the dated events among itself,
 * the entities related to it and those appearing with it; oldest first.
 */
function timelineOf(
  db: Database,
  entity: Entity,
  articles: EntityArticleGroup[],
  near: string[],
): TimelineEntry[] {
  const entries: TimelineEntry[] = []
  // The page lists articles newest first: taken the other way round, articles of one day keep the order of
  // their full publication time through the stable sort by day below, and passages their reading order.
  for (const group of [...articles].reverse()) {
    if (!group.publishedAt) continue
    for (const passage of group.passages)
      entries.push({
        date: group.publishedAt.slice(0, 10),
        endDate: null,
        kind: 'passage',
        text: passage.exact,
        articleId: group.articleId,
        articleTitle: group.title,
        highlightId: passage.highlightId,
        entityId: null,
      })
  }
  const events = db
    .prepare(
      `SELECT id, name, date_start, date_end FROM entities
        WHERE deleted_at IS NULL AND type = 'event' AND date_start IS NOT NULL
          AND id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify([entity.id, ...near])) as Array<{
    id: string
    name: string
    date_start: string
    date_end: string | null
  }>
  for (const event of events)
    entries.push({
      date: event.date_start,
      endDate: event.date_end,
      kind: 'event',
      text: event.name,
      articleId: null,
      articleTitle: null,
      highlightId: null,
      entityId: event.id,
    })
  // Events before passages of the same day: the event is what the passages report on.
  return entries.sort(
    (a, b) => a.date.localeCompare(b.date) || (a.kind === b.kind ? 0 : a.kind === 'event' ? -1 : 1),
  )
}
