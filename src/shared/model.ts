import type { PageSpan } from './source-pages'

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
  /** The page of the source file the block starts on (PDF), so a citation can name it. */
  page?: number
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
  /** ISO 639-1, detected at import or set by the user; null when unknown. */
  language: string | null
  /** A scanned file with no text layer: its text is only a marker until it is run through OCR. */
  needsOcr: boolean
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
  /** The user's own type, shown instead of 'other' (absent where a reference does not carry it). */
  customType?: string | null
}

/** The colours a highlight can have; each is a label the user gives its own meaning. */
export const HIGHLIGHT_COLORS = ['yellow', 'green', 'blue', 'pink', 'purple', 'orange'] as const
export type HighlightColor = (typeof HIGHLIGHT_COLORS)[number]

/**
 * 'anchored': on words of the article's current version; 'orphan': not found with confidence in the current
 * version, kept with its quote (from the version it was last found in) for review; 'dismissed': an orphan
 * the user decided not to re-attach, kept but no longer asking for review.
 */
export const ANCHOR_STATUSES = ['anchored', 'orphan', 'dismissed'] as const
export type AnchorStatus = (typeof ANCHOR_STATUSES)[number]

/**
 * How a highlight came to stand where it stands: made there ('created'), carried to a new version by the
 * old position, the exact quote or a fuzzy match ('position' | 'exact' | 'fuzzy'), re-attached by the user
 * ('manual'), brought in from a W3C export ('imported'), or not placed at all ('none', an orphan).
 */
export type AnchorMethodName = 'created' | 'position' | 'exact' | 'fuzzy' | 'manual' | 'imported' | 'none'

export interface HighlightAnchor {
  status: AnchorStatus
  method: AnchorMethodName
  /** Confidence of the last placement, 0–1 (1 for created, position and manual). */
  score: number
  /** For an orphan: why it could not be placed; null otherwise. */
  reason: string | null
}

export interface Highlight {
  id: string
  articleId: string
  /** The version the quote and position belong to: the current one unless the highlight is an orphan. */
  versionId: string
  quote: TextQuoteSelector
  position: TextPositionSelector
  note: string
  color: HighlightColor
  anchor: HighlightAnchor
  entities: EntityRef[]
  /** Free-text labels, in the order they were added; no two differ only in case. */
  tags: string[]
  createdAt: string
  updatedAt: string
}

/** A highlight in the list of all highlights: with its article, to show and filter without opening it. */
export interface HighlightListItem extends Highlight {
  articleTitle: string
  siteName: string | null
  publishedAt: string | null
}

export interface HighlightPage {
  total: number
  items: HighlightListItem[]
}

export type VersionOrigin = 'import' | 'edit'

export interface ArticleVersionSummary {
  id: string
  /** 1 for the first version, counting up. */
  number: number
  createdAt: string
  sha256: string
  wordCount: number
  origin: VersionOrigin
  /** The file a version was imported from; null for an edit in the app. */
  importedFrom: string | null
  current: boolean
  /** Highlights placed in this version (for the current version: the anchored ones). */
  highlightCount: number
}

/** What happened to an article's highlights when it got a new version. */
export interface ReanchorSummary {
  versionId: string
  /** Highlights on the new version, by how they were placed. */
  anchored: number
  /** Of those, the ones whose quote changed (placed by a fuzzy match). */
  fuzzy: number
  /** Orphans of earlier versions found again. */
  recovered: number
  /** Highlights that could not be placed and wait for review. */
  orphaned: number
}

/** A part of the difference between two versions: text both share, or only the newer ('added') or older has. */
export interface DiffPart {
  kind: 'same' | 'added' | 'removed'
  text: string
}

export interface VersionDiff {
  from: ArticleVersionSummary
  to: ArticleVersionSummary
  parts: DiffPart[]
  /** Words added and removed, for a one-line summary. */
  added: number
  removed: number
}

/** A tag in use, with the number of live highlights carrying it. */
export interface TagCount {
  tag: string
  count: number
}

export interface ArticleDetail extends ArticleSummary {
  /** The version shown: the current one unless an older one was asked for. */
  versionId: string
  currentVersionId: string
  /** The shown version's number (1 = first) and how many versions the article has. */
  versionNumber: number
  versionCount: number
  text: string
  blocks: Block[]
  /** The highlights placed in the shown version, in reading order. */
  highlights: Highlight[]
  /** Highlights of this article waiting for review (orphans). */
  orphanCount: number
  /** The format's own metadata, by its names (PDF Producer, DOCX lastModifiedBy, e-mail From / To…). */
  properties: Record<string, string>
  /** The original file the shown version was imported from, kept in the archive; null when none is. */
  source: { name: string; mediaType: string; size: number } | null
  /** The e-mail this article was attached to. */
  parent: { id: string; title: string } | null
  /** The articles that came attached to this one (an e-mail's attachments). */
  attachments: Array<{ id: string; title: string }>
}

export interface Entity {
  id: string
  type: EntityType
  /** A type the user named (a vehicle, a law…); only with type 'other', and shown instead of it. */
  customType: string | null
  name: string
  aliases: string[]
  description: string
  /** Events: the date, or the first of a range (YYYY, YYYY-MM or YYYY-MM-DD). */
  dateStart: string | null
  /** Events: the last date of a range; null for a single date. */
  dateEnd: string | null
  /** Places: the place this one is in (Almaty → Kazakhstan). */
  parentId: string | null
  /** Free-form facts (born: 1953, registry number: …), name → value. */
  properties: Record<string, string>
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
  /** In the version quoted: the current one, unless the passage is an orphan (status). */
  start: number
  end: number
  color: HighlightColor
  status: AnchorStatus
  /** SHA-256 of the version the quote is from, for the citation. */
  versionSha256: string
  /** The pages of the source file the passage is on (a PDF's), for the citation; null for other sources. */
  pages: PageSpan | null
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

/** A passage naming an entity that is not linked to it yet (entities.mentions). */
export interface EntityMention {
  articleId: string
  versionId: string
  title: string
  /** Offsets of the name in the version's text. */
  start: number
  end: number
  /** The name as written there (Токаеву, Tokayev’s…). */
  text: string
  /** Some text either side, to judge it by. */
  before: string
  after: string
}

/** Two entities that may be one (entities.duplicates), and why they were suggested. */
export interface DuplicateCandidate {
  /** The entity asked about, or the first of the pair. */
  entity: EntitySummary
  other: EntitySummary
  /** 1: the same name in another script or spelling; 0.8: spelt alike; 0.6: one name inside the other. */
  score: number
  reason: string
}

/** What a merge did (entities.merge): kept, so that it can be undone (entities.unmerge). */
export interface EntityMerge {
  id: string
  /** The entity that stays, now with the merged one's name among its aliases. */
  keptId: string
  /** The entity merged away (tombstoned; restored by an undo). */
  mergedId: string
  /** Passages whose link moved to the kept entity. */
  moved: number
  /** Passages linked to both: the merged entity's link was dropped. */
  dropped: number
  /** Names added to the kept entity's aliases. */
  addedAliases: string[]
}

/** An entity that appears with another (entity page): in how many of its articles, and its passages. */
export interface CoOccurrence {
  id: string
  name: string
  type: EntityType
  customType: string | null
  /** Articles where both have linked passages. */
  articles: number
  /** Passages linked to both. */
  passages: number
}

/** The relation types offered by name; the user may write any other. Keys are stored, labels shown. */
export const RELATION_TYPES = {
  member_of: 'member of',
  leads: 'leads',
  works_for: 'works for',
  located_in: 'located in',
  part_of: 'part of',
  took_part_in: 'took part in',
  detained_by: 'detained by',
  related_to: 'related to',
} as const
export type RelationTypeKey = keyof typeof RELATION_TYPES

/** Own keys only: "toString" or "constructor" are the user's words, not Object.prototype's. */
export function isRelationTypeKey(type: string): type is RelationTypeKey {
  return Object.hasOwn(RELATION_TYPES, type)
}

/** A passage that backs a relation, with what a citation needs. */
export interface RelationEvidence {
  highlightId: string
  exact: string
  articleId: string
  title: string
  publishedAt: string | null
  siteName: string | null
  sourceUrl: string | null
  status: AnchorStatus
}

/**
 * A would-be entity found in an article's text by the offline suggester (entities.suggest): accepted (the
 * entity made, its mentions in the article highlighted and linked) or rejected, never added unasked.
 */
export interface EntitySuggestion {
  /** The name to give it: the fullest form, nominative for Russian. */
  name: string
  type: 'person' | 'organisation' | 'place'
  /** Where the article names it (inflected forms, a bare surname…), in the version `versionId`. */
  spans: Array<{ start: number; end: number; text: string }>
  versionId: string
  /** A live entity of that name or alias: accepting links the mentions to it instead of making another. */
  existing: EntityRef | null
}

/** A typed, directed relation between two entities: subject —type→ object (Reimer —member of→ the League). */
export interface Relation {
  id: string
  /** A key of RELATION_TYPES, or the user's own words. */
  type: string
  /** How it reads: the built-in label, or the user's words. */
  label: string
  subject: EntityRef
  object: EntityRef
  note: string
  evidence: RelationEvidence[]
  createdAt: string
}

/** A dated item of an entity's timeline: a linked passage (by its article's date) or a dated event. */
export interface TimelineEntry {
  date: string
  /** The end of an event's date range. */
  endDate: string | null
  kind: 'passage' | 'event'
  /** A passage's quote, or an event's name. */
  text: string
  articleId: string | null
  articleTitle: string | null
  highlightId: string | null
  /** The event entity (itself, or one related to or appearing with it). */
  entityId: string | null
}

export interface EntityPage {
  entity: Entity
  passageCount: number
  /** Articles with at least one linked passage. */
  articleCount: number
  articles: EntityArticleGroup[]
  /** Entities linked in the same articles, most shared first. */
  coOccurring: CoOccurrence[]
  /** Relations where the entity is subject or object. */
  relations: Relation[]
  /** Places: the place it is in, and the places in it. */
  parent: EntityRef | null
  children: EntityRef[]
  /** Its dated passages and dated events, oldest first. */
  timeline: TimelineEntry[]
}

/** 'skipped': a file inside a chosen folder that is not of a type Casebook imports. */
/** 'updated': the file is a new version of an article already here (same source URL, or chosen). */
export type ImportStatus = 'imported' | 'updated' | 'duplicate' | 'failed' | 'skipped'

export interface ImportResult {
  /** The file as the user named it (a path or a relative name). */
  file: string
  status: ImportStatus
  articleId?: string
  title?: string
  /** For 'failed': the reason; for 'duplicate': which article already holds this text. */
  message?: string
  /** For 'updated': what became of the article's highlights. */
  reanchor?: ReanchorSummary
  /**
   * The file's other articles (an mbox's further messages, an e-mail's attachments), each with its own
   * result; `file` names the part ("inbox.mbox › 3", "mail.eml › report.pdf").
   */
  parts?: ImportResult[]
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

/** What a W3C Web Annotation import did with each annotation of the file. */
export interface AnnotationImportResult {
  /** Highlights created. */
  imported: number
  skipped: Array<{ id: string; reason: string }>
  failed: Array<{ id: string; reason: string }>
  /** Imported highlights that were then not found in their article's current version (orphans to review). */
  orphaned: string[]
}

/** A file made by an export, for the UI to offer as a download or the CLI to write. */
export interface ExportedFile {
  fileName: string
  mimeType: string
  content: string
  /** Highlights (annotations, rows, passages) in it. */
  count: number
}

/** An entity in the graph of the archive (entities.graph), sized by its passages. */
export interface EntityGraphNode {
  id: string
  name: string
  type: EntityType
  /** A type of the user's own (with type 'other'), shown instead of it. */
  customType: string | null
  /** Live passages linked to it. */
  passages: number
  /** Articles those passages are in. */
  articles: number
  /** Its edges in this graph, once filtered and capped. */
  degree: number
}

/** Two entities with passages linked in the same articles; undirected, `source` < `target` by id. */
export interface EntityGraphCoOccurrence {
  kind: 'co-occurrence'
  source: string
  target: string
  /** Articles where both have linked passages: the edge's strength. */
  articles: number
  /** Passages linked to both. */
  passages: number
}

/** A recorded relation, directed: subject (`source`) —label→ object (`target`). */
export interface EntityGraphRelation {
  kind: 'relation'
  id: string
  source: string
  target: string
  type: string
  label: string
}

export type EntityGraphEdge = EntityGraphCoOccurrence | EntityGraphRelation

/** How many entities (linked ones, unless all were asked for) have a type: a filter's choice and its count. */
export interface EntityGraphTypeCount {
  type: EntityType
  customType: string | null
  count: number
}

/** The archive's entities as a network (entities.graph): most connected first, after the filters and the cap. */
export interface EntityGraph {
  nodes: EntityGraphNode[]
  edges: EntityGraphEdge[]
  /** Entities that passed the filters; more than `nodes.length` when the cap left some out. */
  matchingNodes: number
  /** The cap asked for. */
  limit: number
  /** The weakest co-occurrences left out so that a dense graph stays drawable. */
  edgesLeftOut: number
  /** Every type among the entities, whatever the type filter, for its choices. */
  types: EntityGraphTypeCount[]
}
