import type { Database } from 'better-sqlite3-multiple-ciphers'
import type { CoOccurrence, EntityType } from '../../shared/model'
import { LIVE_LINKS } from './live-links'

/**
 * The entities that appear with this one: linked to passages of the same articles, with how many articles
 * they share and how many passages are linked to both. Most shared first.
 */
export function coOccurringEntities(db: Database, entityId: string): CoOccurrence[] {
  const rows = db
    .prepare(
      `WITH mine AS (
         SELECT DISTINCT h.article_id, h.id AS highlight_id ${LIVE_LINKS} AND l.entity_id = ?
       ), theirs AS (
         SELECT l.entity_id, h.article_id, h.id AS highlight_id ${LIVE_LINKS}
            AND l.entity_id <> ? AND h.article_id IN (SELECT article_id FROM mine)
       )
       SELECT e.id, e.name, e.type, e.custom_type AS customType,
              count(DISTINCT t.article_id) AS articles,
              count(DISTINCT CASE WHEN t.highlight_id IN (SELECT highlight_id FROM mine) THEN t.highlight_id END)
                AS passages
         FROM theirs t JOIN entities e ON e.id = t.entity_id AND e.deleted_at IS NULL
        GROUP BY e.id
        ORDER BY articles DESC, passages DESC, e.name`,
    )
    .all(entityId, entityId) as Array<{
    id: string
    name: string
    type: EntityType
    customType: string | null
    articles: number
    passages: number
  }>
  return rows.map(({ id, name, type, customType, articles, passages }) => ({
    id,
    name,
    type,
    customType,
    articles,
    passages,
  }))
}
