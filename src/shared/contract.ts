import { z } from 'zod'
import { isBase64Text } from './base64-text'
import { PARTIAL_DATE, PARTIAL_DATE_FORMAT } from './partial-date'
import {
  ANCHOR_STATUSES,
  ENTITY_TYPES,
  HIGHLIGHT_COLORS,
  type ArchiveInfo,
  type ArticleDetail,
  type ArticleSummary,
  type AnnotationImportResult,
  type ArticleVersionSummary,
  type ExportedFile,
  type HighlightPage,
  type ReanchorSummary,
  type VersionDiff,
  type Entity,
  type DuplicateCandidate,
  type EntityMention,
  type EntityMerge,
  type EntityPage,
  type EntityGraph,
  type EntitySummary,
  type EntitySuggestion,
  type Relation,
  type Highlight,
  type ImportResult,
  type RelatedResults,
  type SearchResults,
  type TagCount,
} from './model'
import type { AuditPage } from './audit-types'
import type { PassphraseChangeResult } from './passphrase-change'
import { IDLE_LOCK_CHOICES, type LockState } from './lock-state'
import type { IntegrityReport } from './integrity-types'
import { MAX_TAG_LENGTH, MAX_TAGS_PER_HIGHLIGHT, normaliseTag, uniqueTags } from './tags'
import {
  MAX_BACKUP_INTERVAL_HOURS,
  MAX_BACKUPS_KEPT,
  type BackupInfo,
  type BackupSettings,
  type BackupStatus,
  type RestoreResult,
} from './backups'

/**
 * The single map of every operation the UI can ask of the archive engine.
 * Electron's IPC handlers, the browser shell's routes, the renderer's client and the engine's
 * handler table are all derived from this object: adding an operation is one entry here.
 */

const id = z.uuid()
const entityType = z.enum(ENTITY_TYPES)
const trimmed = (max: number) => z.string().trim().max(max)

/** Ties an input schema to its output type; the output exists only at the type level. */
function operation<O>() {
  return <I extends z.ZodType>(input: I): { input: I; output: O } => ({
    input,
    output: undefined as unknown as O,
  })
}

export const ARTICLE_SORT_KEYS = ['title', 'publishedAt', 'createdAt', 'siteName', 'highlightCount'] as const
export type ArticleSortKey = (typeof ARTICLE_SORT_KEYS)[number]

/** Largest file the UI may send in one call; the browser shell's body limit follows from it. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024

/** A highlight tag: free text, stored trimmed with its white space runs made single spaces (see tags.ts). */
const tag = z
  .string()
  .max(1000, `a tag is at most ${MAX_TAG_LENGTH} characters`)
  .transform(normaliseTag)
  .pipe(
    z
      .string()
      .min(1, 'a tag cannot be empty')
      .max(MAX_TAG_LENGTH, `a tag is at most ${MAX_TAG_LENGTH} characters`),
  )

/** A highlight's tags: repeats that differ only in case are dropped, keeping the first spelling. */
const tagList = z
  .array(tag)
  .max(MAX_TAGS_PER_HIGHLIGHT * 4, `a highlight has at most ${MAX_TAGS_PER_HIGHLIGHT} tags`)
  .transform(uniqueTags)
  .pipe(
    z.array(z.string()).max(MAX_TAGS_PER_HIGHLIGHT, `a highlight has at most ${MAX_TAGS_PER_HIGHLIGHT} tags`),
  )

const isoDate = z.string().regex(PARTIAL_DATE, PARTIAL_DATE_FORMAT)

/** Narrowing a search (or, with an empty query, browsing): every filter given must hold. */
export const searchFilters = z.object({
  /** Published on or after this date (YYYY, YYYY-MM or YYYY-MM-DD). */
  from: isoDate.optional(),
  /** Published on or before this date, the whole day/month/year included. */
  to: isoDate.optional(),
  /** The article's site name, exactly. */
  source: z.string().trim().min(1).max(300).optional(),
  /** Articles with a passage linked to this entity. */
  entityId: id.optional(),
  /** Articles with a highlight carrying this tag (any case). */
  tag: tag.optional(),
  /** Only articles with at least one highlight. */
  hasHighlights: z.boolean().optional(),
})
export type SearchFilters = z.infer<typeof searchFilters>

/** Narrowing the list of all highlights: every filter given must hold. */
export const highlightFilters = z.object({
  articleId: id.optional(),
  entityId: id.optional(),
  tag: tag.optional(),
  color: z.enum(HIGHLIGHT_COLORS).optional(),
  status: z.enum(ANCHOR_STATUSES).optional(),
  /** Dates bound the article's publication date ('published') or the highlight's making ('created'). */
  dateOf: z.enum(['published', 'created']).default('published'),
  from: isoDate.optional(),
  to: isoDate.optional(),
})
export type HighlightFilters = z.infer<typeof highlightFilters>

const entityFields = {
  type: entityType,
  name: trimmed(300).min(1, 'an entity needs a name'),
  aliases: z.array(trimmed(300).min(1)).max(100).default([]),
  description: trimmed(5000).default(''),
  // Absent: an update keeps what is there (a new entity has none); null clears it.
  /** A type of the user's own (a vehicle, a law…), with type 'other'. */
  customType: trimmed(60).min(1, 'a type of your own needs a name').nullable().optional(),
  /** Events: the date, or the first of a range. */
  dateStart: isoDate.nullable().optional(),
  dateEnd: isoDate.nullable().optional(),
  /** Places: the place this one is in. */
  parentId: id.nullable().optional(),
  /** Free-form facts, name → value. */
  properties: z
    .record(trimmed(100).min(1, 'a property needs a name'), trimmed(2000))
    .refine((p) => Object.keys(p).length <= 100, 'an entity has at most 100 properties')
    .optional(),
}

const relationType = trimmed(100).min(1, 'a relation needs a type (member of, leads…)')

export const contract = {
  'archive.info': operation<ArchiveInfo>()(z.object({})),
  /**
   * Locking (issue 6). The app's engine host answers the first three itself (src/core/host/archive-host.ts):
   * while locked no engine runs, so every other operation is refused with the code 'locked'. A bare engine
   * (CLI, tests) is always open.
   */
  'archive.lockState': operation<LockState>()(z.object({})),
  /**
   * Opens the archive with its passphrase; a wrong one is refused with the code 'locked'. `remember` keeps the
   * passphrase in the OS keychain, or forgets it there when false (desktop app only; see KeychainState).
   */
  'archive.unlock': operation<LockState>()(
    z.object({ passphrase: z.string().min(1).max(4096), remember: z.boolean().optional() }),
  ),
  /** Closes the engine and drops the key from memory. */
  'archive.lock': operation<LockState>()(z.object({})),
  /**
   * Sets (no `current`), changes (both) or removes (no `next`) the open archive's passphrase. The engine
   * closes, the archive and its backups are converted (each copy checked before it replaces the file) and it
   * opens again. A wrong `current` is refused with the code 'locked' and changes nothing.
   */
  'archive.passphrase.set': operation<PassphraseChangeResult>()(
    z
      .object({
        current: z.string().min(1).max(4096).optional(),
        next: z.string().min(1).max(4096).optional(),
      })
      .refine((i) => i.current !== undefined || i.next !== undefined, {
        message: 'give the new passphrase, the current one, or both',
      }),
  ),
  /** Forgets the passphrase the OS keychain holds for this archive. */
  'archive.keychain.forget': operation<LockState>()(z.object({})),
  /**
   * While the archive is refused or locked: replaces it with one of its listed backups (checked first; the
   * archive as it was is kept as a backup) and opens the result. An encrypted archive's passphrase is needed,
   * since its backups carry the same key. An open archive restores through 'backups.restore' instead.
   */
  'archive.recover': operation<LockState>()(
    z.object({ file: z.string().min(1).max(4096), passphrase: z.string().min(1).max(4096).optional() }),
  ),
  /** Minutes without use before the host locks the archive, or null for never; kept in the archive. */
  'archive.idleLock.set': operation<LockState>()(
    z.object({
      minutes: z.literal(IDLE_LOCK_CHOICES).nullable(),
    }),
  ),
  /**
   * Checks the archive: SQLite's quick_check (integrity_check when `full`), foreign keys, every stored text
   * against its SHA-256, the audit log's chain and the search index's segments.
   */
  'archive.check': operation<IntegrityReport>()(z.object({ full: z.boolean().default(false) })),
  /** The audit log, newest first, a page at a time; with `subject`, the entries about one record. */
  'audit.list': operation<AuditPage>()(
    z.object({
      limit: z.number().int().min(1).max(500).default(100),
      offset: z.number().int().min(0).default(0),
      subject: z.string().trim().min(1).max(200).optional(),
    }),
  ),

  'articles.list': operation<ArticleSummary[]>()(
    z.object({
      sort: z.enum(ARTICLE_SORT_KEYS).default('createdAt'),
      direction: z.enum(['asc', 'desc']).default('desc'),
    }),
  ),
  /** An article with the highlights placed in it: its current version, or an older one asked for. */
  'articles.get': operation<ArticleDetail>()(z.object({ id, versionId: id.optional() })),
  'articles.versions': operation<ArticleVersionSummary[]>()(z.object({ id })),
  /** How two versions of an article differ, word by word. */
  'articles.diff': operation<VersionDiff>()(z.object({ id, fromVersionId: id, toVersionId: id })),
  /**
   * A correction of the article's text made in the app: a new version, its highlights re-anchored.
   * `baseVersionId` is the version edited; if the article has a newer one, the edit is refused.
   */
  'articles.edit': operation<ReanchorSummary>()(
    z.object({
      id,
      baseVersionId: id,
      text: z
        .string()
        .min(1, 'the text cannot be empty')
        .max(MAX_IMPORT_BYTES, 'the text is larger than 50 MB'),
    }),
  ),
  'articles.delete': operation<{ id: string }>()(z.object({ id })),
  /**
   * Corrects an article's metadata (issue 7: "editable in the app"); a field left out is kept, null clears
   * it. The language is an ISO 639-1 code.
   */
  'articles.metadata.set': operation<ArticleSummary>()(
    z
      .object({
        id,
        title: trimmed(1000).min(1, 'an article needs a title').optional(),
        byline: trimmed(1000).nullable().optional(),
        siteName: trimmed(1000).nullable().optional(),
        sourceUrl: trimmed(4000).nullable().optional(),
        publishedAt: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/, 'a date as YYYY-MM-DD')
          .nullable()
          .optional(),
        language: z
          .string()
          .regex(/^[a-z]{2}$/, 'a two-letter language code such as en or ru')
          .nullable()
          .optional(),
      })
      .strict(),
  ),
  /** The original file a version was imported from, byte for byte (the current version's unless named). */
  'articles.source': operation<{ name: string; mediaType: string; sha256: string; contentBase64: string }>()(
    z.object({ id, versionId: id.optional() }),
  ),

  /** One file's bytes from the renderer (a file chooser or a drop); the engine detects the format. */
  'import.file': operation<ImportResult>()(
    z.object({
      name: z.string().min(1).max(1024),
      contentBase64: z
        .string()
        .max(Math.ceil(MAX_IMPORT_BYTES / 3) * 4, 'the file is larger than 50 MB')
        .refine(isBase64Text, 'the file content is not base64'),
      /**
       * Import the file as a new version of this article. Without it, a file whose source URL is an
       * article's here becomes that article's new version when the texts are alike.
       */
      versionOf: id.optional(),
    }),
  ),

  'search.query': operation<SearchResults>()(
    z.object({
      query: z.string().max(1000),
      limit: z.number().int().min(1).max(200).default(20),
      offset: z.number().int().min(0).default(0),
      filters: searchFilters.default({}),
    }),
  ),
  /**
   * Entities (name or alias) and highlights (quote or note) matching a query in the query language of
   * 'search.query', ranked; `limit` and `offset` page each section alike. The filters narrow highlights to
   * the articles they leave; entities are not filtered.
   */
  'search.related': operation<RelatedResults>()(
    z.object({
      query: z.string().max(1000),
      limit: z.number().int().min(1).max(200).default(20),
      offset: z.number().int().min(0).default(0),
      filters: searchFilters.default({}),
    }),
  ),
  /** Where a query matches in one article's current text, for the reader to step through the matches. */
  'search.matches': operation<Array<[number, number]>>()(
    z.object({ articleId: id, query: z.string().max(1000) }),
  ),
  /** The sources (site names) in the archive with their article counts, for the search filter. */
  'articles.sources': operation<Array<{ source: string; count: number }>>()(z.object({})),

  'highlights.create': operation<Highlight>()(
    z.object({
      articleId: id,
      versionId: id,
      start: z.number().int().min(0),
      end: z.number().int().min(1),
      note: trimmed(20000).default(''),
      /** Entities to link in the same transaction, so a passage is never left half-linked. */
      entityIds: z.array(id).max(50).default([]),
      tags: tagList.default([]),
      color: z.enum(HIGHLIGHT_COLORS).default('yellow'),
    }),
  ),
  /** Changes a highlight's note, its tags (the given list replaces them all), its colour, or several. */
  'highlights.update': operation<Highlight>()(
    z
      .object({
        id,
        note: trimmed(20000).optional(),
        tags: tagList.optional(),
        color: z.enum(HIGHLIGHT_COLORS).optional(),
      })
      .refine((input) => input.note !== undefined || input.tags !== undefined || input.color !== undefined, {
        message: 'give a note, tags or a colour to change',
      }),
  ),
  /** Every highlight of the archive passing the filters, newest first (or by article date), a page at a time. */
  'highlights.list': operation<HighlightPage>()(
    z.object({
      filters: highlightFilters.default({ dateOf: 'published' }),
      sort: z.enum(['created', 'published']).default('created'),
      limit: z.number().int().min(1).max(500).default(100),
      offset: z.number().int().min(0).default(0),
    }),
  ),
  /** Places a highlight (an orphan, usually) on words selected in its article's current version. */
  'highlights.reattach': operation<Highlight>()(
    z.object({ id, versionId: id, start: z.number().int().min(0), end: z.number().int().min(1) }),
  ),
  /** Takes an orphan out of the review queue, keeping it with its quote and note. */
  'highlights.dismiss': operation<Highlight>()(z.object({ id })),
  'highlights.delete': operation<{ id: string }>()(z.object({ id })),
  /** Every tag on a live highlight, with how many live highlights carry it: busiest first. */
  'tags.list': operation<TagCount[]>()(z.object({})),

  'entities.list': operation<EntitySummary[]>()(
    z.object({ query: trimmed(300).default(''), type: entityType.optional() }),
  ),
  'entities.create': operation<Entity>()(z.object(entityFields)),
  'entities.update': operation<Entity>()(z.object({ id, ...entityFields })),
  'entities.delete': operation<{ id: string }>()(z.object({ id })),
  'entities.page': operation<EntityPage>()(z.object({ id })),
  /**
   * Merges entity `id` into `intoId`: its passages move to `intoId`, its names become aliases there, and it
   * is tombstoned. Refused for a pair marked as not the same. Undone by 'entities.unmerge'.
   */
  'entities.merge': operation<EntityMerge>()(z.object({ id, intoId: id })),
  /**
   * Entities that may be the same (by names and aliases, across scripts), with the reason; of one entity
   * when `id` is given. Pairs marked as not the same are left out.
   */
  'entities.duplicates': operation<DuplicateCandidate[]>()(z.object({ id: id.optional() })),
  /**
   * Passages naming the entity (its name or an alias, in any script, inflected forms included) that are not
   * linked to it nor rejected: to accept (create the highlight with the link) or reject each.
   */
  'entities.mentions': operation<EntityMention[]>()(z.object({ id })),
  /** Remembers a found mention as not about the entity: it is not offered again. */
  'entities.mentions.reject': operation<{ rejected: true }>()(
    z.object({
      id,
      articleId: id,
      versionId: id,
      start: z.number().int().min(0),
      end: z.number().int().min(1),
    }),
  ),
  /**
   * Moves the links of the chosen passages off entity `id` onto a new entity (two people taken for one).
   * Merging the new entity back undoes it.
   */
  'entities.split': operation<Entity>()(
    z.object({ id, highlightIds: z.array(id).min(1).max(10_000), entity: z.object(entityFields) }),
  ),
  /**
   * Would-be people, organisations and places named in an article, found offline; known names are offered
   * as their entity, rejected names left out. Nothing is written until one is accepted.
   */
  'entities.suggest': operation<EntitySuggestion[]>()(z.object({ articleId: id })),
  /** Accepts a suggestion: the entity made (or `entityId` taken) and the chosen mentions highlighted and linked. */
  'entities.suggest.accept': operation<{ entity: Entity; linked: number; highlightIds: string[] }>()(
    z.object({
      articleId: id,
      versionId: id,
      entityId: id.optional(),
      name: trimmed(300).min(1, 'an entity needs a name'),
      type: z.enum(['person', 'organisation', 'place']),
      spans: z
        .array(z.object({ start: z.number().int().min(0), end: z.number().int().min(1) }))
        .max(10_000)
        .default([]),
    }),
  ),
  /** Remembers a suggested name as not an entity: not suggested again, in any article. */
  'entities.suggest.reject': operation<{ rejected: true }>()(
    z.object({ name: trimmed(300).min(1, 'give the name to reject') }),
  ),
  /**
   * Undoes the last split that made entity `id`: its passages go back, and it is deleted unless something
   * else is on it now. Returns the entity they went back to.
   */
  'entities.unsplit': operation<Entity>()(z.object({ id })),
  /** The types of their own users gave entities, most used first. */
  'entities.types': operation<string[]>()(z.object({})),
  /** Relations of an entity (either end), or all of the archive's. */
  'relations.list': operation<Relation[]>()(z.object({ entityId: id.optional() })),
  /** Records subject —type→ object; `type` is a key of RELATION_TYPES or the user's own words. */
  'relations.create': operation<Relation>()(
    z.object({
      subjectId: id,
      objectId: id,
      type: relationType,
      note: trimmed(5000).default(''),
      evidenceIds: z.array(id).max(1000).default([]),
    }),
  ),
  /** Changes what is given; `evidenceIds` replaces the evidence. */
  'relations.update': operation<Relation>()(
    z.object({
      id,
      subjectId: id.optional(),
      objectId: id.optional(),
      type: relationType.optional(),
      note: trimmed(5000).optional(),
      evidenceIds: z.array(id).max(1000).optional(),
    }),
  ),
  'relations.delete': operation<{ id: string }>()(z.object({ id })),
  /** Undoes a merge: the merged entity comes back with its passages and names. */
  'entities.unmerge': operation<Entity>()(z.object({ mergeId: id })),
  /** Marks two entities as not the same (never suggested for merging, a merge refused), or takes it back. */
  'entities.distinct': operation<{ distinct: boolean }>()(
    z.object({ id, otherId: id, distinct: z.boolean() }),
  ),
  /**
   * The archive's entities as a network: co-occurrences (articles shared, at least `minStrength`) and
   * recorded relations (always shown while included: the user stated them). `types`/`customTypes`, when
   * either is given, keep only those types ('other' alone is the plain one). `nodes`: 'linked' keeps entities
   * with a passage or a relation, 'connected' those with an edge here. The `limit` most connected are kept.
   */
  'entities.graph': operation<EntityGraph>()(
    z.object({
      types: z.array(entityType).max(ENTITY_TYPES.length).optional(),
      customTypes: z.array(trimmed(60).min(1)).max(1000).optional(),
      minStrength: z.number().int().min(1).max(1_000_000).default(1),
      includeCoOccurrence: z.boolean().default(true),
      includeRelations: z.boolean().default(true),
      nodes: z.enum(['all', 'linked', 'connected']).default('linked'),
      limit: z.number().int().min(1).max(5000).default(500),
    }),
  ),

  /**
   * The highlights as W3C Web Annotation JSON-LD (an AnnotationCollection) or as a CSV of passages: all of
   * them, or those passing the filters of 'highlights.list'. Dismissed orphans only when asked for.
   */
  'export.annotations': operation<ExportedFile>()(
    z.object({
      format: z.enum(['w3c', 'csv']).default('w3c'),
      filters: highlightFilters.optional(),
      includeDismissed: z.boolean().default(false),
    }),
  ),
  /**
   * An evidence report (every quote with its citation) about an entity, a tag, chosen highlights, or the
   * highlights the filters of 'highlights.list' leave (all that are given must hold).
   */
  'export.report': operation<ExportedFile>()(
    z
      .object({
        entityId: id.optional(),
        tag: tag.optional(),
        highlightIds: z.array(id).min(1).max(10_000).optional(),
        filters: highlightFilters.optional(),
        format: z.enum(['md', 'html']).default('html'),
      })
      .refine((i) => i.entityId || i.tag || i.highlightIds || i.filters, {
        message: 'a report is about an entity, a tag, a list of highlights or the filtered highlights',
      }),
  ),
  /**
   * Every entity and relation with the passages that back them: one CSV (a `record` column tells entity,
   * relation and passage rows apart) or FollowTheMoney entities, one JSON a line. `count`: entities in it.
   */
  'export.entities': operation<ExportedFile>()(z.object({ format: z.enum(['csv', 'ftm']) })),
  /** W3C Web Annotations (as exported by Casebook or another tool) placed on the articles they quote. */
  'import.annotations': operation<AnnotationImportResult>()(
    z.object({
      name: z.string().min(1).max(1024),
      content: z.string().max(MAX_IMPORT_BYTES, 'the file is larger than 50 MB'),
    }),
  ),

  'links.create': operation<Highlight>()(z.object({ highlightId: id, entityId: id })),
  'links.delete': operation<Highlight>()(z.object({ highlightId: id, entityId: id })),

  /** The archive's backups, newest first (issue 6, "Backups"). */
  'backups.list': operation<BackupInfo[]>()(z.object({})),
  /** Writes a backup now through SQLite's online backup API, checks it, and rotates the old ones out. */
  'backups.create': operation<BackupInfo>()(z.object({})),
  /** Whether a backup is being written and how far it is (polled for a progress bar while one runs). */
  'backups.status': operation<BackupStatus>()(z.object({})),
  'backups.settings.get': operation<BackupSettings>()(z.object({})),
  'backups.settings.set': operation<BackupSettings>()(
    z
      .object({
        keep: z.number().int().min(1).max(MAX_BACKUPS_KEPT).optional(),
        everyHours: z.number().min(0).max(MAX_BACKUP_INTERVAL_HOURS).optional(),
      })
      .refine((i) => i.keep !== undefined || i.everyHours !== undefined, {
        message: 'give keep or everyHours to change',
      }),
  ),
  /**
   * Replaces the archive with one of its backups (checked first; the archive as it was is saved as a backup).
   * Only the engine's host can do it, since the archive must be closed: the worker closes its engine, restores
   * and reopens. A bare engine (CLI, tests) refuses it; the CLI has its own `restore` command.
   */
  'backups.restore': operation<RestoreResult>()(z.object({ file: z.string().min(1).max(4096) })),
} as const

export type Contract = typeof contract
export type Channel = keyof Contract
/** What a caller may send (fields with defaults may be left out). */
export type InputOf<C extends Channel> = z.input<Contract[C]['input']>
/** What a handler receives, after parsing and defaults. */
export type ParsedInputOf<C extends Channel> = z.output<Contract[C]['input']>
export type OutputOf<C extends Channel> = Contract[C]['output']

/** Electron's one IPC channel: every operation travels through it as (contract channel, input). */
export const IPC_INVOKE_CHANNEL = 'casebook:invoke'

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(contract, value)
}
