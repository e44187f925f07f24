import type { Database } from 'better-sqlite3-multiple-ciphers'
import type { HighlightFilters } from '../../shared/contract'
import type { HighlightPage } from '../../shared/model'
import { tagKey } from '../../shared/tags'
import { toHighlight, type HighlightRow } from './highlights'

/** "2022" → "2022~": the end of that period in string order of ISO dates and date-times. */
function endOfPeriod(date: string): string {
  return `${date}~`
}

/** One SQL condition per filter given; values are bound, never spliced. */
function conditions(filters: HighlightFilters): { sql: string[]; values: unknown[] } {
  const sql = ['h.deleted_at IS NULL', 'a.deleted_at IS NULL']
  const values: unknown[] = []
  if (filters.articleId) {
    sql.push('h.article_id = ?')
    values.push(filters.articleId)
  }
  if (filters.entityId) {
    sql.push(`EXISTS (SELECT 1 FROM highlight_entities l
                       WHERE l.highlight_id = h.id AND l.entity_id = ? AND l.deleted_at IS NULL)`)
    values.push(filters.entityId)
  }
  if (filters.tag) {
    sql.push(`EXISTS (SELECT 1 FROM highlight_tags t
                       WHERE t.highlight_id = h.id AND t.tag_key = ? AND t.deleted_at IS NULL)`)
    values.push(tagKey(filters.tag))
  }
  if (filters.color) {
    sql.push('h.color = ?')
    values.push(filters.color)
  }
  if (filters.status) {
    sql.push('h.anchor_status = ?')
    values.push(filters.status)
  }
  // The column comes from a fixed choice of two, never from the caller's text.
  const dateColumn = filters.dateOf === 'created' ? 'h.created_at' : 'a.published_at'
  if (filters.from) {
    sql.push(`${dateColumn} >= ?`)
    values.push(filters.from)
  }
  if (filters.to) {
    sql.push(`${dateColumn} <= ?`)
    values.push(endOfPeriod(filters.to))
  }
  return { sql, values }
}

/** The ids of every highlight that passes the filters (an export of the listed highlights). */
export function filteredHighlightIds(db: Database, filters: HighlightFilters): string[] {
  const { sql, values } = conditions(filters)
  return db
    .prepare(
      `SELECT h.id FROM highlights h JOIN articles a ON a.id = h.article_id WHERE ${sql.join(' AND ')}`,
    )
    .pluck()
    .all(...values) as string[]
}

/** The highlights of the whole archive that pass the filters, one page of them, with their articles. */
export function listAllHighlights(
  db: Database,
  filters: HighlightFilters,
  sort: 'created' | 'published',
  limit: number,
  offset: number,
): HighlightPage {
  const { sql, values } = conditions(filters)
  const from = `FROM highlights h JOIN articles a ON a.id = h.article_id WHERE ${sql.join(' AND ')}`
  const total = (db.prepare(`SELECT count(*) AS n ${from}`).get(...values) as { n: number }).n
  const order =
    sort === 'published'
      ? 'a.published_at DESC NULLS LAST, a.id, h.start_offset'
      : 'h.created_at DESC, h.id DESC'
  const rows = db
    .prepare(
      `SELECT h.*, a.title AS article_title, a.site_name AS article_site, a.published_at AS article_published
       ${from} ORDER BY ${order} LIMIT ? OFFSET ?`,
    )
    .all(...values, limit, offset) as Array<
    HighlightRow & { article_title: string; article_site: string | null; article_published: string | null }
  >
  return {
    total,
    items: rows.map((row) => ({
      ...toHighlight(db, row),
      articleTitle: row.article_title,
      siteName: row.article_site,
      publishedAt: row.article_published,
    })),
  }
}
