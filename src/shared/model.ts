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
  createdAt: string
  updatedAt: string
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

export interface ArchiveInfo {
  path: string
  schemaVersion: number
  articleCount: number
  highlightCount: number
  entityCount: number
}
