/**
 * The data model shared by every layer. Plain types only: the engine produces these,
 * the contract carries them, the renderer shows them.
 */

export const ENTITY_TYPES = ['person', 'organisation', 'place', 'event', 'other'] as const
export type EntityType = (typeof ENTITY_TYPES)[number]

export const BLOCK_KINDS = ['heading', 'paragraph', 'quote', 'list-item', 'preformatted'] as const
export type BlockKind = (typeof BLOCK_KINDS)[number]

/** A block of the reader: a [start, end) range of the canonical text, so DOM offsets map back exactly. */
export interface Block {
  kind: BlockKind
  /** Heading level 1–6; absent for other kinds. */
  level?: number
  start: number
  end: number
}

export interface ArticleMetadata {
  title: string
  byline: string | null
  siteName: string | null
  sourceUrl: string | null
  /** ISO 8601 date or date-time, as the source gave it. */
  publishedAt: string | null
}

export interface ArticleSummary extends ArticleMetadata {
  id: string
  /** SHA-256 (hex) of the current version's canonical text. */
  sha256: string
  importedFrom: string | null
  createdAt: string
  highlightCount: number
  wordCount: number
}

export interface TextQuoteSelector {
  type: 'TextQuoteSelector'
  exact: string
  prefix: string
  suffix: string
}

export interface TextPositionSelector {
  type: 'TextPositionSelector'
  start: number
  end: number
}

export interface EntityRef {
  id: string
  name: string
  type: EntityType
}

export interface Highlight {
  id: string
  articleId: string
  versionId: string
  quote: TextQuoteSelector
  position: TextPositionSelector
  note: string
  entities: EntityRef[]
  /** Free-text labels, in the order they were added; no two differ only in case. */
  tags: string[]
  createdAt: string
  updatedAt: string
}

/** A tag in use, with the number of live highlights carrying it. */
export interface TagCount {
  tag: string
  count: number
}

export interface ArticleDetail extends ArticleSummary {
  versionId: string
  text: string
  blocks: Block[]
  highlights: Highlight[]
}

export interface Entity {
  id: string
  type: EntityType
  name: string
  aliases: string[]
  description: string
  createdAt: string
  updatedAt: string
}

export interface EntitySummary extends Entity {
  passageCount: number
}

export interface EntityPassage {
  highlightId: string
  exact: string
  note: string
  tags: string[]
  start: number
  end: number
}

export interface EntityArticleGroup {
  articleId: string
  title: string
  publishedAt: string | null
  siteName: string | null
  sourceUrl: string | null
  /** The file the article was imported from: the citation's source when the page named none. */
  importedFrom: string | null
  passages: EntityPassage[]
}

export interface EntityPage {
  entity: Entity
  passageCount: number
  articles: EntityArticleGroup[]
}

/** 'skipped': a file inside a chosen folder that is not of a type Casebook imports. */
export type ImportStatus = 'imported' | 'duplicate' | 'failed' | 'skipped'

export interface ImportResult {
  /** The file as the user named it (a path or a relative name). */
  file: string
  status: ImportStatus
  articleId?: string
  title?: string
  /** For 'failed': the reason; for 'duplicate': which article already holds this text. */
  message?: string
}

export interface SearchHit {
  articleId: string
  title: string
  siteName: string | null
  publishedAt: string | null
  score: number
  /** Plain text of the snippet; `marks` are [start, end) ranges in it of matched words. */
  snippet: string
  marks: Array<[number, number]>
  /** Offset in the canonical text of the first match, so the reader can open there. */
  firstMatch: number | null
}

export interface SearchResults {
  query: string
  total: number
  hits: SearchHit[]
  /** Articles not searchable yet (the index is being built in the background); 0 when it is complete. */
  unindexed: number
}

/** A short text with the words a search matched: `marks` are [start, end) ranges of `snippet`. */
export interface MarkedSnippet {
  snippet: string
  marks: Array<[number, number]>
}

/** An entity found by a search: its name, or one of its aliases, matches the query. */
export interface EntityMatch {
  kind: 'entity'
  id: string
  type: EntityType
  name: string
  aliases: string[]
  /** The alias that matched when the name itself did not; null for a match on the name. */
  matchedAlias: string | null
  /** The matched words, as ranges of `matchedAlias` when there is one, else of `name`. */
  marks: Array<[number, number]>
  passageCount: number
}

/**
 * A highlight found by a search: its quoted passage, its note, or the two together match the query; or,
 * for a query of `tag:` clauses alone, its tags ('tag').
 */
export interface HighlightMatch {
  kind: 'highlight'
  id: string
  articleId: string
  articleTitle: string
  siteName: string | null
  publishedAt: string | null
  /** The passage's [start, end) in its article's text, so the reader can open there. */
  start: number
  end: number
  /** Where the query's words were found. */
  matchedIn: 'quote' | 'note' | 'both' | 'tag'
  /** The quoted passage (around its first match when it is long), matched words marked. */
  quote: MarkedSnippet
  /** The note likewise; null when the highlight has none. */
  note: MarkedSnippet | null
  tags: string[]
  createdAt: string
}

export interface RelatedSection<T> {
  /** Every match, of which `items` is the requested page. */
  total: number
  items: T[]
}

/**
 * What a search finds besides articles, each kind in its own labelled section: entities by name or alias,
 * highlights by quote or note. A query about articles only (title:, author:, source:) finds none;
 * `entity:` finds entities only; `tag:` finds the highlights carrying the tag (and no entities).
 */
export interface RelatedResults {
  query: string
  entities: RelatedSection<EntityMatch>
  highlights: RelatedSection<HighlightMatch>
}

export interface ArchiveInfo {
  path: string
  schemaVersion: number
  articleCount: number
  highlightCount: number
  entityCount: number
}
