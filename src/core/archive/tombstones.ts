import type { Database } from 'better-sqlite3-multiple-ciphers'
import { CasebookError } from '../../shared/errors'
import { nowIso } from '../ids'

/**
 * Deletion marks a record with `deleted_at` instead of removing it: archives will sync between laptops,
 * and a tombstone is how a deletion travels. The table names come from this fixed union, never from input.
 */
type TombstonedTable = 'articles' | 'highlights' | 'entities'

const NOUN: Record<TombstonedTable, string> = {
  articles: 'article',
  highlights: 'highlight',
  entities: 'entity',
}

/** Tombstones one live record, or says it does not exist. Returns the time written. */
export function tombstone(db: Database, table: TombstonedTable, id: string): string {
  const now = nowIso()
  const result = db
    .prepare(`UPDATE ${table} SET deleted_at = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL`)
    .run(now, now, id)
  if (result.changes === 0) throw new CasebookError('not_found', `no ${NOUN[table]} with id ${id}`)
  return now
}

/** Tombstones every live link of a highlight or of an entity, with the time of the deletion that caused it. */
export function tombstoneLinks(
  db: Database,
  side: 'highlight_id' | 'entity_id',
  id: string,
  now: string,
): void {
  db.prepare(
    `UPDATE highlight_entities SET deleted_at = ?, updated_at = ? WHERE ${side} = ? AND deleted_at IS NULL`,
  ).run(now, now, id)
}
