import type { Database } from 'better-sqlite3-multiple-ciphers'
import type { TagCount } from '../../shared/model'
import { tagKey, uniqueTags } from '../../shared/tags'
import { newId } from '../ids'

/**
 * A highlight's tags are records of their own (highlight_tags, see migration 3): one per tag, found by
 * its case-folded key, tombstoned when removed.
 */

/** Tags count only where the tag, its highlight and the highlight's article are all live. */
const LIVE_TAGS = `
  FROM highlight_tags t
  JOIN highlights h ON h.id = t.highlight_id AND h.deleted_at IS NULL
  JOIN articles a ON a.id = h.article_id AND a.deleted_at IS NULL
 WHERE t.deleted_at IS NULL`

/** A highlight's live tags, in the order they were added. */
export function highlightTags(db: Database, highlightId: string): string[] {
  return db
    .prepare(
      `SELECT tag FROM highlight_tags WHERE highlight_id = ? AND deleted_at IS NULL ORDER BY created_at, rowid`,
    )
    .pluck()
    .all(highlightId) as string[]
}

/**
 * Makes `tags` the highlight's tags: tags no longer given are tombstoned, new ones added, and one given in
 * another spelling (`Fraud` for `fraud`) keeps its record with the new spelling. Returns whether anything
 * changed. The caller holds the transaction and has checked that the highlight is live.
 */
export function setHighlightTags(
  db: Database,
  highlightId: string,
  tags: readonly string[],
  now: string,
): boolean {
  const wanted = new Map(uniqueTags(tags).map((tag) => [tagKey(tag), tag]))
  const live = db
    .prepare(
      'SELECT id, tag, tag_key AS key FROM highlight_tags WHERE highlight_id = ? AND deleted_at IS NULL',
    )
    .all(highlightId) as Array<{ id: string; tag: string; key: string }>
  let changed = false
  const remove = db.prepare('UPDATE highlight_tags SET deleted_at = ?, updated_at = ? WHERE id = ?')
  const respell = db.prepare('UPDATE highlight_tags SET tag = ?, updated_at = ? WHERE id = ?')
  for (const row of live) {
    const tag = wanted.get(row.key)
    if (tag === undefined) remove.run(now, now, row.id)
    else if (tag !== row.tag) respell.run(tag, now, row.id)
    else continue
    changed = true
  }
  const present = new Set(live.map((row) => row.key))
  const insert = db.prepare(
    `INSERT INTO highlight_tags (id, highlight_id, tag, tag_key, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
  )
  for (const [key, tag] of wanted) {
    if (present.has(key)) continue
    insert.run(newId(), highlightId, tag, key, now, now)
    changed = true
  }
  return changed
}

/** Tombstones a deleted highlight's tags, with the time of its deletion. */
export function tombstoneTags(db: Database, highlightId: string, now: string): void {
  db.prepare(
    'UPDATE highlight_tags SET deleted_at = ?, updated_at = ? WHERE highlight_id = ? AND deleted_at IS NULL',
  ).run(now, now, highlightId)
}

/**
 * Every tag in use with its number of live highlights, busiest first, then alphabetically. Tags that differ
 * only in case are one tag, shown in the spelling it was first given.
 */
export function listTags(db: Database): TagCount[] {
  // SQLite takes a bare column (t.tag) from the row that gives min(): the first spelling.
  return db
    .prepare(
      `SELECT t.tag AS tag, min(t.created_at) AS first, count(*) AS count ${LIVE_TAGS}
        GROUP BY t.tag_key ORDER BY count DESC, t.tag_key`,
    )
    .all()
    .map((row) => {
      const { tag, count } = row as TagCount
      return { tag, count }
    })
}

/** The live tags of the highlights linked to an entity, by highlight: for the entity's page. */
export function tagsOfEntityPassages(db: Database, entityId: string): Map<string, string[]> {
  const rows = db
    .prepare(
      `SELECT t.highlight_id AS highlightId, t.tag FROM highlight_tags t
         JOIN highlight_entities l ON l.highlight_id = t.highlight_id AND l.deleted_at IS NULL
        WHERE l.entity_id = ? AND t.deleted_at IS NULL
        ORDER BY t.created_at, t.rowid`,
    )
    .all(entityId) as Array<{ highlightId: string; tag: string }>
  const byHighlight = new Map<string, string[]>()
  for (const { highlightId, tag } of rows) {
    const tags = byHighlight.get(highlightId)
    if (tags) tags.push(tag)
    else byHighlight.set(highlightId, [tag])
  }
  return byHighlight
}

/**
 * A tag key equal to `key`, or starting with it (counted in characters, as SQLite's substr and length do),
 * as SQL and the values it binds.
 */
function keyCondition(key: string, prefix: boolean): { sql: string; values: string[] } {
  return prefix
    ? { sql: 'substr(t.tag_key, 1, length(?)) = ?', values: [key, key] }
    : { sql: 't.tag_key = ?', values: [key] }
}

/**
 * The live articles (with their current version) that have a live highlight with a tag whose key is
 * `key`, or, with `prefix`, starts with it: what `tag:` finds in article search.
 */
export function articlesTagged(
  db: Database,
  key: string,
  prefix: boolean,
): Array<{ articleId: string; versionId: string }> {
  const { sql, values } = keyCondition(key, prefix)
  return db
    .prepare(`SELECT DISTINCT a.id AS articleId, a.current_version_id AS versionId ${LIVE_TAGS} AND ${sql}`)
    .all(...values) as Array<{ articleId: string; versionId: string }>
}

/** The live highlights with a tag whose key is `key` (or starts with it): what `tag:` finds among highlights. */
export function highlightsTagged(db: Database, key: string, prefix: boolean): string[] {
  const { sql, values } = keyCondition(key, prefix)
  return db
    .prepare(`SELECT DISTINCT h.id ${LIVE_TAGS} AND ${sql}`)
    .pluck()
    .all(...values) as string[]
}
