import type { Database } from 'better-sqlite3-multiple-ciphers'
import { CasebookError } from '../../shared/errors'
import type { Entity } from '../../shared/model'
import { nowIso } from '../ids'
import { createEntity, getEntity, type EntityFields } from './entities'

/**
 * Splits passages off an entity into a new one (two people were taken for one): the links of the chosen
 * highlights move to the new entity, in one transaction. Every chosen highlight must be linked to the
 * entity, so a stale selection is refused rather than half applied. Merging the new entity back undoes it.
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
    return created
  })()
}
