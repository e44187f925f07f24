import type { Database } from 'better-sqlite3-multiple-ciphers'
import { describeRange, trimRange } from '../../shared/anchoring'
import { CasebookError } from '../../shared/errors'
import {
  HIGHLIGHT_COLORS,
  type AnchorMethodName,
  type AnchorStatus,
  type EntityRef,
  type EntityType,
  type Highlight,
  type HighlightColor,
} from '../../shared/model'
import { newId, nowIso } from '../ids'
import { getVersionText } from './articles'
import { highlightTags, setHighlightTags, tombstoneTags } from './highlight-tags'
import { tombstone, tombstoneLinks } from './tombstones'

export interface HighlightRow {
  id: string
  article_id: string
  version_id: string
  start_offset: number
  end_offset: number
  exact: string
  prefix: string
  suffix: string
  note: string
  color: string
  anchor_status: string
  anchor_method: string
  anchor_score: number
  anchor_reason: string | null
  created_at: string
  updated_at: string
}

function linkedEntities(db: Database, highlightId: string): EntityRef[] {
  return db
    .prepare(
      `SELECT e.id, e.name, e.type, e.custom_type AS customType FROM highlight_entities l JOIN entities e ON e.id = l.entity_id
        WHERE l.highlight_id = ? AND l.deleted_at IS NULL AND e.deleted_at IS NULL
        ORDER BY l.created_at, l.rowid`,
    )
    .all(highlightId) as Array<{ id: string; name: string; type: EntityType; customType: string | null }>
}

/** A colour written by a newer version (or by hand) shows as the default rather than breaking the reader. */
function asColor(value: string): HighlightColor {
  return (HIGHLIGHT_COLORS as readonly string[]).includes(value) ? (value as HighlightColor) : 'yellow'
}

export function toHighlight(db: Database, row: HighlightRow): Highlight {
  return {
    id: row.id,
    articleId: row.article_id,
    versionId: row.version_id,
    quote: { type: 'TextQuoteSelector', exact: row.exact, prefix: row.prefix, suffix: row.suffix },
    position: { type: 'TextPositionSelector', start: row.start_offset, end: row.end_offset },
    note: row.note,
    color: asColor(row.color),
    anchor: {
      status: row.anchor_status as AnchorStatus,
      method: row.anchor_method as AnchorMethodName,
      score: row.anchor_score,
      reason: row.anchor_reason,
    },
    entities: linkedEntities(db, row.id),
    tags: highlightTags(db, row.id),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

/** An article's live highlights anchored in its current version, in reading order (orphans are not). */
export function listHighlights(db: Database, articleId: string): Highlight[] {
  const rows = db
    .prepare(
      `SELECT h.* FROM highlights h JOIN articles a ON a.id = h.article_id AND a.current_version_id = h.version_id
        WHERE h.article_id = ? AND h.deleted_at IS NULL AND a.deleted_at IS NULL AND h.anchor_status = 'anchored'
        ORDER BY h.start_offset, h.end_offset, h.created_at`,
    )
    .all(articleId) as HighlightRow[]
  return rows.map((row) => toHighlight(db, row))
}

/**
 * The live highlights as they stood in an older version of their article, in reading order: each with the
 * place it had there and the quote of that version's text, whatever became of it later.
 */
export function listHighlightsInVersion(db: Database, versionId: string, text: string): Highlight[] {
  const rows = db
    .prepare(
      `SELECT h.*, p.start_offset AS at_start, p.end_offset AS at_end, p.method AS at_method, p.score AS at_score
         FROM highlight_anchors p JOIN highlights h ON h.id = p.highlight_id
        WHERE p.version_id = ? AND h.deleted_at IS NULL
        ORDER BY p.start_offset, p.end_offset, h.created_at`,
    )
    .all(versionId) as Array<
    HighlightRow & { at_start: number; at_end: number; at_method: string; at_score: number }
  >
  return rows.flatMap((row) => {
    if (row.at_end > text.length) return []
    const { quote, position } = describeRange(text, row.at_start, row.at_end)
    const highlight = toHighlight(db, row)
    return [
      {
        ...highlight,
        versionId,
        quote,
        position,
        anchor: {
          status: 'anchored',
          method: row.at_method as AnchorMethodName,
          score: row.at_score,
          reason: null,
        },
      },
    ]
  })
}

/** Keeps where a highlight stands in a version, so that version can be read with its highlights later. */
export function recordAnchor(
  db: Database,
  highlightId: string,
  versionId: string,
  range: { start: number; end: number },
  method: AnchorMethodName,
  score: number,
  at: string,
): void {
  db.prepare(
    `INSERT OR REPLACE INTO highlight_anchors (highlight_id, version_id, start_offset, end_offset, method, score,
                                              created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(highlightId, versionId, range.start, range.end, method, score, at)
}

export function getHighlight(db: Database, id: string): Highlight {
  const row = db.prepare('SELECT * FROM highlights WHERE id = ? AND deleted_at IS NULL').get(id) as
    HighlightRow | undefined
  if (!row) throw new CasebookError('not_found', `no highlight with id ${id}`)
  return toHighlight(db, row)
}

export interface NewHighlight {
  articleId: string
  versionId: string
  start: number
  end: number
  note: string
  color?: HighlightColor
  tags?: readonly string[]
  /** Keeps a known id (a W3C import restoring its own export); a new one is made otherwise. */
  id?: string
  method?: AnchorMethodName
}

/**
 * Creates a highlight from text offsets; the quote and its context are taken from the stored text, never
 * from the caller, so a highlight always says exactly which words of which version it marks.
 */
export function createHighlight(db: Database, input: NewHighlight): Highlight {
  const text = getVersionText(db, input.articleId, input.versionId)
  if (input.end > text.length || input.start >= input.end) {
    throw new CasebookError(
      'invalid_input',
      `the range ${input.start}–${input.end} is outside the article's text`,
    )
  }
  const { start, end } = trimRange(text, input.start, input.end)
  if (start >= end) throw new CasebookError('invalid_input', 'the selection contains only white space')
  const { quote } = describeRange(text, start, end)
  const id = input.id ?? newId()
  const now = nowIso()
  const method = input.method ?? 'created'
  db.prepare(
    `INSERT INTO highlights (id, article_id, version_id, start_offset, end_offset, exact, prefix, suffix, note,
                             color, anchor_method, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    input.articleId,
    input.versionId,
    start,
    end,
    quote.exact,
    quote.prefix,
    quote.suffix,
    input.note,
    input.color ?? 'yellow',
    method,
    now,
    now,
  )
  recordAnchor(db, id, input.versionId, { start, end }, method, 1, now)
  if (input.tags?.length) setHighlightTags(db, id, input.tags, now)
  return getHighlight(db, id)
}

export interface HighlightChanges {
  note?: string
  color?: HighlightColor
  /** Replaces every tag of the highlight. */
  tags?: readonly string[]
}

/**
 * Changes a highlight's note and/or tags in one transaction. Its updated_at moves with either, so whatever
 * keeps derived copies of highlights (search.related) sees the change.
 */
export function updateHighlight(db: Database, id: string, changes: HighlightChanges): Highlight {
  return db
    .transaction(() => {
      const now = nowIso()
      const result = db
        .prepare(
          `UPDATE highlights SET note = coalesce(?, note), color = coalesce(?, color), updated_at = ?
            WHERE id = ? AND deleted_at IS NULL`,
        )
        .run(changes.note ?? null, changes.color ?? null, now, id)
      if (result.changes === 0) throw new CasebookError('not_found', `no highlight with id ${id}`)
      if (changes.tags) setHighlightTags(db, id, changes.tags, now)
      return getHighlight(db, id)
    })
    .immediate()
}

export function deleteHighlight(db: Database, id: string): void {
  db.transaction(() => {
    const now = tombstone(db, 'highlights', id)
    tombstoneLinks(db, 'highlight_id', id, now)
    tombstoneTags(db, id, now)
  })()
}
