import type { Database } from 'better-sqlite3-multiple-ciphers'
import type { z } from 'zod'
import {
  contract,
  isChannel,
  type Channel,
  type OutputOf,
  type ParsedInputOf,
  type SearchFilters,
} from '../shared/contract'
import { isAudited } from '../shared/channel-effects'
import { CasebookError, type Envelope } from '../shared/errors'
import { parseQuery, QuerySyntaxError } from '../shared/search-query'
import type { ArchiveInfo, SearchResults } from '../shared/model'
import { deleteArticle, getArticle, getArticleSummaries, listArticles } from './archive/articles'
import {
  createEntity,
  deleteEntity,
  entityPage,
  linkEntity,
  listEntities,
  unlinkEntity,
  updateEntity,
  customTypes,
} from './archive/entities'
import { listTags } from './archive/highlight-tags'
import { listAllHighlights } from './archive/highlight-list'
import { dismissHighlight, reattachHighlight } from './archive/highlight-review'
import { createHighlight, deleteHighlight, getHighlight, updateHighlight } from './archive/highlights'
import { diffVersions } from './archive/version-diff'
import { editArticleText } from './archive/version-edit'
import { listVersions } from './archive/versions'
import { listAudit } from './audit/audit-log'
import { runAudited } from './audit/run-audited'
import { ArchiveBackups } from './backup/archive-backups'
import { passphraseOf } from './backup/database-file'
import { openArchive, type OpenArchiveOptions } from './db/open-archive'
import { exportAnnotationsFile, exportReportFile } from './export/export-files'
import { exportEntitiesFile } from './export/entities-file'
import { importAnnotations, parseAnnotationFile } from './export/w3c-import'
import { createImporter, importFile, type Importer } from './import/import-file'
import { ExtractionPool } from './import/extraction-pool'
import { setArticleMetadata } from './archive/article-metadata'
import { duplicateCandidates } from './archive/entity-duplicates'
import { entityGraph } from './archive/entity-graph'
import { findMentions, rejectMention } from './archive/entity-mentions'
import { mergeEntities, setDistinct, unmergeEntities } from './archive/entity-merge'
import { createRelation, deleteRelation, listRelations, updateRelation } from './archive/entity-relations'
import { splitEntity, unsplitEntity } from './archive/entity-split'
import {
  acceptSuggestion,
  articleToSuggest,
  offerSuggestions,
  rejectSuggestion,
  suggestForArticle,
} from './archive/entity-suggestions'
import { SuggestionThread } from './entity-suggest/suggestion-thread'
import { suggestEntities } from './entity-suggest/suggest-entities'
import { getSourceFile } from './archive/source-files'
import { checkArchive } from './integrity/check-archive'
import { searchRelated } from './search/related-search'
import { QueryRunner } from './search/run-query'
import { browse, filteredArticleIds, hasFilters, listSources } from './search/search-filters'
import { SearchIndex } from './search/search-index'
import { openLockState, writeIdleLockMinutes } from './db/idle-lock-setting'
import { makeSnippet, markedSpans } from './search/snippet'

/**
 * Operations whose work spans several turns of the event loop (a backup copies the archive a few hundred
 * pages per turn, so the worker keeps answering the UI meanwhile). They return a promise and run only
 * through `dispatchAsync`; every other operation stays synchronous, as better-sqlite3 is.
 */
const ASYNC_CHANNELS = ['backups.create'] as const
type AsyncChannel = (typeof ASYNC_CHANNELS)[number]
type SyncChannel = Exclude<Channel, AsyncChannel>

function isAsyncChannel(channel: Channel): channel is AsyncChannel {
  return (ASYNC_CHANNELS as readonly string[]).includes(channel)
}

type Handlers = { [C in SyncChannel]: (input: ParsedInputOf<C>) => OutputOf<C> }
type AsyncHandlers = { [C in AsyncChannel]: (input: ParsedInputOf<C>) => Promise<OutputOf<C>> }

/**
 * Operations with a synchronous form for some inputs and an asynchronous one for all: 'import.file' reads
 * text, Markdown and HTML synchronously (what `dispatch` does), while PDF and the other formats read from
 * bytes need `dispatchAsync`, which the worker and the CLI use for every import.
 */
type AsyncForm = 'import.file' | 'entities.suggest'
type AsyncForms = { [C in AsyncForm]: (input: ParsedInputOf<C>) => Promise<OutputOf<C>> }

export interface Engine {
  readonly db: Database
  readonly path: string
  readonly search: SearchIndex
  info(): ArchiveInfo
  /** The archive's backups: listing, settings, the schedule (src/core/backup). */
  readonly backups: ArchiveBackups
  /** Imports files, several at once when the engine was given threads to read them on (the CLI's bulk import). */
  readonly importer: Importer
  /** Parses untrusted input against the contract and runs the operation; never throws. */
  dispatch(channel: string, input: unknown): Envelope<unknown>
  /** The same for every operation, the asynchronous ones (a backup) too; what the worker uses. */
  dispatchAsync(channel: string, input: unknown): Promise<Envelope<unknown>>
  close(): void
}

function count(db: Database, sql: string): number {
  return (db.prepare(sql).get() as { n: number }).n
}

interface SearchRequest {
  query: string
  limit: number
  offset: number
  filters: SearchFilters
}

/** Ranked matches of the query, narrowed by the filters; an empty query with filters browses the library. */
function rankedMatches(db: Database, runner: QueryRunner, query: string, filters: SearchFilters) {
  let parsed
  try {
    parsed = parseQuery(query)
  } catch (error) {
    if (error instanceof QuerySyntaxError)
      throw new CasebookError('invalid_input', `search: ${error.message}`)
    throw error
  }
  if (parsed.required.length === 0 && hasFilters(filters)) {
    return browse(db, filters).map((row) => ({ ...row, score: 0, terms: new Set<string>(), phrases: [] }))
  }
  const ranked = runner.run(parsed)
  if (!hasFilters(filters)) return ranked
  const allowed = filteredArticleIds(db, filters)
  return ranked.filter((match) => allowed.has(match.articleId))
}

function runSearch(db: Database, runner: QueryRunner, request: SearchRequest): SearchResults {
  const { query, limit, offset } = request
  const ranked = rankedMatches(db, runner, query, request.filters)
  const page = ranked.slice(offset, offset + limit)
  const summaries = getArticleSummaries(
    db,
    page.map((r) => r.articleId),
  )
  const textOf = db.prepare('SELECT text FROM article_versions WHERE id = ?')
  const hits = page.flatMap((result) => {
    const summary = summaries.get(result.articleId)
    if (!summary) return []
    const { text } = textOf.get(result.versionId) as { text: string }
    return [
      {
        articleId: result.articleId,
        title: summary.title,
        siteName: summary.siteName,
        publishedAt: summary.publishedAt,
        score: Math.round(result.score * 1000) / 1000,
        ...makeSnippet(text, result.terms, result.phrases),
      },
    ]
  })
  return { query, total: ranked.length, hits, unindexed: runner.index.pendingCount() }
}

function formatZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ')
}

/** A handler's throw as the envelope sent back: a CasebookError as it is, anything else as 'internal'. */
function failureEnvelope(error: unknown): Envelope<never> {
  if (error instanceof CasebookError)
    return { ok: false, error: { code: error.code, message: error.message } }
  return { ok: false, error: { code: 'internal', message: `unexpected error: ${(error as Error).message}` } }
}

/** Opens an archive and returns the engine every shell talks to: the worker, the CLI and the tests. */
export interface EngineOptions extends OpenArchiveOptions {
  /**
   * Threads that read imported files (parsing, Readability, pdf.js, language detection) while the engine's
   * own thread stores and indexes; 0 or absent reads them on the engine's thread (tests, one-off scripts).
   */
  importThreads?: number
  /** The extraction thread's entry in a bundled app (`extract-worker.js`); from source it is found. */
  extractWorkerFile?: string
  /**
   * Makes entity suggestions on a thread of their own (through dispatchAsync), so that a long article does not
   * hold every other request; absent, they are made on the engine's thread (tests, the CLI).
   */
  suggestionThread?: boolean
  /** That thread's entry in a bundled app (`suggest-worker.js`); from source it is found. */
  suggestWorkerFile?: string
}

export function openEngine(path: string, options: EngineOptions = {}): Engine {
  const db = openArchive(path, options)
  const importer = createImporter(db, {
    pool: options.importThreads
      ? new ExtractionPool({ threads: options.importThreads, workerFile: options.extractWorkerFile })
      : undefined,
  })
  const suggestionThread = options.suggestionThread
    ? new SuggestionThread(...(options.suggestWorkerFile ? [options.suggestWorkerFile] : []))
    : null
  const search = new SearchIndex(db)
  const runner = new QueryRunner(db, search)
  const backups = new ArchiveBackups(db, path, {
    nativeBinding: options.nativeBinding,
    passphrase: passphraseOf(options),
  })

  const encrypted = passphraseOf(options) !== undefined
  const handlers: Handlers = {
    'archive.info': () => info(),
    // A bare engine is open by definition; locking is its host's business (src/core/host/archive-host.ts).
    'archive.lockState': () => openLockState(db, encrypted),
    'archive.unlock': () => openLockState(db, encrypted),
    'archive.lock': () => {
      throw new CasebookError('invalid_input', 'only the app locks an archive: close the command instead')
    },
    'archive.passphrase.set': () => {
      throw new CasebookError(
        'invalid_input',
        'a passphrase changes with the archive closed: on the command line use `encrypt`, `rekey` or `decrypt`',
      )
    },
    'archive.keychain.forget': () => {
      throw new CasebookError('invalid_input', 'only the desktop app keeps a passphrase in the keychain')
    },
    'archive.recover': () => {
      throw new CasebookError(
        'invalid_input',
        'this archive is open: on the command line use `restore <file>`, in the app the Backups dialog',
      )
    },
    'archive.idleLock.set': ({ minutes }) => {
      writeIdleLockMinutes(db, encrypted ? minutes : null)
      return openLockState(db, encrypted)
    },
    'archive.check': ({ full }) => checkArchive(db, { full }),
    'audit.list': (request) => listAudit(db, request),
    'articles.list': ({ sort, direction }) => listArticles(db, sort, direction),
    'articles.get': ({ id, versionId }) => getArticle(db, id, versionId),
    'articles.versions': ({ id }) => listVersions(db, id),
    'articles.diff': ({ id, fromVersionId, toVersionId }) => diffVersions(db, id, fromVersionId, toVersionId),
    'articles.edit': ({ id, baseVersionId, text }) => editArticleText(db, id, baseVersionId, text),
    'articles.delete': ({ id }) => {
      deleteArticle(db, id)
      return { id }
    },
    'articles.metadata.set': (input) => setArticleMetadata(db, input),
    'articles.source': ({ id, versionId }) => {
      const file = getSourceFile(db, id, versionId)
      return {
        name: file.name,
        mediaType: file.mediaType,
        sha256: file.sha256,
        contentBase64: file.bytes.toString('base64'),
      }
    },
    'import.file': ({ name, contentBase64, versionOf }) =>
      importFile(db, name, Buffer.from(contentBase64, 'base64'), versionOf),
    'search.query': (request) => runSearch(db, runner, request),
    'articles.sources': () => listSources(db),
    'search.related': (request) => searchRelated(db, request),
    'search.matches': ({ articleId, query }) => {
      const article = getArticle(db, articleId)
      const match = rankedMatches(db, runner, query, {}).find((m) => m.articleId === articleId)
      if (!match) return []
      return markedSpans(article.text, match.terms, match.phrases ?? []).map((span): [number, number] => [
        span.start,
        span.end,
      ])
    },
    'highlights.create': ({ entityIds, ...input }) =>
      db
        .transaction(() => {
          const created = createHighlight(db, input)
          for (const entityId of entityIds) linkEntity(db, created.id, entityId)
          return entityIds.length ? getHighlight(db, created.id) : created
        })
        .immediate(),
    'highlights.update': ({ id, ...changes }) => updateHighlight(db, id, changes),
    'highlights.delete': ({ id }) => {
      deleteHighlight(db, id)
      return { id }
    },
    'highlights.list': ({ filters, sort, limit, offset }) =>
      listAllHighlights(db, filters, sort, limit, offset),
    'highlights.reattach': ({ id, versionId, start, end }) =>
      reattachHighlight(db, id, versionId, start, end),
    'highlights.dismiss': ({ id }) => dismissHighlight(db, id),
    'tags.list': () => listTags(db),
    'export.annotations': ({ format, filters, includeDismissed }) =>
      exportAnnotationsFile(db, format, filters, includeDismissed),
    'export.report': ({ format, filters, ...subject }) => exportReportFile(db, subject, format, filters),
    'export.entities': ({ format }) => exportEntitiesFile(db, format),
    'import.annotations': ({ name, content }) =>
      importAnnotations(db, parseAnnotationFile(content, name), name),
    'entities.list': ({ query, type }) => listEntities(db, query, type),
    'entities.create': (fields) => createEntity(db, fields),
    'entities.update': ({ id, ...fields }) => updateEntity(db, id, fields),
    'entities.delete': ({ id }) => {
      deleteEntity(db, id)
      return { id }
    },
    'entities.page': ({ id }) => entityPage(db, id),
    'entities.duplicates': ({ id }) => duplicateCandidates(db, id),
    'entities.mentions': ({ id }) => findMentions(db, id, (query) => rankedMatches(db, runner, query, {})),
    'entities.mentions.reject': ({ id, ...mention }) => rejectMention(db, id, mention),
    'entities.merge': ({ id, intoId }) => mergeEntities(db, id, intoId),
    'entities.unmerge': ({ mergeId }) => unmergeEntities(db, mergeId),
    'entities.distinct': ({ id, otherId, distinct }) => setDistinct(db, id, otherId, distinct),
    'entities.split': ({ id, highlightIds, entity }) => splitEntity(db, id, highlightIds, entity),
    'entities.unsplit': ({ id }) => unsplitEntity(db, id),
    'entities.types': () => customTypes(db),
    'entities.suggest': ({ articleId }) => suggestForArticle(db, articleId, suggestEntities),
    'entities.suggest.accept': (accepted) => acceptSuggestion(db, accepted),
    'entities.suggest.reject': ({ name }) => {
      rejectSuggestion(db, name)
      return { rejected: true as const }
    },
    'entities.graph': (options) => entityGraph(db, options),
    'relations.list': ({ entityId }) => listRelations(db, entityId),
    'relations.create': (fields) => createRelation(db, fields),
    'relations.update': ({ id, ...fields }) => updateRelation(db, id, fields),
    'relations.delete': ({ id }) => {
      deleteRelation(db, id)
      return { id }
    },
    'links.create': ({ highlightId, entityId }) => linkEntity(db, highlightId, entityId),
    'links.delete': ({ highlightId, entityId }) => unlinkEntity(db, highlightId, entityId),
    'backups.list': () => backups.list(),
    'backups.status': () => backups.status(),
    'backups.settings.get': () => backups.settings(),
    'backups.settings.set': (changes) => backups.updateSettings(changes),
    'backups.restore': () => {
      throw new CasebookError(
        'invalid_input',
        'a restore needs the archive closed: the app does it in its engine host; on the command line use `restore <file>`',
      )
    },
  }
  // Each imported file logs itself, in the transaction that stores it (import-file.ts).
  const asyncForms: AsyncForms = {
    'import.file': ({ name, contentBase64, versionOf }) =>
      importer.importFile(name, Buffer.from(contentBase64, 'base64'), { versionOf }),
    'entities.suggest': async ({ articleId }) => {
      if (!suggestionThread) return suggestForArticle(db, articleId, suggestEntities)
      const article = articleToSuggest(db, articleId)
      return offerSuggestions(db, article, await suggestionThread.suggest(article.text, article.language))
    },
  }
  const asyncHandlers: AsyncHandlers = {
    'backups.create': () => backups.create(),
  }

  function info(): ArchiveInfo {
    return {
      path,
      schemaVersion: db.pragma('user_version', { simple: true }) as number,
      articleCount: count(db, 'SELECT count(*) AS n FROM articles WHERE deleted_at IS NULL'),
      highlightCount: count(
        db,
        `SELECT count(*) AS n FROM highlights h JOIN articles a ON a.id = h.article_id
          WHERE h.deleted_at IS NULL AND a.deleted_at IS NULL`,
      ),
      entityCount: count(db, 'SELECT count(*) AS n FROM entities WHERE deleted_at IS NULL'),
    }
  }

  function dispatch(channel: string, input: unknown): Envelope<unknown> {
    if (!isChannel(channel))
      return { ok: false, error: { code: 'invalid_input', message: `unknown operation '${channel}'` } }
    const parsed = contract[channel].input.safeParse(input ?? {})
    if (!parsed.success) {
      return { ok: false, error: { code: 'invalid_input', message: formatZodError(parsed.error) } }
    }
    if (isAsyncChannel(channel)) {
      return {
        ok: false,
        error: { code: 'invalid_input', message: `'${channel}' runs in the background: use dispatchAsync` },
      }
    }
    try {
      const handler = handlers[channel] as (input: unknown) => unknown
      // A change (or an export) and its audit log entry are committed together; see channel-effects.ts.
      if (isAudited(channel)) return { ok: true, value: runAudited(db, channel, parsed.data, handler) }
      return { ok: true, value: handler(parsed.data) }
    } catch (error) {
      return failureEnvelope(error)
    }
  }

  async function dispatchAsync(channel: string, input: unknown): Promise<Envelope<unknown>> {
    if (!isChannel(channel) || !(isAsyncChannel(channel) || channel in asyncForms))
      return dispatch(channel, input)
    const parsed = contract[channel].input.safeParse(input ?? {})
    if (!parsed.success) {
      return { ok: false, error: { code: 'invalid_input', message: formatZodError(parsed.error) } }
    }
    try {
      const run = (isAsyncChannel(channel) ? asyncHandlers[channel] : asyncForms[channel as AsyncForm]) as (
        input: unknown,
      ) => Promise<unknown>
      return { ok: true, value: await run(parsed.data) }
    } catch (error) {
      return failureEnvelope(error)
    }
  }

  return {
    db,
    path,
    search,
    backups,
    importer,
    info,
    dispatch,
    dispatchAsync,
    close: () => {
      // The reading threads end on their own; the archive closes now.
      void importer.close()
      void suggestionThread?.close()
      db.close()
    },
  }
}
