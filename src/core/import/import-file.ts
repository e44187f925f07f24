import type { Database } from 'better-sqlite3-multiple-ciphers'
import { CasebookError } from '../../shared/errors'
import type { ImportResult } from '../../shared/model'
import { storeArticle, type StoreOutcome } from '../archive/articles'
import { articleFromSource, keepSourceFile } from '../archive/source-files'
import { statement } from '../db/statement-cache'
import { bytesSha256 } from '../hash'
import {
  extensionOf,
  inSavedPageAssets,
  isImportableFile,
  SKIPPED_IN_FOLDER_MESSAGE,
} from '../../shared/import-formats'
import { openGuardedZip, type GuardedZip } from './formats/zip-guard'
import { extractTextFile } from './extract-file'
import { extractForImport, withReadingDetails } from './extract-for-import'
import type { ExtractionPool } from './extraction-pool'
import { GroupCommit } from './group-commit'
import type { ExtractedArticle, ExtractedFile } from './extracted-article'
import { auditImport } from './import-audit'

/** E-mails attached to e-mails are imported, but not without end. */
const MAX_ATTACHMENT_DEPTH = 2

export interface ImportOptions {
  /** Import the file as a new version of this article. */
  versionOf?: string
  /** The article this file came attached to (an e-mail's attachment). */
  parentId?: string
}

/**
 * Imports one file's bytes, synchronously: text, Markdown and HTML (the formats read from decoded text).
 * Never throws for a bad file: the result says which file failed and why, so a bulk import goes on with the
 * next one. A storage error is not the file's fault and is thrown. Each article is committed before this
 * returns.
 */
export function importFile(
  db: Database,
  fileName: string,
  bytes: Uint8Array,
  versionOf?: string,
): ImportResult {
  // Hashed once: the same SHA-256 finds the file already here and names the kept original.
  const sha256 = bytesSha256(bytes)
  const known = alreadyImported(db, fileName, sha256, versionOf)
  if (known) return known
  let extracted: ExtractedFile
  try {
    extracted = withReadingDetails(extractTextFile(fileName, bytes))
  } catch (error) {
    return failed(fileName, error)
  }
  return storeExtracted(db, fileName, bytes, sha256, extracted, { versionOf }).result
}

/**
 * How an import reads and stores files. The engine's importer reads on a pool of threads and stores files
 * finished together in one commit; without them (tests, a single file) it reads here and commits each file.
 */
interface ImportContext {
  db: Database
  extract: (fileName: string, bytes: Uint8Array) => Promise<ExtractedFile>
  store: <T>(work: () => T) => Promise<T>
}

export interface ImporterOptions {
  /** Threads to read files on; without it files are read on the archive's thread. */
  pool?: ExtractionPool
}

export interface Importer {
  /** Imports one file of any supported format; several may run at once. Never throws for a bad file. */
  importFile(fileName: string, bytes: Uint8Array, options?: ImportOptions): Promise<ImportResult>
  /** Starts the reading threads on a sample file, storing nothing (a benchmark's warm-up). */
  warmUp(fileName: string, bytes: Uint8Array): Promise<void>
  close(): Promise<void>
}

export function createImporter(db: Database, options: ImporterOptions = {}): Importer {
  const { pool } = options
  // A commit waits a moment for more files only while every reading thread is busy and files wait for one:
  // then holding back the answers starves no thread. Once the queue is empty, the answers go at once, so
  // the shell sends the next files (it keeps a few in flight) before a thread runs out of work.
  const commits = new GroupCommit(db, () => (pool ? pool.waiting > 0 : false))
  // Files being imported now, sent by the shell: several at once is a bulk import, worth the threads.
  let importing = 0
  const context: ImportContext = {
    db,
    extract: pool ? (fileName, bytes) => readOnPool(pool, importing, fileName, bytes) : extractForImport,
    store: (work) => commits.run(work),
  }
  return {
    importFile: async (fileName, bytes, importOptions = {}) => {
      importing++
      try {
        return await importInContext(context, fileName, bytes, importOptions)
      } finally {
        importing--
      }
    },
    warmUp: async (fileName, bytes) => {
      if (pool) await pool.warmUp(fileName, bytes)
      else await extractForImport(fileName, bytes).catch(() => undefined)
    },
    close: async () => {
      await pool?.close()
    },
  }
}

/** Files in the engine's hands at once from which an import is a bulk import, read on the threads. */
const BULK_IMPORT_FILES = 3

/**
 * On the pool once one of its threads is ready. Until then, on this thread, as before the pool: a file or
 * two never wait for a thread to load its modules (seconds from source, competing with the import for
 * the cores), and a bulk import starts the threads meanwhile.
 */
function readOnPool(
  pool: ExtractionPool,
  importing: number,
  fileName: string,
  bytes: Uint8Array,
): Promise<ExtractedFile> {
  if (pool.readyThreads > 0) return pool.extract(fileName, bytes)
  if (importing >= BULK_IMPORT_FILES) pool.boot()
  return extractForImport(fileName, bytes)
}

/**
 * Imports one file of any supported format, then the attachments it carried, linked to it. Never throws
 * for a bad file.
 */
async function importInContext(
  context: ImportContext,
  fileName: string,
  bytes: Uint8Array,
  options: ImportOptions,
  depth = 0,
): Promise<ImportResult> {
  if (extensionOf(fileName) === '.zip' && !options.versionOf)
    return importZip(context, fileName, bytes, depth)
  const sha256 = bytesSha256(bytes)
  const known = alreadyImported(context.db, fileName, sha256, options.versionOf)
  if (known) return known
  let extracted: ExtractedFile
  try {
    extracted = await context.extract(fileName, bytes)
  } catch (error) {
    return failed(fileName, error)
  }
  const { result, articleIds } = await context.store(() =>
    storeExtracted(context.db, fileName, bytes, sha256, extracted, options),
  )
  const attachments = depth < MAX_ATTACHMENT_DEPTH ? (extracted.attachments ?? []) : []
  for (const attachment of attachments) {
    const parentId = articleIds[attachment.parent]
    const part = await importInContext(
      context,
      `${fileName} › ${attachment.name}`,
      attachment.bytes,
      { parentId },
      depth + 1,
    )
    result.parts = [...(result.parts ?? []), part]
  }
  return result
}

/**
 * A zip of files (a folder sent as one file): each file in it of a supported type is imported as if it
 * had been chosen from a folder, through the zip guard (a zip bomb is stopped while it inflates). The zip
 * itself is no article: its result counts its files, each of which is a part with its own result.
 */
async function importZip(
  context: ImportContext,
  fileName: string,
  bytes: Uint8Array,
  depth: number,
): Promise<ImportResult> {
  let zip: GuardedZip
  try {
    zip = openGuardedZip(bytes, 'zip')
  } catch (error) {
    return failed(fileName, error)
  }
  const names = zip.names.filter((name) => !name.endsWith('/') && !/(^|\/)\./.test(name)).sort()
  const assets = inSavedPageAssets(names)
  const parts: ImportResult[] = []
  for (const name of names) {
    const file = `${fileName} › ${name}`
    if (assets(name)) continue
    if (!isImportableFile(name) || extensionOf(name) === '.zip') {
      parts.push({ file, status: 'skipped', message: SKIPPED_IN_FOLDER_MESSAGE })
      continue
    }
    let entry: Uint8Array | undefined
    try {
      entry = zip.read(name)
    } catch (error) {
      // A bomb or a damaged entry: the zip stops here, what came in stays.
      parts.push(failed(file, error))
      break
    }
    if (entry) parts.push(await importInContext(context, file, entry, {}, depth + 1))
  }
  const count = (status: ImportResult['status']) => parts.filter((p) => p.status === status).length
  if (parts.every((p) => p.status === 'skipped'))
    return { file: fileName, status: 'failed', message: 'it holds no file of a type Casebook imports', parts }
  return {
    file: fileName,
    status:
      count('imported') + count('updated') > 0 ? 'imported' : count('failed') > 0 ? 'failed' : 'duplicate',
    message: `${names.length} files in the zip: ${count('imported')} imported, ${count('duplicate')} already there, ${count('failed')} failed`,
    parts,
  }
}

/**
 * The same bytes already imported (a folder imported again, a bulk import resumed): recognised by the
 * file's SHA-256 before anything is parsed. A new version asked for explicitly is always extracted.
 */
function alreadyImported(
  db: Database,
  fileName: string,
  sha256: string,
  versionOf: string | undefined,
): ImportResult | null {
  if (versionOf) return null
  const found = articleFromSource(db, sha256)
  return found ? describe(fileName, { status: 'duplicate', ...found }) : null
}

function failed(fileName: string, error: unknown): ImportResult {
  const message =
    error instanceof CasebookError ? error.message : `it could not be read (${(error as Error).message})`
  return { file: fileName, status: 'failed', message }
}

/**
 * Stores each article of an extracted file, with the file itself, each in its own transaction (a savepoint
 * when the importer groups several files in one commit).
 */
function storeExtracted(
  db: Database,
  fileName: string,
  bytes: Uint8Array,
  sha256: string,
  extracted: ExtractedFile,
  options: ImportOptions,
): { result: ImportResult; articleIds: Array<string | undefined> } {
  const results = extracted.articles.map((article, index) => {
    const name = extracted.articles.length > 1 ? `${fileName} › ${index + 1}` : fileName
    return storeOne(db, name, fileName, bytes, sha256, article, options)
  })
  const [first, ...rest] = results
  const articleIds = results.map((r) => r.articleId)
  if (!first)
    return { result: { file: fileName, status: 'failed', message: 'it contains no text' }, articleIds }
  return { result: { ...first, ...(rest.length > 0 ? { parts: rest } : {}) }, articleIds }
}

function storeOne(
  db: Database,
  name: string,
  fileName: string,
  bytes: Uint8Array,
  sha256: string,
  article: ExtractedArticle,
  options: ImportOptions,
): ImportResult {
  // The article, its original file and its audit entry are committed together.
  const outcome = db
    .transaction(() => {
      const stored = storeArticle(db, article, fileName, options.versionOf)
      if (stored.status !== 'duplicate') {
        keepSourceFile(db, fileName, bytes, sha256)
        recordImportDetails(db, stored, article, sha256, options.parentId)
      }
      auditImport(db, stored)
      return stored
    })
    .immediate()
  return describe(name, outcome)
}

/** What the formats add to a stored article: the kept file, language, metadata, OCR need, parent. */
function recordImportDetails(
  db: Database,
  stored: Exclude<StoreOutcome, { status: 'duplicate' }>,
  article: ExtractedArticle,
  sha256: string,
  parentId: string | undefined,
): void {
  statement(
    db,
    `UPDATE article_versions SET source_sha256 = ?
      WHERE id = (SELECT current_version_id FROM articles WHERE id = ?)`,
  ).run(sha256, stored.id)
  if (stored.status !== 'imported') return
  const properties = { ...(article.properties ?? {}) }
  if (article.tags?.length) properties.Tags = article.tags.join(', ')
  statement(
    db,
    'UPDATE articles SET language = ?, properties = ?, needs_ocr = ?, parent_id = ? WHERE id = ?',
  ).run(
    // Detected where the file was read (extract-for-import.ts).
    article.language ?? null,
    JSON.stringify(properties),
    article.needsOcr ? 1 : 0,
    parentId ?? null,
    stored.id,
  )
}

function describe(fileName: string, outcome: StoreOutcome): ImportResult {
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
