import type { Database } from 'better-sqlite3-multiple-ciphers'
import { CasebookError } from '../../shared/errors'
import type { Entity } from '../../shared/model'
import { newId, nowIso } from '../ids'
import { createEntity, deleteEntity, getEntity, type EntityFields } from './entities'

/**
 * Splits passages off an entity into a new one (two people were taken for one): the links of the chosen
 * highlights move to the new entity, in one transaction. Every chosen highlight must be linked to the
 * entity, so a stale selection is refused rather than half applied. Recorded, so that unsplitEntity can undo it.
 */
export function splitEntity(db: Database, id: string, highlightIds: string[], fields: EntityFields): Entity {
  getEntity(db, id)
  const chosen = [...new Set(highlightIds)]
  if (chosen.length === 0) throw new CasebookError('invalid_input', 'choose the passages to split off')
  return db.transaction((): Entity => {
    const linkOf = db.prepare(
      'SELECT id FROM highlight_entities WHERE highlight_id = ? AND entity_id = ? AND deleted_at IS NULL',
    )
    const links = chosen.map((highlightId) => {
      const link = linkOf.get(highlightId, id) as { id: string } | undefined
      if (!link)
        throw new CasebookError('invalid_input', `the passage ${highlightId} is not linked to this entity`)
      return link.id
    })
    const created = createEntity(db, fields)
    const move = db.prepare('UPDATE highlight_entities SET entity_id = ?, updated_at = ? WHERE id = ?')
    const now = nowIso()
    for (const link of links) move.run(created.id, now, link)
    db.prepare(
      `INSERT INTO entity_splits (id, from_id, new_id, moved_links, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(newId(), id, created.id, JSON.stringify(links), now, now)
    return created
  })()
}

/**
 * Undoes the last split that made entity `newEntityId`: the links it moved go back to the entity they came
 * from (those still on the new entity and live; one the user unlinked since stays unlinked). The new entity
 * is deleted when nothing else is left on it (no other passage, no relation), and kept otherwise. Returns the
 * entity the passages went back to.
 */
export function unsplitEntity(db: Database, newEntityId: string): Entity {
  const split = db
    .prepare(
      `SELECT id, from_id, moved_links FROM entity_splits WHERE new_id = ? AND undone_at IS NULL
        ORDER BY created_at DESC, rowid DESC LIMIT 1`,
    )
    .get(newEntityId) as { id: string; from_id: string; moved_links: string } | undefined
  if (!split)
    throw new CasebookError('invalid_input', 'that entity was not split off another, or the split was undone')
  getEntity(db, split.from_id)
  return db.transaction((): Entity => {
    const now = nowIso()
    const back = db.prepare(
      `UPDATE highlight_entities SET entity_id = ?, updated_at = ?
        WHERE id = ? AND entity_id = ? AND deleted_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM highlight_entities o WHERE o.highlight_id = highlight_entities.highlight_id
                                                             AND o.entity_id = ? AND o.deleted_at IS NULL)`,
    )
    for (const link of JSON.parse(split.moved_links) as string[])
      back.run(split.from_id, now, link, newEntityId, split.from_id)
    const left = db
      .prepare(
        `SELECT (SELECT count(*) FROM highlight_entities WHERE entity_id = ? AND deleted_at IS NULL)
              + (SELECT count(*) FROM entity_relations
                  WHERE (subject_id = ? OR object_id = ?) AND deleted_at IS NULL) AS n`,
      )
      .get(newEntityId, newEntityId, newEntityId) as { n: number }
    if (left.n === 0) deleteEntity(db, newEntityId)
    db.prepare('UPDATE entity_splits SET undone_at = ?, updated_at = ? WHERE id = ?').run(now, now, split.id)
    return getEntity(db, split.from_id)
  })()
}
