import type { Database } from 'better-sqlite3-multiple-ciphers'
import { CasebookError } from '../../shared/errors'
import type { EntityMention } from '../../shared/model'
import type { QueryMatch } from '../search/run-query'
import { namePattern, namesQuery, nameAt, type NamePattern } from '../search/name-forms'
import { markedSpans } from '../search/snippet'
import { analysisOfTerms, MatchedTerms } from '../search/text-pipeline'
import { newId, nowIso } from '../ids'
import { getEntity } from './entities'
import { groupBy } from '../../shared/group-by'

/** How much text either side of a mention is shown with it. */
const CONTEXT_CHARS = 60

/** A search over the archive's index, as the engine runs the query language (rankedMatches). */
export type MentionSearch = (query: string) => QueryMatch[]

/**
 * The search queries that find the articles where any of an entity's names (or aliases) may occur, each
 * with the names it is for: one query for all the one-word names (`Tokayev OR Tokayevu OR …`), one for
 * each longer name, whose every word the index holds is required (see namesQuery). Query syntax in a name
 * is dropped; a name of stop words only cannot be looked for in the index and is left out.
 */
export function mentionQueries(names: readonly string[]): Array<{ query: string; patterns: NamePattern[] }> {
  const patterns = [...new Set(names.map((name) => name.trim()))]
    .map(namePattern)
    .filter((pattern): pattern is NamePattern => pattern !== null)
  const single = patterns.filter((pattern) => pattern.words.length === 1)
  const longer = patterns.filter((pattern) => pattern.words.length > 1)
  return [
    ...(single.length ? [{ query: namesQuery(single), patterns: single }] : []),
    ...longer.map((pattern) => ({ query: namesQuery([pattern]), patterns: [pattern] })),
  ]
}

interface Occurrence {
  match: QueryMatch
  text: string
  start: number
  end: number
}

/**
 * Where the entity's names occur in the archive's articles, unlinked to it and not rejected: articles best
 * match first, occurrences in text order, none overlapping another (the longer name wins: "Kasym-Zhomart
 * Tokayev" over its "Tokayev"). The index finds the articles and the words that may be a name's (its
 * matched terms, marked as in a snippet); each name is then checked around those words (see nameAt).
 */
function* unlinkedOccurrences(db: Database, entityId: string, search: MentionSearch): Generator<Occurrence> {
  const entity = getEntity(db, entityId)
  const articles = new Map<string, { match: QueryMatch; patterns: NamePattern[] }>()
  // The hits of one search share their terms (one set per analysis): an article found by two searches
  // gets the union of both, made once per pair of sets.
  const unions = new Map<ReadonlySet<string>, Map<ReadonlySet<string>, ReadonlySet<string>>>()
  const union = (a: ReadonlySet<string>, b: ReadonlySet<string>) => {
    let inner = unions.get(a)
    if (!inner) unions.set(a, (inner = new Map()))
    let both = inner.get(b)
    if (!both) inner.set(b, (both = new MatchedTerms([...a, ...b], analysisOfTerms(a))))
    return both
  }
  for (const { query, patterns } of mentionQueries([entity.name, ...entity.aliases])) {
    for (const match of search(query)) {
      const found = articles.get(match.versionId)
      if (!found) articles.set(match.versionId, { match, patterns })
      else {
        const terms = union(found.match.terms, match.terms)
        const best = match.score > found.match.score ? match : found.match
        articles.set(match.versionId, {
          match: { ...best, terms },
          patterns: [...found.patterns, ...patterns],
        })
      }
    }
  }
  // The passages linked to the entity and the mentions rejected, by version: read once, since an entity
  // with hundreds of passages made a query per article cost more than the whole search.
  const coveredRows = db
    .prepare(
      `SELECT h.version_id AS versionId, h.start_offset AS start, h.end_offset AS end FROM highlight_entities l
         JOIN highlights h ON h.id = l.highlight_id AND h.deleted_at IS NULL
        WHERE l.entity_id = ? AND l.deleted_at IS NULL
       UNION ALL
       SELECT version_id, start_offset, end_offset FROM entity_mention_rejections
        WHERE entity_id = ? AND deleted_at IS NULL`,
    )
    .all(entityId, entityId) as Array<{ versionId: string; start: number; end: number }>
  const covered = groupBy(
    coveredRows,
    (row) => row.versionId,
    ({ start, end }) => ({ start, end }),
  )
  const textOf = db.prepare('SELECT text FROM article_versions WHERE id = ?')
  const ranked = [...articles.values()].sort((a, b) => b.match.score - a.match.score)
  for (const { match, patterns } of ranked) {
    const { text } = textOf.get(match.versionId) as { text: string }
    const analysis = analysisOfTerms(match.terms)
    const found: Array<{ start: number; end: number }> = []
    for (const word of markedSpans(text, match.terms, [], Infinity, analysis)) {
      for (const pattern of patterns) {
        const at = nameAt(text, pattern, word.start, word.end, analysis)
        if (at) found.push(at)
      }
    }
    const taken = covered.get(match.versionId) ?? []
    let until = -1
    for (const span of found.sort((a, b) => a.start - b.start || b.end - a.end)) {
      if (span.start < until) continue
      until = span.end
      if (taken.some((c) => span.start < c.end && c.start < span.end)) continue
      yield { match, text, start: span.start, end: span.end }
    }
  }
}

/**
 * Passages of the archive that name the entity (by its name or an alias, in any script, in its Russian
 * case forms: see name-forms.ts) and are neither linked to it already nor rejected by the user. Each with
 * its article, offsets in the article's current version, and a little context.
 */
export function findMentions(db: Database, entityId: string, search: MentionSearch): EntityMention[] {
  const articleOf = db.prepare('SELECT title FROM articles WHERE id = ?')
  const titles = new Map<string, string>()
  const mentions: EntityMention[] = []
  for (const { match, text, start, end } of unlinkedOccurrences(db, entityId, search)) {
    let title = titles.get(match.articleId)
    if (title === undefined) {
      title = (articleOf.get(match.articleId) as { title: string }).title
      titles.set(match.articleId, title)
    }
    mentions.push({
      articleId: match.articleId,
      versionId: match.versionId,
      title,
      start,
      end,
      text: text.slice(start, end),
      before: text.slice(Math.max(0, start - CONTEXT_CHARS), start),
      after: text.slice(end, end + CONTEXT_CHARS),
    })
  }
  return mentions
}

/**
 * How many unlinked mentions findMentions would list (for "N unlinked mentions" on the entity page): the
 * same search and checks, without titles, context or a list.
 */
export function countMentions(db: Database, entityId: string, search: MentionSearch): number {
  const occurrences = unlinkedOccurrences(db, entityId, search)
  let count = 0
  while (!occurrences.next().done) count++
  return count
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
