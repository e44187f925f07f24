import type { Database } from 'better-sqlite3-multiple-ciphers'
import { CasebookError } from '../../shared/errors'
import {
  RELATION_TYPES,
  isRelationTypeKey,
  type AnchorStatus,
  type EntityType,
  type Relation,
  type RelationEvidence,
} from '../../shared/model'
import { newId, nowIso } from '../ids'
import { getEntity } from './entities'
import { getHighlight } from './highlights'
import { groupBy } from '../../shared/group-by'

export interface RelationFields {
  subjectId: string
  objectId: string
  type: string
  note: string
  /** Highlights that back the relation; an update given a list replaces the evidence with it. */
  evidenceIds: string[]
}

interface RelationRow {
  id: string
  type: string
  note: string
  created_at: string
  subject_id: string
  subject_name: string
  subject_type: EntityType
  subject_custom: string | null
  object_id: string
  object_name: string
  object_type: EntityType
  object_custom: string | null
}

/** Stores a built-in type by its key, whether the user chose the key or wrote its label. */
export function relationTypeKey(type: string): string {
  const words = type.trim().replace(/\s+/g, ' ')
  if (isRelationTypeKey(words)) return words
  const builtIn = Object.entries(RELATION_TYPES).find(
    ([, label]) => label.toLocaleLowerCase() === words.toLocaleLowerCase(),
  )
  return builtIn ? builtIn[0] : words
}

export function relationLabel(type: string): string {
  return isRelationTypeKey(type) ? RELATION_TYPES[type] : type
}

// Both ends must be live: a relation to a deleted (or merged-away) entity is not shown, and comes back
// with the entity when a merge is undone.
const RELATIONS = `
  SELECT r.id, r.type, r.note, r.created_at,
         s.id AS subject_id, s.name AS subject_name, s.type AS subject_type, s.custom_type AS subject_custom,
         o.id AS object_id, o.name AS object_name, o.type AS object_type, o.custom_type AS object_custom
    FROM entity_relations r
    JOIN entities s ON s.id = r.subject_id AND s.deleted_at IS NULL
    JOIN entities o ON o.id = r.object_id AND o.deleted_at IS NULL
   WHERE r.deleted_at IS NULL`

interface EvidenceRow {
  relation_id: string
  highlight_id: string
  exact: string
  anchor_status: string
  article_id: string
  title: string
  published_at: string | null
  site_name: string | null
  source_url: string | null
}

/** Evidence of the given relations, oldest article first; passages of deleted highlights or articles left out. */
function evidenceOf(db: Database, relationIds: string[]): Map<string, RelationEvidence[]> {
  if (relationIds.length === 0) return new Map()
  const rows = db
    .prepare(
      `SELECT e.relation_id, h.id AS highlight_id, h.exact, h.anchor_status,
              a.id AS article_id, a.title, a.published_at, a.site_name, a.source_url
         FROM relation_evidence e
         JOIN highlights h ON h.id = e.highlight_id AND h.deleted_at IS NULL
         JOIN articles a ON a.id = h.article_id AND a.deleted_at IS NULL
        WHERE e.deleted_at IS NULL AND e.relation_id IN (SELECT value FROM json_each(?))
        ORDER BY coalesce(a.published_at, a.created_at), a.id, h.start_offset`,
    )
    .all(JSON.stringify(relationIds)) as EvidenceRow[]
  return groupBy(
    rows,
    (row) => row.relation_id,
    (row): RelationEvidence => ({
      highlightId: row.highlight_id,
      exact: row.exact,
      articleId: row.article_id,
      title: row.title,
      publishedAt: row.published_at,
      siteName: row.site_name,
      sourceUrl: row.source_url,
      status: row.anchor_status as AnchorStatus,
    }),
  )
}

/** `withEvidence` false leaves each relation's evidence empty, for a caller that reads the passages itself. */
function toRelations(db: Database, rows: RelationRow[], withEvidence = true): Relation[] {
  const evidence = withEvidence
    ? evidenceOf(
        db,
        rows.map((r) => r.id),
      )
    : new Map<string, RelationEvidence[]>()
  return rows.map((row) => ({
    id: row.id,
    type: row.type,
    label: relationLabel(row.type),
    subject: {
      id: row.subject_id,
      name: row.subject_name,
      type: row.subject_type,
      customType: row.subject_custom,
    },
    object: {
      id: row.object_id,
      name: row.object_name,
      type: row.object_type,
      customType: row.object_custom,
    },
    note: row.note,
    evidence: evidence.get(row.id) ?? [],
    createdAt: row.created_at,
  }))
}

export function getRelation(db: Database, id: string): Relation {
  const rows = db.prepare(`${RELATIONS} AND r.id = ?`).all(id) as RelationRow[]
  if (rows.length === 0) throw new CasebookError('not_found', `no relation with id ${id}`)
  return toRelations(db, rows)[0] as Relation
}

/**
 * Relations of one entity (either end), or of the whole archive; by type, then the other end's name.
 * `withEvidence` false skips reading their evidence (the export reads the passages with more columns).
 */
export function listRelations(db: Database, entityId?: string, withEvidence = true): Relation[] {
  const rows = (
    entityId
      ? db
          .prepare(`${RELATIONS} AND (r.subject_id = ? OR r.object_id = ?) ORDER BY r.type, s.name, o.name`)
          .all(entityId, entityId)
      : db.prepare(`${RELATIONS} ORDER BY r.type, s.name, o.name`).all()
  ) as RelationRow[]
  return toRelations(db, rows, withEvidence)
}

function setEvidence(db: Database, relationId: string, highlightIds: string[], now: string): void {
  const wanted = new Set(highlightIds)
  for (const id of wanted) getHighlight(db, id)
  const current = db
    .prepare('SELECT highlight_id FROM relation_evidence WHERE relation_id = ? AND deleted_at IS NULL')
    .all(relationId) as Array<{ highlight_id: string }>
  const drop = db.prepare(
    `UPDATE relation_evidence SET deleted_at = ?, updated_at = ?
      WHERE relation_id = ? AND highlight_id = ? AND deleted_at IS NULL`,
  )
  for (const { highlight_id } of current)
    if (!wanted.delete(highlight_id)) drop.run(now, now, relationId, highlight_id)
  const add = db.prepare(
    `INSERT INTO relation_evidence (id, relation_id, highlight_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
  )
  for (const highlightId of wanted) add.run(newId(), relationId, highlightId, now, now)
}

function checkEnds(db: Database, subjectId: string, objectId: string, type: string): void {
  if (subjectId === objectId)
    throw new CasebookError('invalid_input', 'a relation joins two different entities')
  getEntity(db, subjectId)
  getEntity(db, objectId)
  if (!type) throw new CasebookError('invalid_input', 'a relation needs a type (member of, leads…)')
}

/** The same relation twice is refused: the passage belongs to the first as evidence. */
function refuseTwin(
  db: Database,
  subjectId: string,
  objectId: string,
  type: string,
  ownId: string | null,
): void {
  const twin = db
    .prepare(
      `SELECT id FROM entity_relations
        WHERE subject_id = ? AND object_id = ? AND type = ? AND deleted_at IS NULL AND id IS NOT ?`,
    )
    .get(subjectId, objectId, type, ownId)
  if (twin)
    throw new CasebookError(
      'invalid_input',
      `that relation (${relationLabel(type)}) is recorded already: add the passage to it as evidence`,
    )
}

/**
 * Records that subject —type→ object. The same relation twice is refused (add evidence to the first);
 * the same pair with another type is a relation of its own.
 */
export function createRelation(db: Database, fields: RelationFields): Relation {
  const type = relationTypeKey(fields.type)
  checkEnds(db, fields.subjectId, fields.objectId, type)
  refuseTwin(db, fields.subjectId, fields.objectId, type, null)
  const id = newId()
  const now = nowIso()
  db.transaction(() => {
    db.prepare(
      `INSERT INTO entity_relations (id, subject_id, object_id, type, note, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, fields.subjectId, fields.objectId, type, fields.note, now, now)
    setEvidence(db, id, fields.evidenceIds, now)
  })()
  return getRelation(db, id)
}

/** Changes a relation's type, ends, note or evidence (a given list replaces the evidence). */
export function updateRelation(db: Database, id: string, fields: Partial<RelationFields>): Relation {
  const current = getRelation(db, id)
  const subjectId = fields.subjectId ?? current.subject.id
  const objectId = fields.objectId ?? current.object.id
  const type = fields.type !== undefined ? relationTypeKey(fields.type) : current.type
  checkEnds(db, subjectId, objectId, type)
  refuseTwin(db, subjectId, objectId, type, id)
  const now = nowIso()
  db.transaction(() => {
    db.prepare(
      `UPDATE entity_relations SET subject_id = ?, object_id = ?, type = ?, note = ?, updated_at = ? WHERE id = ?`,
    ).run(subjectId, objectId, type, fields.note ?? current.note, now, id)
    if (fields.evidenceIds) setEvidence(db, id, fields.evidenceIds, now)
  })()
  return getRelation(db, id)
}

export function deleteRelation(db: Database, id: string): void {
  const now = nowIso()
  const result = db
    .prepare('UPDATE entity_relations SET deleted_at = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL')
    .run(now, now, id)
  if (result.changes === 0) throw new CasebookError('not_found', `no relation with id ${id}`)
}
