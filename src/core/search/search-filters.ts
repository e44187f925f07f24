import type { Database } from 'better-sqlite3-multiple-ciphers'
import type { SearchFilters } from '../../shared/contract'
import { tagKey } from '../../shared/tags'

/**
 * Filters on a search's results (and, with an empty query, on the whole library). Each filter becomes one
 * SQL condition on the article; values are bound, never spliced.
 */

/** "2022" → "2022~", "2022-11" → "2022-11~": the end of that period in string order of ISO dates. */
function endOfPeriod(date: string): string {
  return `${date}~`
}

function conditions(filters: SearchFilters): { sql: string[]; values: unknown[] } {
  const sql: string[] = []
  const values: unknown[] = []
  if (filters.from) {
    sql.push('a.published_at >= ?')
    values.push(filters.from)
  }
  if (filters.to) {
    sql.push('a.published_at <= ?')
    values.push(endOfPeriod(filters.to))
  }
  if (filters.source) {
    sql.push('a.site_name = ?')
    values.push(filters.source)
  }
  if (filters.entityId) {
    sql.push(`EXISTS (SELECT 1 FROM highlight_entities l
                        JOIN highlights h ON h.id = l.highlight_id AND h.deleted_at IS NULL
                       WHERE h.article_id = a.id AND l.entity_id = ? AND l.deleted_at IS NULL)`)
    values.push(filters.entityId)
  }
  if (filters.tag) {
    // The same tag in any case: tags are matched by their folded key (src/shared/tags.ts).
    sql.push(`EXISTS (SELECT 1 FROM highlight_tags t
                        JOIN highlights h ON h.id = t.highlight_id AND h.deleted_at IS NULL
                       WHERE h.article_id = a.id AND t.tag_key = ? AND t.deleted_at IS NULL)`)
    values.push(tagKey(filters.tag))
  }
  if (filters.hasHighlights) {
    sql.push('EXISTS (SELECT 1 FROM highlights h WHERE h.article_id = a.id AND h.deleted_at IS NULL)')
  }
  return { sql, values }
}

export function hasFilters(filters: SearchFilters): boolean {
  return conditions(filters).sql.length > 0
}

/** The ids of the live articles that pass every filter. */
export function filteredArticleIds(db: Database, filters: SearchFilters): Set<string> {
  const { sql, values } = conditions(filters)
  const where = ['a.deleted_at IS NULL', ...sql].join(' AND ')
  const rows = db.prepare(`SELECT a.id FROM articles a WHERE ${where}`).all(...values) as { id: string }[]
  return new Set(rows.map((r) => r.id))
}

/** With an empty query: the filtered library, newest first, as unscored results. */
export function browse(
  db: Database,
  filters: SearchFilters,
): Array<{ articleId: string; versionId: string }> {
  const { sql, values } = conditions(filters)
  const where = ['a.deleted_at IS NULL', ...sql].join(' AND ')
  return db
    .prepare(
      `SELECT a.id AS articleId, a.current_version_id AS versionId FROM articles a
        WHERE ${where} ORDER BY coalesce(a.published_at, a.created_at) DESC, a.id`,
    )
    .all(...values) as Array<{ articleId: string; versionId: string }>
}

export function listSources(db: Database): Array<{ source: string; count: number }> {
  return db
    .prepare(
      `SELECT site_name AS source, count(*) AS count FROM articles
        WHERE deleted_at IS NULL AND site_name IS NOT NULL AND site_name <> ''
        GROUP BY site_name ORDER BY count DESC, site_name COLLATE NOCASE`,
    )
    .all() as Array<{ source: string; count: number }>
}
