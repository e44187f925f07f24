import type { Database } from 'better-sqlite3-multiple-ciphers'
import { CasebookError } from '../../shared/errors'
import type { ImportResult } from '../../shared/model'
import { storeArticle } from '../archive/articles'
import { extractArticle } from './extract-article'
import { auditImport } from './import-audit'
import type { ExtractedArticle } from './extracted-article'

/**
 * Imports one file's bytes. Never throws for a bad file: the result says which file failed and why,
 * so a bulk import goes on with the next one. A storage error is not the file's fault and is thrown.
 * Each imported article is committed before this returns.
 */
export function importFile(
  db: Database,
  fileName: string,
  bytes: Uint8Array,
  versionOf?: string,
): ImportResult {
  let article: ExtractedArticle
  try {
    article = extractArticle(fileName, bytes)
  } catch (error) {
    const message =
      error instanceof CasebookError ? error.message : `it could not be read (${(error as Error).message})`
    return { file: fileName, status: 'failed', message }
  }
  // The article and its audit entry are committed together (storeArticle's transaction nests inside).
  const outcome = db
    .transaction(() => {
      const stored = storeArticle(db, article, fileName, versionOf)
      auditImport(db, stored)
      return stored
    })
    .immediate()
  if (outcome.status === 'duplicate') {
    return {
      file: fileName,
      status: 'duplicate',
      articleId: outcome.id,
      title: outcome.title,
      message: outcome.current
        ? `already in the archive as “${outcome.title}”`
        : `already in the archive as an earlier version of “${outcome.title}”`,
    }
  }
  if (outcome.status === 'updated') {
    const { anchored, orphaned } = outcome.reanchor
    return {
      file: fileName,
      status: 'updated',
      articleId: outcome.id,
      title: outcome.title,
      reanchor: outcome.reanchor,
      message:
        `a new version of “${outcome.title}”: ${anchored} highlight${anchored === 1 ? '' : 's'} carried over` +
        (orphaned ? `, ${orphaned} to review` : ''),
    }
  }
  return { file: fileName, status: 'imported', articleId: outcome.id, title: outcome.title }
}
