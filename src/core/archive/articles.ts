import { statement } from '../db/statement-cache'
import type { Database } from 'better-sqlite3-multiple-ciphers'
import type { ArticleSortKey } from '../../shared/contract'
import { CasebookError } from '../../shared/errors'
import type { ArticleDetail, ArticleSummary, ReanchorSummary } from '../../shared/model'
import { sha256Hex } from '../hash'
import { newId, nowIso } from '../ids'
import type { ExtractedArticle } from '../import/extracted-article'
import { listHighlights, listHighlightsInVersion } from './highlights'
import { textsAlike } from './text-likeness'
import { tombstone } from './tombstones'
import { addVersion, getVersionContent, insertVersion, listVersions } from './versions'

interface ArticleRow {
  id: string
  title: string
  byline: string | null
  site_name: string | null
  source_url: string | null
  published_at: string | null
  imported_from: string | null
  created_at: string
  sha256: string
  word_count: number
  highlight_count: number
  version_id: string
  language: string | null
  needs_ocr: number
}

const SUMMARY_SELECT = `
  SELECT a.id, a.title, a.byline, a.site_name, a.source_url, a.published_at, a.imported_from, a.created_at,
         v.sha256, v.word_count, v.id AS version_id, a.language, a.needs_ocr,
         (SELECT count(*) FROM highlights h WHERE h.article_id = a.id AND h.deleted_at IS NULL) AS highlight_count
    FROM articles a JOIN article_versions v ON v.id = a.current_version_id
   WHERE a.deleted_at IS NULL`

function toSummary(row: ArticleRow): ArticleSummary {
  return {
    id: row.id,
    title: row.title,
    byline: row.byline,
    siteName: row.site_name,
    sourceUrl: row.source_url,
    publishedAt: row.published_at,
    importedFrom: row.imported_from,
    createdAt: row.created_at,
    sha256: row.sha256,
    wordCount: row.word_count,
    highlightCount: row.highlight_count,
    language: row.language,
    needsOcr: row.needs_ocr === 1,
  }
}

const SORT_COLUMNS: Record<ArticleSortKey, string> = {
  title: 'a.title COLLATE NOCASE',
  publishedAt: 'a.published_at',
  createdAt: 'a.created_at',
  siteName: 'a.site_name COLLATE NOCASE',
  highlightCount: 'highlight_count',
}

export function listArticles(
  db: Database,
  sort: ArticleSortKey,
  direction: 'asc' | 'desc',
): ArticleSummary[] {
  // Both parts come from fixed maps above, never from the caller's text.
  const order = `${SORT_COLUMNS[sort]} ${direction === 'asc' ? 'ASC' : 'DESC'} NULLS LAST, a.id ${direction === 'asc' ? 'ASC' : 'DESC'}`
  return (db.prepare(`${SUMMARY_SELECT} ORDER BY ${order}`).all() as ArticleRow[]).map(toSummary)
}

export function getArticleSummaries(db: Database, ids: string[]): Map<string, ArticleSummary> {
  const found = new Map<string, ArticleSummary>()
  const statement = db.prepare(`${SUMMARY_SELECT} AND a.id = ?`)
  for (const id of ids) {
    const row = statement.get(id) as ArticleRow | undefined
    if (row) found.set(id, toSummary(row))
  }
  return found
}

/**
 * An article with the highlights placed in one of its versions: the current one unless `versionId` names an
 * older one (read only; its highlights where they stood then).
 */
export function getArticle(db: Database, id: string, versionId?: string): ArticleDetail {
  const row = db.prepare(`${SUMMARY_SELECT} AND a.id = ?`).get(id) as ArticleRow | undefined
  if (!row) throw new CasebookError('not_found', `no article with id ${id}`)
  const shown = versionId ?? row.version_id
  const content = getVersionContent(db, id, shown)
  const versions = listVersions(db, id)
  const orphans = db
    .prepare(
      `SELECT count(*) AS n FROM highlights WHERE article_id = ? AND deleted_at IS NULL AND anchor_status = 'orphan'`,
    )
    .get(id) as { n: number }
  return {
    ...toSummary(row),
    // The summary's hash and word count are the shown version's, so a citation names the text on screen.
    sha256: content.sha256,
    wordCount: versions.find((v) => v.id === shown)?.wordCount ?? row.word_count,
    versionId: shown,
    currentVersionId: row.version_id,
    versionNumber: versions.find((v) => v.id === shown)?.number ?? versions.length,
    versionCount: versions.length,
    text: content.text,
    blocks: content.blocks,
    highlights:
      shown === row.version_id ? listHighlights(db, id) : listHighlightsInVersion(db, shown, content.text),
    orphanCount: orphans.n,
    ...importDetails(db, id, shown),
  }
}

/** What the import kept beside the text: the format's metadata, the original file, the e-mail around it. */
function importDetails(
  db: Database,
  id: string,
  versionId: string,
): Pick<ArticleDetail, 'properties' | 'source' | 'parent' | 'attachments'> {
  const row = db
    .prepare(
      `SELECT a.properties, p.id AS parent_id, p.title AS parent_title,
              f.name AS source_name, f.media_type, f.size
         FROM articles a JOIN article_versions v ON v.id = ?
         LEFT JOIN articles p ON p.id = a.parent_id AND p.deleted_at IS NULL
         LEFT JOIN source_files f ON f.sha256 = v.source_sha256
        WHERE a.id = ?`,
    )
    .get(versionId, id) as {
    properties: string
    parent_id: string | null
    parent_title: string | null
    source_name: string | null
    media_type: string | null
    size: number | null
  }
  const attachments = db
    .prepare('SELECT id, title FROM articles WHERE parent_id = ? AND deleted_at IS NULL ORDER BY created_at')
    .all(id) as Array<{ id: string; title: string }>
  return {
    properties: parseProperties(row.properties),
    source:
      row.source_name === null
        ? null
        : { name: row.source_name, mediaType: row.media_type ?? '', size: row.size ?? 0 },
    parent: row.parent_id ? { id: row.parent_id, title: row.parent_title ?? '' } : null,
    attachments,
  }
}

function parseProperties(json: string): Record<string, string> {
  try {
    const value = JSON.parse(json) as unknown
    if (!value || typeof value !== 'object' || Array.isArray(value)) return {}
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).filter(
        (e): e is [string, string] => typeof e[1] === 'string',
      ),
    )
  } catch {
    return {}
  }
}

export interface HashMatch {
  id: string
  title: string
  /** Whether the text is the article's current version, or one of its older ones. */
  current: boolean
}

/**
 * The live article that has a version with this SHA-256, if any: importing a text already here (as the
 * current version or an older one) is a no-op.
 */
export function findArticleByHash(db: Database, sha256: string): HashMatch | undefined {
  const row = statement(
    db,
    // From the versions by their hash index to their article: joined the other way round, SQLite scanned
    // every article for each import (30 ms per file at 10k articles).
    `SELECT a.id, a.title, a.current_version_id = v.id AS current
         FROM article_versions v JOIN articles a ON a.id = v.article_id
        WHERE v.sha256 = ? AND a.deleted_at IS NULL ORDER BY current DESC LIMIT 1`,
  ).get(sha256) as { id: string; title: string; current: number } | undefined
  return row && { id: row.id, title: row.title, current: row.current === 1 }
}

/** The live article already holding a page from this source URL (the latest, should there be several). */
function findArticleBySourceUrl(db: Database, sourceUrl: string): { id: string; text: string } | undefined {
  return statement(
    db,
    `SELECT a.id, v.text FROM articles a JOIN article_versions v ON v.id = a.current_version_id
        WHERE a.source_url = ? AND a.deleted_at IS NULL ORDER BY a.updated_at DESC LIMIT 1`,
  ).get(sourceUrl) as { id: string; text: string } | undefined
}

export type StoreOutcome =
  | { status: 'imported'; id: string; title: string }
  | { status: 'duplicate'; id: string; title: string; current: boolean }
  | { status: 'updated'; id: string; title: string; reanchor: ReanchorSummary }

/**
 * Stores an extracted article: as a new version of the article `versionOf` names; else as a new version
 * of the article with the same source URL when the two texts are alike (a page saved again after it was
 * corrected); else as a new article. Nothing is stored when the text is already one of the archive's.
 */
export function storeArticle(
  db: Database,
  article: ExtractedArticle,
  importedFrom: string,
  versionOf?: string,
): StoreOutcome {
  const sha256 = sha256Hex(article.text)
  return db
    .transaction((): StoreOutcome => {
      const existing = findArticleByHash(db, sha256)
      if (existing) return { status: 'duplicate', ...existing }
      const sameSource = versionOf
        ? undefined
        : article.sourceUrl
          ? findArticleBySourceUrl(db, article.sourceUrl)
          : undefined
      const target =
        versionOf ?? (sameSource && textsAlike(sameSource.text, article.text) ? sameSource.id : null)
      if (target) {
        const reanchor = addVersion(db, target, article, 'import', { ...article, importedFrom })
        const { title } = db.prepare('SELECT title FROM articles WHERE id = ?').get(target) as {
          title: string
        }
        return { status: 'updated', id: target, title, reanchor }
      }
      const id = newId()
      const versionId = newId()
      const now = nowIso()
      statement(
        db,
        `INSERT INTO articles (id, title, byline, site_name, source_url, published_at, imported_from,
                             current_version_id, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        id,
        article.title,
        article.byline,
        article.siteName,
        article.sourceUrl,
        article.publishedAt,
        importedFrom,
        versionId,
        now,
        now,
      )
      insertVersion(db, id, article, 'import', importedFrom, now, versionId)
      return { status: 'imported', id, title: article.title }
    })
    .immediate()
}

/** The article stays in the archive as a tombstone; its highlights stop showing with it. */
export function deleteArticle(db: Database, id: string): void {
  tombstone(db, 'articles', id)
}

export function getVersionText(db: Database, articleId: string, versionId: string): string {
  return getVersionContent(db, articleId, versionId).text
}
