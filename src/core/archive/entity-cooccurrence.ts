import type { Database } from 'better-sqlite3-multiple-ciphers'
import type { CoOccurrence, EntityType } from '../../shared/model'

/** Live links of live highlights in live articles (as entity pages count passages). */
const LIVE = `highlight_entities l
  JOIN highlights h ON h.id = l.highlight_id AND h.deleted_at IS NULL
  JOIN articles a ON a.id = h.article_id AND a.deleted_at IS NULL`

/**
 * The entities that appear with this one: linked to passages of the same articles, with how many articles
 * they share and how many passages are linked to both. Most shared first.
 */
export function coOccurringEntities(db: Database, entityId: string): CoOccurrence[] {
  const rows = db
    .prepare(
      `WITH mine AS (
         SELECT DISTINCT h.article_id, h.id AS highlight_id FROM ${LIVE}
          WHERE l.entity_id = ? AND l.deleted_at IS NULL
       )
       SELECT e.id, e.name, e.type,
              count(DISTINCT h.article_id) AS articles,
              count(DISTINCT CASE WHEN h.id IN (SELECT highlight_id FROM mine) THEN h.id END) AS passages
         FROM ${LIVE}
         JOIN entities e ON e.id = l.entity_id AND e.deleted_at IS NULL
        WHERE l.deleted_at IS NULL AND l.entity_id <> ?
          AND h.article_id IN (SELECT article_id FROM mine)
        GROUP BY e.id
        ORDER BY articles DESC, passages DESC, e.name`,
    )
    .all(entityId, entityId) as Array<{
    id: string
    name: string
    type: EntityType
    articles: number
    passages: number
  }>
  return rows.map(({ id, name, type, articles, passages }) => ({ id, name, type, articles, passages }))
}
