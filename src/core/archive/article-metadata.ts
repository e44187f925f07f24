import type { Database } from 'better-sqlite3-multiple-ciphers'
import type { ParsedInputOf } from '../../shared/contract'
import { CasebookError } from '../../shared/errors'
import type { ArticleSummary } from '../../shared/model'
import { nowIso } from '../ids'
import { forgetIndexedVersion } from '../search/pending-versions'
import { analysisOf } from '../search/stemming'
import { getArticleSummaries } from './articles'

/** Contract field → column; only these can be written, whatever the caller sends. */
const COLUMNS = {
  title: 'title',
  byline: 'byline',
  siteName: 'site_name',
  sourceUrl: 'source_url',
  publishedAt: 'published_at',
  language: 'language',
} as const

/**
 * Corrects an article's metadata: the fields given are written (null clears one), the rest kept. A new
 * language that stems its words otherwise (see analysisOf) has its current version indexed again.
 */
export function setArticleMetadata(
  db: Database,
  input: ParsedInputOf<'articles.metadata.set'>,
): ArticleSummary {
  const { id, ...fields } = input
  const changes = (Object.keys(COLUMNS) as Array<keyof typeof COLUMNS>).filter(
    (key) => fields[key] !== undefined,
  )
  if (changes.length > 0) {
    const set = changes.map((key) => `${COLUMNS[key]} = ?`).join(', ')
    db.transaction(() => {
      const before = db
        .prepare(
          'SELECT language, current_version_id AS versionId FROM articles WHERE id = ? AND deleted_at IS NULL',
        )
        .get(id) as { language: string | null; versionId: string } | undefined
      if (!before) throw new CasebookError('not_found', `no article with id ${id}`)
      db.prepare(`UPDATE articles SET ${set}, updated_at = ? WHERE id = ? AND deleted_at IS NULL`).run(
        ...changes.map((key) => fields[key] ?? null),
        nowIso(),
        id,
      )
      if (fields.language !== undefined && analysisOf(fields.language) !== analysisOf(before.language)) {
        forgetIndexedVersion(db, before.versionId)
      }
    }).immediate()
  }
  const summary = getArticleSummaries(db, [id]).get(id)
  if (!summary) throw new CasebookError('not_found', `no article with id ${id}`)
  return summary
}
