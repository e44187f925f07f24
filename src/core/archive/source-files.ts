import { statement } from '../db/statement-cache'
import type { Database } from 'better-sqlite3-multiple-ciphers'
import { CasebookError } from '../../shared/errors'
import { mediaTypeOf } from '../import/media-types'
import { bytesSha256 } from '../hash'
import { nowIso } from '../ids'

/** Keeps a file's bytes, once per SHA-256 (the first name it came with stays). Call inside the import's transaction. */
export function keepSourceFile(
  db: Database,
  name: string,
  bytes: Uint8Array,
  sha256 = bytesSha256(bytes),
): string {
  statement(
    db,
    `INSERT INTO source_files (sha256, name, media_type, size, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(sha256) DO NOTHING`,
  ).run(sha256, baseName(name), mediaTypeOf(name), bytes.byteLength, Buffer.from(bytes), nowIso())
  return sha256
}

/**
 * An article already imported from exactly these bytes: a file imported again (a bulk import resumed, a
 * folder imported twice) is recognised before it is read, parsed or indexed again.
 */
export function articleFromSource(
  db: Database,
  sha256: string,
): { id: string; title: string; current: boolean } | null {
  const row = statement(
    db,
    `SELECT a.id, a.title, v.id = a.current_version_id AS current
         FROM article_versions v JOIN articles a ON a.id = v.article_id
        WHERE v.source_sha256 = ? AND a.deleted_at IS NULL ORDER BY current DESC, v.created_at LIMIT 1`,
  ).get(sha256) as { id: string; title: string; current: number } | undefined
  return row ? { id: row.id, title: row.title, current: row.current === 1 } : null
}

export interface SourceFile {
  name: string
  mediaType: string
  sha256: string
  bytes: Buffer
}

/** The file a version was imported from, byte for byte (the current version's unless one is named). */
export function getSourceFile(db: Database, articleId: string, versionId?: string): SourceFile {
  const row = db
    .prepare(
      `SELECT f.name, f.media_type AS mediaType, f.sha256, f.bytes FROM articles a
         JOIN article_versions v ON v.id = coalesce(?, a.current_version_id) AND v.article_id = a.id
         JOIN source_files f ON f.sha256 = v.source_sha256
        WHERE a.id = ? AND a.deleted_at IS NULL`,
    )
    .get(versionId ?? null, articleId) as SourceFile | undefined
  if (!row)
    throw new CasebookError(
      'not_found',
      'no original file is kept for this version (it was imported before Casebook kept originals, or written in the app)',
    )
  // The stored bytes are checked as the texts are: a changed byte must not pass as the original.
  if (bytesSha256(row.bytes) !== row.sha256)
    throw new CasebookError(
      'damaged',
      `the original file ${row.name} kept in the archive no longer matches its SHA-256`,
    )
  return row
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path
}
