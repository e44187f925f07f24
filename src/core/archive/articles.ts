import type { Database } from 'better-sqlite3'
import type { ArticleSortKey } from '../../shared/contract'
import { CasebookError } from '../../shared/errors'
import type { ArticleDetail, ArticleSummary, Block } from '../../shared/model'
import { sha256Hex } from '../hash'
import { newId, nowIso } from '../ids'
import type { ExtractedArticle } from '../import/extracted-article'
import { listHighlights } from './highlights'
import { tombstone } from './tombstones'

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
}

const SUMMARY_SELECT = `
  SELECT a.id, a.title, a.byline, a.site_name, a.source_url, a.published_at, a.imported_from, a.created_at,
         v.sha256, v.word_count, v.id AS version_id,
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

export function getArticle(db: Database, id: string): ArticleDetail {
  const row = db.prepare(`${SUMMARY_SELECT} AND a.id = ?`).get(id) as ArticleRow | undefined
  if (!row) throw new CasebookError('not_found', `no article with id ${id}`)
  const version = db
    .prepare('SELECT text, blocks FROM article_versions WHERE id = ?')
    .get(row.version_id) as {
    text: string
    blocks: string
  }
  return {
    ...toSummary(row),
    versionId: row.version_id,
    text: version.text,
    blocks: JSON.parse(version.blocks) as Block[],
    highlights: listHighlights(db, id),
  }
}

/** The live article whose current text has this SHA-256, if any: importing the same content twice is a no-op. */
export function findArticleByHash(db: Database, sha256: string): { id: string; title: string } | undefined {
  return db
    .prepare(
      // From the versions by their hash index to their article: joined the other way round, SQLite scanned
      // every article for each import (30 ms per file at 10k articles).
      `SELECT a.id, a.title FROM article_versions v JOIN articles a ON a.id = v.article_id
        WHERE v.sha256 = ? AND a.current_version_id = v.id AND a.deleted_at IS NULL LIMIT 1`,
    )
    .get(sha256) as { id: string; title: string } | undefined
}

function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0
}

export type StoreOutcome = { status: 'imported' | 'duplicate'; id: string; title: string }

/** Stores an extracted article as a new article with its first version, unless its text is already here. */
export function storeArticle(db: Database, article: ExtractedArticle, importedFrom: string): StoreOutcome {
  const sha256 = sha256Hex(article.text)
  return db
    .transaction((): StoreOutcome => {
      const existing = findArticleByHash(db, sha256)
      if (existing) return { status: 'duplicate', ...existing }
      const id = newId()
      const versionId = newId()
      const now = nowIso()
      db.prepare(
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
      db.prepare(
        `INSERT INTO article_versions (id, article_id, text, blocks, sha256, word_count, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        versionId,
        id,
        article.text,
        JSON.stringify(article.blocks),
        sha256,
        countWords(article.text),
        now,
      )
      return { status: 'imported', id, title: article.title }
    })
    .immediate()
}

/** The article stays in the archive as a tombstone; its highlights stop showing with it. */
export function deleteArticle(db: Database, id: string): void {
  tombstone(db, 'articles', id)
}

export function getVersionText(db: Database, articleId: string, versionId: string): string {
  const row = db
    .prepare(
      `SELECT v.text FROM article_versions v JOIN articles a ON a.id = v.article_id
        WHERE v.id = ? AND v.article_id = ? AND a.deleted_at IS NULL`,
    )
    .get(versionId, articleId) as { text: string } | undefined
  if (!row) throw new CasebookError('not_found', `article ${articleId} has no version ${versionId}`)
  return row.text
}
