import type { Database } from 'better-sqlite3-multiple-ciphers'
import { describeRange } from '../../shared/anchoring'
import { CasebookError } from '../../shared/errors'
import type {
  AnchorMethodName,
  ArticleVersionSummary,
  Block,
  ReanchorSummary,
  VersionOrigin,
} from '../../shared/model'
import { reanchorAll, type AnchorSelectors } from '../../shared/reanchor'
import { statement } from '../db/statement-cache'
import { sha256Hex } from '../hash'
import { newId, nowIso } from '../ids'
import { recordAnchor, type HighlightRow } from './highlights'
import { countWords } from './word-count'

/** The canonical text of a version with the reader's blocks over it. */
export interface VersionContent {
  text: string
  blocks: Block[]
  /** The text's word count when it was counted already (on an import's reading thread). */
  wordCount?: number
}

interface VersionRow {
  id: string
  article_id: string
  sha256: string
  word_count: number
  created_at: string
  origin: VersionOrigin
  imported_from: string | null
  number: number
  current: number
  highlight_count: number
}

/** Every version of an article, oldest first, numbered from 1 in the order they were made. */
export function listVersions(db: Database, articleId: string): ArticleVersionSummary[] {
  const rows = db
    .prepare(
      `SELECT v.id, v.article_id, v.sha256, v.word_count, v.created_at, v.origin, v.imported_from,
              row_number() OVER (ORDER BY v.created_at, v.rowid) AS number,
              v.id = a.current_version_id AS current,
              (SELECT count(*) FROM highlight_anchors p JOIN highlights h ON h.id = p.highlight_id
                WHERE p.version_id = v.id AND h.deleted_at IS NULL
                  AND (v.id <> a.current_version_id OR (h.version_id = v.id AND h.anchor_status = 'anchored'))
              ) AS highlight_count
         FROM article_versions v JOIN articles a ON a.id = v.article_id
        WHERE v.article_id = ? AND a.deleted_at IS NULL
        ORDER BY v.created_at, v.rowid`,
    )
    .all(articleId) as VersionRow[]
  if (rows.length === 0) throw new CasebookError('not_found', `no article with id ${articleId}`)
  return rows.map((row) => ({
    id: row.id,
    number: row.number,
    createdAt: row.created_at,
    sha256: row.sha256,
    wordCount: row.word_count,
    origin: row.origin,
    importedFrom: row.imported_from,
    current: row.current === 1,
    highlightCount: row.highlight_count,
  }))
}

export { countWords }

/** Writes a version row; the caller makes it current (or not) in the same transaction. */
export function insertVersion(
  db: Database,
  articleId: string,
  content: VersionContent,
  origin: VersionOrigin,
  importedFrom: string | null,
  at: string,
  id = newId(),
): string {
  statement(
    db,
    `INSERT INTO article_versions (id, article_id, text, blocks, sha256, word_count, created_at, origin, imported_from)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    articleId,
    content.text,
    JSON.stringify(content.blocks),
    sha256Hex(content.text),
    content.wordCount ?? countWords(content.text),
    at,
    origin,
    importedFrom,
  )
  return id
}

/**
 * Metadata a re-import brings along with the new text. It only fills what the article lacks: the title and
 * date a researcher cites stay as they were (a plain-text copy would otherwise retitle an article with its
 * first line); the file imported from is the latest.
 */
export interface VersionMetadata {
  title?: string | null
  byline?: string | null
  siteName?: string | null
  sourceUrl?: string | null
  publishedAt?: string | null
  importedFrom?: string | null
}

/**
 * Makes `content` the article's new current version and carries every highlight over to it, in one
 * transaction: an acknowledged new version never leaves highlights pointing at nothing.
 * The caller has checked that this text is not already one of the article's versions.
 */
export function addVersion(
  db: Database,
  articleId: string,
  content: VersionContent,
  origin: VersionOrigin,
  metadata: VersionMetadata = {},
): ReanchorSummary {
  return db
    .transaction((): ReanchorSummary => {
      const live = db.prepare('SELECT 1 FROM articles WHERE id = ? AND deleted_at IS NULL').get(articleId)
      if (!live) throw new CasebookError('not_found', `no article with id ${articleId}`)
      const now = nowIso()
      const versionId = insertVersion(db, articleId, content, origin, metadata.importedFrom ?? null, now)
      const changed = db
        .prepare(
          `UPDATE articles SET current_version_id = ?, updated_at = ?,
                  title = coalesce(nullif(title, ''), ?), byline = coalesce(byline, ?),
                  site_name = coalesce(site_name, ?), source_url = coalesce(source_url, ?),
                  published_at = coalesce(published_at, ?), imported_from = coalesce(?, imported_from)
            WHERE id = ? AND deleted_at IS NULL`,
        )
        .run(
          versionId,
          now,
          metadata.title || null,
          metadata.byline ?? null,
          metadata.siteName ?? null,
          metadata.sourceUrl ?? null,
          metadata.publishedAt ?? null,
          metadata.importedFrom ?? null,
          articleId,
        )
      if (changed.changes !== 1) throw new Error(`article ${articleId} vanished while adding a version`)
      return reanchorHighlights(db, articleId, now)
    })
    .immediate()
}

type PlacedRow = Pick<
  HighlightRow,
  'id' | 'version_id' | 'start_offset' | 'end_offset' | 'exact' | 'prefix' | 'suffix' | 'anchor_status'
>

/**
 * Carries every live highlight of the article that is not on its current version over to it (see
 * src/shared/reanchor.ts): anchored ones from the version they stood in, and orphans of earlier versions
 * again, in case the new text has their words back. Each highlight found takes the new version's words as
 * its quote (so its quote always is the text it marks, citable with that version's SHA-256) and keeps its
 * place in the old version in highlight_anchors. One that is not found becomes an orphan and keeps the
 * quote and version it had. Dismissed highlights stay as they are.
 */
export function reanchorHighlights(db: Database, articleId: string, at = nowIso()): ReanchorSummary {
  const current = db
    .prepare(
      `SELECT v.id, v.text FROM articles a JOIN article_versions v ON v.id = a.current_version_id WHERE a.id = ?`,
    )
    .get(articleId) as { id: string; text: string } | undefined
  if (!current) throw new CasebookError('not_found', `no article with id ${articleId}`)
  const rows = db
    .prepare(
      `SELECT id, version_id, start_offset, end_offset, exact, prefix, suffix, anchor_status FROM highlights
        WHERE article_id = ? AND deleted_at IS NULL AND anchor_status IN ('anchored', 'orphan')
          AND version_id <> ?
        ORDER BY version_id, start_offset`,
    )
    .all(articleId, current.id) as PlacedRow[]
  const summary: ReanchorSummary = { versionId: current.id, anchored: 0, fuzzy: 0, recovered: 0, orphaned: 0 }

  // Highlights of one old version vouch for each other's shifts (reanchorAll), so they go together.
  const byVersion = new Map<string, PlacedRow[]>()
  for (const row of rows) byVersion.set(row.version_id, [...(byVersion.get(row.version_id) ?? []), row])

  const placed = db.prepare(
    `UPDATE highlights SET version_id = ?, start_offset = ?, end_offset = ?, exact = ?, prefix = ?, suffix = ?,
            anchor_status = 'anchored', anchor_method = ?, anchor_score = ?, anchor_reason = NULL, updated_at = ?
      WHERE id = ?`,
  )
  const lost = db.prepare(
    `UPDATE highlights SET anchor_status = 'orphan', anchor_method = 'none', anchor_score = ?, anchor_reason = ?,
            updated_at = ?
      WHERE id = ?`,
  )
  for (const group of byVersion.values()) {
    const selectors: AnchorSelectors[] = group.map((row) => ({
      quote: { exact: row.exact, prefix: row.prefix, suffix: row.suffix },
      position: { start: row.start_offset, end: row.end_offset },
    }))
    // The old text lets re-anchoring tell a highlight's own passage from a copy of it elsewhere.
    const oldText = (
      db.prepare('SELECT text FROM article_versions WHERE id = ?').get(group[0]?.version_id) as
        { text: string } | undefined
    )?.text
    const results = reanchorAll(current.text, selectors, { oldText })
    group.forEach((row, i) => {
      const result = results[i]
      if (!result) return
      if (result.status === 'anchored') {
        const { quote } = describeRange(current.text, result.start, result.end)
        const method: AnchorMethodName = result.method
        placed.run(
          current.id,
          result.start,
          result.end,
          quote.exact,
          quote.prefix,
          quote.suffix,
          method,
          result.score,
          at,
          row.id,
        )
        recordAnchor(db, row.id, current.id, result, method, result.score, at)
        summary.anchored++
        if (method === 'fuzzy') summary.fuzzy++
        if (row.anchor_status === 'orphan') summary.recovered++
      } else {
        lost.run(result.score, result.reason, at, row.id)
        summary.orphaned++
      }
    })
  }
  return summary
}

/** Reads one version's content, checking it belongs to the article. */
export function getVersionContent(
  db: Database,
  articleId: string,
  versionId: string,
): VersionContent & { sha256: string } {
  const row = db
    .prepare(
      `SELECT v.text, v.blocks, v.sha256 FROM article_versions v JOIN articles a ON a.id = v.article_id
        WHERE v.id = ? AND v.article_id = ? AND a.deleted_at IS NULL`,
    )
    .get(versionId, articleId) as { text: string; blocks: string; sha256: string } | undefined
  if (!row) throw new CasebookError('not_found', `article ${articleId} has no version ${versionId}`)
  return { text: row.text, blocks: JSON.parse(row.blocks) as Block[], sha256: row.sha256 }
}
