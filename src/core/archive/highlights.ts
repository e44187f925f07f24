import type { Database } from 'better-sqlite3'
import { describeRange, trimRange } from '../../shared/anchoring'
import { CasebookError } from '../../shared/errors'
import type { EntityRef, EntityType, Highlight } from '../../shared/model'
import { newId, nowIso } from '../ids'
import { getVersionText } from './articles'
import { highlightTags, setHighlightTags, tombstoneTags } from './highlight-tags'
import { tombstone, tombstoneLinks } from './tombstones'

interface HighlightRow {
  id: string
  article_id: string
  version_id: string
  start_offset: number
  end_offset: number
  exact: string
  prefix: string
  suffix: string
  note: string
  created_at: string
  updated_at: string
}

function linkedEntities(db: Database, highlightId: string): EntityRef[] {
  return db
    .prepare(
      `SELECT e.id, e.name, e.type FROM highlight_entities l JOIN entities e ON e.id = l.entity_id
        WHERE l.highlight_id = ? AND l.deleted_at IS NULL AND e.deleted_at IS NULL
        ORDER BY l.created_at`,
    )
    .all(highlightId) as Array<{ id: string; name: string; type: EntityType }>
}

function toHighlight(db: Database, row: HighlightRow): Highlight {
  return {
    id: row.id,
    articleId: row.article_id,
    versionId: row.version_id,
    quote: { type: 'TextQuoteSelector', exact: row.exact, prefix: row.prefix, suffix: row.suffix },
    position: { type: 'TextPositionSelector', start: row.start_offset, end: row.end_offset },
    note: row.note,
    entities: linkedEntities(db, row.id),
    tags: highlightTags(db, row.id),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

/**
 * An article's live highlights on its current version, in reading order. (Highlights on older versions
 * wait for re-anchoring, which comes with article versions; their offsets do not fit the current text.)
 */
export function listHighlights(db: Database, articleId: string): Highlight[] {
  const rows = db
    .prepare(
      `SELECT h.* FROM highlights h JOIN articles a ON a.id = h.article_id AND a.current_version_id = h.version_id
        WHERE h.article_id = ? AND h.deleted_at IS NULL AND a.deleted_at IS NULL
        ORDER BY h.start_offset, h.end_offset, h.created_at`,
    )
    .all(articleId) as HighlightRow[]
  return rows.map((row) => toHighlight(db, row))
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
  tags?: readonly string[]
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
  const id = newId()
  const now = nowIso()
  db.prepare(
    `INSERT INTO highlights (id, article_id, version_id, start_offset, end_offset, exact, prefix, suffix, note,
                             created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
    now,
    now,
  )
  if (input.tags?.length) setHighlightTags(db, id, input.tags, now)
  return getHighlight(db, id)
}

export interface HighlightChanges {
  note?: string
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
          'UPDATE highlights SET note = coalesce(?, note), updated_at = ? WHERE id = ? AND deleted_at IS NULL',
        )
        .run(changes.note ?? null, now, id)
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
