import type { Database } from 'better-sqlite3-multiple-ciphers'
import { CasebookError } from '../../shared/errors'
import type { EntityMention } from '../../shared/model'
import type { QueryMatch } from '../search/run-query'
import { markedSpans } from '../search/snippet'
import { newId, nowIso } from '../ids'
import { getEntity } from './entities'

/** How much text either side of a mention is shown with it. */
const CONTEXT_CHARS = 60

/**
 * A search query for any of an entity's names: a one-word name as a word (so stems and transliteration
 * skeletons find Токаеву and Tokaev), a longer one as a phrase. Query syntax in a name is dropped.
 */
export function mentionQuery(names: readonly string[]): string {
  const parts = names
    // A leading '-' would exclude the word; quotes, '*', '~', ':' and brackets are query syntax.
    .map((name) =>
      name
        .replace(/["*~:()]/g, ' ')
        .replace(/\s+/g, ' ')
        .trim()
        .replace(/^-+/, ''),
    )
    .filter(Boolean)
    .map((name) => (/[\s-]/.test(name) ? `"${name}"` : name))
  return [...new Set(parts)].join(' OR ')
}

/**
 * Passages of the archive that name the entity (by its name or an alias, in any script its index knows,
 * inflected forms included through the stemmers) and are neither linked to it already nor rejected by the
 * user. Each with its article, offsets in the article's current version, and a little context.
 */
export function findMentions(
  db: Database,
  entityId: string,
  search: (query: string) => QueryMatch[],
): EntityMention[] {
  const entity = getEntity(db, entityId)
  const query = mentionQuery([entity.name, ...entity.aliases])
  if (!query) return []
  const linked = db.prepare(
    `SELECT h.start_offset AS start, h.end_offset AS end FROM highlight_entities l
       JOIN highlights h ON h.id = l.highlight_id AND h.deleted_at IS NULL
      WHERE l.entity_id = ? AND l.deleted_at IS NULL AND h.version_id = ?`,
  )
  const rejected = db.prepare(
    `SELECT start_offset AS start, end_offset AS end FROM entity_mention_rejections
      WHERE entity_id = ? AND version_id = ? AND deleted_at IS NULL`,
  )
  const articleOf = db.prepare('SELECT title FROM articles WHERE id = ?')
  const textOf = db.prepare('SELECT text FROM article_versions WHERE id = ?')
  const mentions: EntityMention[] = []
  for (const match of search(query)) {
    const { text } = textOf.get(match.versionId) as { text: string }
    const covered = [
      ...(linked.all(entityId, match.versionId) as Array<{ start: number; end: number }>),
      ...(rejected.all(entityId, match.versionId) as Array<{ start: number; end: number }>),
    ]
    const { title } = articleOf.get(match.articleId) as { title: string }
    for (const span of markedSpans(text, match.terms, match.phrases ?? [])) {
      if (covered.some((c) => span.start < c.end && c.start < span.end)) continue
      mentions.push({
        articleId: match.articleId,
        versionId: match.versionId,
        title,
        start: span.start,
        end: span.end,
        text: text.slice(span.start, span.end),
        before: text.slice(Math.max(0, span.start - CONTEXT_CHARS), span.start),
        after: text.slice(span.end, span.end + CONTEXT_CHARS),
      })
    }
  }
  return mentions
}

/** Remembers that a found mention is not about the entity (another man of that name), so it is not offered again. */
export function rejectMention(
  db: Database,
  entityId: string,
  mention: { articleId: string; versionId: string; start: number; end: number },
): { rejected: true } {
  getEntity(db, entityId)
  const version = db
    .prepare('SELECT length(text) AS length FROM article_versions WHERE id = ? AND article_id = ?')
    .get(mention.versionId, mention.articleId) as { length: number } | undefined
  if (!version) throw new CasebookError('not_found', 'no such version of that article')
  if (mention.end > version.length || mention.start >= mention.end)
    throw new CasebookError('invalid_input', 'the mention lies outside the text of that version')
  const now = nowIso()
  db.prepare(
    `INSERT INTO entity_mention_rejections (id, entity_id, article_id, version_id, start_offset, end_offset,
                                             created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(newId(), entityId, mention.articleId, mention.versionId, mention.start, mention.end, now, now)
  return { rejected: true }
}
