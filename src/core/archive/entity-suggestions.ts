import type { Database } from 'better-sqlite3-multiple-ciphers'
import { CasebookError } from '../../shared/errors'
import type { Entity, EntityRef, EntitySuggestion } from '../../shared/model'
import { newId, nowIso } from '../ids'
import { createEntity, getEntity, linkEntity } from './entities'
import { createHighlight } from './highlights'
import { groupBy } from '../../shared/group-by'

/** What the offline suggester gives for a text: names with their type and every span naming them. */
export interface FoundName {
  name: string
  type: EntitySuggestion['type']
  spans: EntitySuggestion['spans']
}

export type Suggester = (text: string, language: string | null) => FoundName[]

/** A name as rejections and known entities are matched: case and runs of white space do not count. */
export function nameKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLocaleLowerCase()
}

/** The text suggestions are made from: the article's current version, with its language. */
export interface ArticleToSuggest {
  text: string
  language: string | null
  versionId: string
}

export function articleToSuggest(db: Database, articleId: string): ArticleToSuggest {
  const article = db
    .prepare(
      `SELECT a.language, v.id AS version_id, v.text FROM articles a
         JOIN article_versions v ON v.id = a.current_version_id
        WHERE a.id = ? AND a.deleted_at IS NULL`,
    )
    .get(articleId) as { language: string | null; version_id: string; text: string } | undefined
  if (!article) throw new CasebookError('not_found', `no article with id ${articleId}`)
  return { text: article.text, language: article.language, versionId: article.version_id }
}

/**
 * What of the suggester's findings is offered: names the user rejected are left out, a name some live
 * entity has is offered as that entity (its mentions to link), and mentions already linked to it are not
 * offered again. Nothing is written.
 */
export function offerSuggestions(
  db: Database,
  article: ArticleToSuggest,
  found: FoundName[],
): EntitySuggestion[] {
  const rejected = new Set(
    (
      db
        .prepare('SELECT name_key FROM entity_suggestion_rejections WHERE deleted_at IS NULL')
        .all() as Array<{
        name_key: string
      }>
    ).map((r) => r.name_key),
  )
  // Names only: the entity list's passage counts would cost a count per entity for nothing here.
  const known = new Map<string, EntityRef>()
  const entities = db
    .prepare('SELECT id, name, type, aliases FROM entities WHERE deleted_at IS NULL ORDER BY name')
    .all() as Array<EntityRef & { aliases: string }>
  for (const { id, name, type, aliases } of entities)
    for (const alias of [name, ...(JSON.parse(aliases) as string[])])
      known.set(nameKey(alias), { id, name, type })
  // The version's linked passages by entity, read once rather than once per known name.
  const linkedRows = db
    .prepare(
      `SELECT l.entity_id AS entityId, h.start_offset AS start, h.end_offset AS end FROM highlight_entities l
         JOIN highlights h ON h.id = l.highlight_id AND h.deleted_at IS NULL
        WHERE l.deleted_at IS NULL AND h.version_id = ?`,
    )
    .all(article.versionId) as Array<{ entityId: string; start: number; end: number }>
  const linked = groupBy(
    linkedRows,
    (row) => row.entityId,
    ({ start, end }) => ({ start, end }),
  )
  const suggestions: EntitySuggestion[] = []
  for (const name of found) {
    const forms = [name.name, ...name.spans.map((s) => s.text)].map(nameKey)
    if (forms.some((form) => rejected.has(form))) continue
    const existing = forms.map((form) => known.get(form)).find((e) => e !== undefined) ?? null
    const covered = (existing && linked.get(existing.id)) ?? []
    const spans = name.spans.filter((s) => !covered.some((c) => s.start < c.end && c.start < s.end))
    if (spans.length === 0) continue
    suggestions.push({ name: name.name, type: name.type, spans, versionId: article.versionId, existing })
  }
  return suggestions
}

/** Would-be entities of an article's current version, found on the calling thread (see offerSuggestions). */
export function suggestForArticle(db: Database, articleId: string, suggest: Suggester): EntitySuggestion[] {
  const article = articleToSuggest(db, articleId)
  return offerSuggestions(db, article, suggest(article.text, article.language))
}

/** Remembers that a name is not an entity worth keeping ("Monday"): it is not suggested again anywhere. */
export function rejectSuggestion(db: Database, name: string): void {
  const now = nowIso()
  db.prepare(
    `INSERT INTO entity_suggestion_rejections (id, name_key, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (name_key) WHERE deleted_at IS NULL DO NOTHING`,
  ).run(newId(), nameKey(name), name.trim(), now, now)
}

export interface AcceptedSuggestion {
  articleId: string
  versionId: string
  /** The entity to link the mentions to; absent: a new one is made from name and type. */
  entityId?: string
  name: string
  type: EntitySuggestion['type']
  spans: Array<{ start: number; end: number }>
}

/**
 * Accepts a suggestion in one transaction: the entity is made (or the known one taken), and each chosen
 * mention becomes a highlight linked to it, so the entity's page quotes the article at once. A mention the
 * user highlighted already keeps its highlight, which gains the link.
 */
export function acceptSuggestion(
  db: Database,
  accepted: AcceptedSuggestion,
): { entity: Entity; linked: number; highlightIds: string[] } {
  return db.transaction(() => {
    const entity = accepted.entityId
      ? getEntity(db, accepted.entityId)
      : createEntity(db, { type: accepted.type, name: accepted.name, aliases: [], description: '' })
    const existing = db.prepare(
      `SELECT id FROM highlights
        WHERE version_id = ? AND start_offset = ? AND end_offset = ? AND article_id = ? AND deleted_at IS NULL`,
    )
    const highlightIds = new Set<string>()
    for (const span of accepted.spans) {
      const found = existing.get(accepted.versionId, span.start, span.end, accepted.articleId) as
        { id: string } | undefined
      const id =
        found?.id ??
        createHighlight(db, {
          articleId: accepted.articleId,
          versionId: accepted.versionId,
          start: span.start,
          end: span.end,
          note: '',
        }).id
      linkEntity(db, id, entity.id)
      highlightIds.add(id)
    }
    return { entity, linked: highlightIds.size, highlightIds: [...highlightIds] }
  })()
}
