import type { Database } from 'better-sqlite3-multiple-ciphers'
import { CasebookError } from '../../shared/errors'
import type { Entity, EntityMerge } from '../../shared/model'
import { newId, nowIso } from '../ids'
import { getEntity } from './entities'

interface MergeRow {
  id: string
  kept_id: string
  merged_id: string
  moved_links: string
  dropped_links: string
  added_aliases: string
  moved_relations: string
  dropped_relations: string
  undone_at: string | null
}

interface MovedRelation {
  id: string
  side: 'subject' | 'object'
}

/** A relation a merge tombstoned, and the evidence rows it added to the relation kept in its place. */
interface DroppedRelation {
  id: string
  addedEvidence: string[]
}

/**
 * Moves the merged entity's relations to the kept one. A relation between the two would join the kept
 * entity to itself, and one the kept entity has already (same other end, same type) would be there twice:
 * both are tombstoned instead, the second one's passages added to the kept relation as its evidence. Every
 * change is returned for the merge record, so that an undo puts each back.
 */
function moveRelations(
  db: Database,
  mergedId: string,
  keptId: string,
  now: string,
): { moved: MovedRelation[]; dropped: DroppedRelation[] } {
  const rows = db
    .prepare(
      `SELECT id, subject_id, object_id, type FROM entity_relations
        WHERE (subject_id = ? OR object_id = ?) AND deleted_at IS NULL`,
    )
    .all(mergedId, mergedId) as Array<{ id: string; subject_id: string; object_id: string; type: string }>
  const twinOf = db.prepare(
    `SELECT id FROM entity_relations
      WHERE subject_id = ? AND object_id = ? AND type = ? AND deleted_at IS NULL AND id <> ?`,
  )
  const evidenceOf = db.prepare(
    'SELECT highlight_id FROM relation_evidence WHERE relation_id = ? AND deleted_at IS NULL',
  )
  const addEvidence = db.prepare(
    `INSERT INTO relation_evidence (id, relation_id, highlight_id, created_at, updated_at)
     SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM relation_evidence
                                             WHERE relation_id = ? AND highlight_id = ? AND deleted_at IS NULL)`,
  )
  const tombstoneRelation = db.prepare(
    'UPDATE entity_relations SET deleted_at = ?, updated_at = ? WHERE id = ?',
  )
  const moved: MovedRelation[] = []
  const dropped: DroppedRelation[] = []
  for (const row of rows) {
    if (row.subject_id === keptId || row.object_id === keptId) {
      tombstoneRelation.run(now, now, row.id)
      dropped.push({ id: row.id, addedEvidence: [] })
      continue
    }
    const side = row.subject_id === mergedId ? 'subject' : 'object'
    const subject = side === 'subject' ? keptId : row.subject_id
    const object = side === 'object' ? keptId : row.object_id
    const twin = twinOf.get(subject, object, row.type, row.id) as { id: string } | undefined
    if (twin) {
      const addedEvidence: string[] = []
      for (const { highlight_id } of evidenceOf.all(row.id) as Array<{ highlight_id: string }>) {
        const evidenceId = newId()
        if (addEvidence.run(evidenceId, twin.id, highlight_id, now, now, twin.id, highlight_id).changes)
          addedEvidence.push(evidenceId)
      }
      tombstoneRelation.run(now, now, row.id)
      dropped.push({ id: row.id, addedEvidence })
      continue
    }
    db.prepare(`UPDATE entity_relations SET ${side}_id = ?, updated_at = ? WHERE id = ?`).run(
      keptId,
      now,
      row.id,
    )
    moved.push({ id: row.id, side })
  }
  return { moved, dropped }
}

/** Undoes moveRelations: a moved relation goes back unless the user has since pointed it elsewhere. */
function restoreRelations(db: Database, row: MergeRow, now: string): void {
  for (const { id, side } of JSON.parse(row.moved_relations) as MovedRelation[])
    db.prepare(
      `UPDATE entity_relations SET ${side === 'subject' ? 'subject' : 'object'}_id = ?, updated_at = ?
        WHERE id = ? AND ${side === 'subject' ? 'subject' : 'object'}_id = ?`,
    ).run(row.merged_id, now, id, row.kept_id)
  const revive = db.prepare('UPDATE entity_relations SET deleted_at = NULL, updated_at = ? WHERE id = ?')
  const unadd = db.prepare(
    'UPDATE relation_evidence SET deleted_at = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL',
  )
  for (const { id, addedEvidence } of JSON.parse(row.dropped_relations) as DroppedRelation[]) {
    revive.run(now, id)
    for (const evidenceId of addedEvidence) unadd.run(now, now, evidenceId)
  }
}

/** The pair as entity_distinct stores it: the smaller id first. */
function ordered(a: string, b: string): [string, string] {
  return a < b ? [a, b] : [b, a]
}

export function areDistinct(db: Database, a: string, b: string): boolean {
  const [first, second] = ordered(a, b)
  return (
    db
      .prepare('SELECT 1 FROM entity_distinct WHERE first_id = ? AND second_id = ? AND deleted_at IS NULL')
      .get(first, second) !== undefined
  )
}

/**
 * Marks two entities as not the same (two people of one name), or takes the mark back. Marked, they are
 * never suggested for merging and a merge of them is refused until the mark is taken back.
 */
export function setDistinct(db: Database, a: string, b: string, distinct: boolean): { distinct: boolean } {
  if (a === b) throw new CasebookError('invalid_input', 'an entity is always the same as itself')
  getEntity(db, a)
  getEntity(db, b)
  const [first, second] = ordered(a, b)
  const now = nowIso()
  if (distinct)
    db.prepare(
      `INSERT INTO entity_distinct (id, first_id, second_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (first_id, second_id) WHERE deleted_at IS NULL DO NOTHING`,
    ).run(newId(), first, second, now, now)
  else
    db.prepare(
      `UPDATE entity_distinct SET deleted_at = ?, updated_at = ?
        WHERE first_id = ? AND second_id = ? AND deleted_at IS NULL`,
    ).run(now, now, first, second)
  return { distinct }
}

/**
 * Merges an entity into another: every passage linked to it is linked to the other instead (a passage
 * linked to both keeps one link), its name and aliases join the other's aliases, and it is tombstoned with
 * `merged_into` set. Everything it did is recorded, so that unmergeEntities can undo it exactly.
 */
export function mergeEntities(db: Database, mergedId: string, keptId: string): EntityMerge {
  if (mergedId === keptId) throw new CasebookError('invalid_input', 'an entity cannot be merged into itself')
  const merged = getEntity(db, mergedId)
  const kept = getEntity(db, keptId)
  if (areDistinct(db, mergedId, keptId))
    throw new CasebookError(
      'invalid_input',
      `“${merged.name}” and “${kept.name}” are marked as not the same: take the mark back to merge them`,
    )
  return db.transaction((): EntityMerge => {
    const now = nowIso()
    const links = db
      .prepare(
        `SELECT l.id, EXISTS (SELECT 1 FROM highlight_entities k
                               WHERE k.highlight_id = l.highlight_id AND k.entity_id = ? AND k.deleted_at IS NULL)
                 AS both_linked
           FROM highlight_entities l WHERE l.entity_id = ? AND l.deleted_at IS NULL`,
      )
      .all(keptId, mergedId) as Array<{ id: string; both_linked: number }>
    const moved = links.filter((l) => !l.both_linked).map((l) => l.id)
    const dropped = links.filter((l) => l.both_linked).map((l) => l.id)
    const move = db.prepare('UPDATE highlight_entities SET entity_id = ?, updated_at = ? WHERE id = ?')
    for (const id of moved) move.run(keptId, now, id)
    const drop = db.prepare('UPDATE highlight_entities SET deleted_at = ?, updated_at = ? WHERE id = ?')
    for (const id of dropped) drop.run(now, now, id)

    const relations = moveRelations(db, mergedId, keptId, now)

    const known = new Set([kept.name, ...kept.aliases].map((n) => n.toLocaleLowerCase()))
    const addedAliases: string[] = []
    for (const name of [merged.name, ...merged.aliases]) {
      if (known.has(name.toLocaleLowerCase())) continue
      known.add(name.toLocaleLowerCase())
      addedAliases.push(name)
    }
    db.prepare('UPDATE entities SET aliases = ?, updated_at = ? WHERE id = ?').run(
      JSON.stringify([...kept.aliases, ...addedAliases]),
      now,
      keptId,
    )
    db.prepare('UPDATE entities SET deleted_at = ?, merged_into = ?, updated_at = ? WHERE id = ?').run(
      now,
      keptId,
      now,
      mergedId,
    )
    const id = newId()
    db.prepare(
      `INSERT INTO entity_merges (id, kept_id, merged_id, moved_links, dropped_links, added_aliases,
                                  moved_relations, dropped_relations, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id,
      keptId,
      mergedId,
      JSON.stringify(moved),
      JSON.stringify(dropped),
      JSON.stringify(addedAliases),
      JSON.stringify(relations.moved),
      JSON.stringify(relations.dropped),
      now,
      now,
    )
    return { id, keptId, mergedId, moved: moved.length, dropped: dropped.length, addedAliases }
  })()
}

/**
 * Undoes a merge: the merged entity comes back with its own links (those still on the kept entity and
 * live; one the user unlinked since stays unlinked), the links it dropped come back, and the names it added
 * leave the kept entity's aliases (unless the user removed them already). Returns the restored entity.
 */
export function unmergeEntities(db: Database, mergeId: string): Entity {
  const row = db.prepare('SELECT * FROM entity_merges WHERE id = ?').get(mergeId) as MergeRow | undefined
  if (!row) throw new CasebookError('not_found', `no merge with id ${mergeId}`)
  if (row.undone_at) throw new CasebookError('invalid_input', 'that merge was undone already')
  const merged = db
    .prepare('SELECT merged_into, deleted_at FROM entities WHERE id = ?')
    .get(row.merged_id) as { merged_into: string | null; deleted_at: string | null } | undefined
  if (!merged || merged.merged_into !== row.kept_id || !merged.deleted_at)
    throw new CasebookError(
      'invalid_input',
      'that merge cannot be undone: the merged entity has changed since',
    )
  return db.transaction((): Entity => {
    const now = nowIso()
    const back = db.prepare(
      `UPDATE highlight_entities SET entity_id = ?, updated_at = ?
        WHERE id = ? AND entity_id = ? AND deleted_at IS NULL`,
    )
    for (const id of JSON.parse(row.moved_links) as string[]) back.run(row.merged_id, now, id, row.kept_id)
    const revive = db.prepare(
      `UPDATE highlight_entities SET deleted_at = NULL, updated_at = ?
        WHERE id = ? AND NOT EXISTS (SELECT 1 FROM highlight_entities o
                                      WHERE o.highlight_id = highlight_entities.highlight_id
                                        AND o.entity_id = highlight_entities.entity_id AND o.deleted_at IS NULL)`,
    )
    for (const id of JSON.parse(row.dropped_links) as string[]) revive.run(now, id)
    restoreRelations(db, row, now)
    const added = new Set((JSON.parse(row.added_aliases) as string[]).map((n) => n.toLocaleLowerCase()))
    const kept = db.prepare('SELECT aliases FROM entities WHERE id = ?').get(row.kept_id) as {
      aliases: string
    }
    const aliases = (JSON.parse(kept.aliases) as string[]).filter((n) => !added.has(n.toLocaleLowerCase()))
    db.prepare('UPDATE entities SET aliases = ?, updated_at = ? WHERE id = ?').run(
      JSON.stringify(aliases),
      now,
      row.kept_id,
    )
    db.prepare('UPDATE entities SET deleted_at = NULL, merged_into = NULL, updated_at = ? WHERE id = ?').run(
      now,
      row.merged_id,
    )
    db.prepare('UPDATE entity_merges SET undone_at = ?, updated_at = ? WHERE id = ?').run(now, now, mergeId)
    return getEntity(db, row.merged_id)
  })()
}
