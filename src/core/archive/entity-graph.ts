import type { Database } from 'better-sqlite3-multiple-ciphers'
import {
  ENTITY_TYPES,
  type EntityGraph,
  type EntityGraphCoOccurrence,
  type EntityGraphNode,
  type EntityGraphRelation,
  type EntityGraphTypeCount,
  type EntityType,
} from '../../shared/model'
import { relationLabel } from './entity-relations'
import { LIVE_LINKS } from './live-links'

export interface EntityGraphOptions {
  /** Built-in types to keep ('other' is the plain one); with `customTypes`, when either is given. */
  types?: EntityType[]
  /** Types of the users' own to keep. */
  customTypes?: string[]
  /** Fewest articles two entities must share for a co-occurrence edge. */
  minStrength: number
  includeCoOccurrence: boolean
  includeRelations: boolean
  /** 'all' entities, those 'linked' to a passage or in a relation, or those 'connected' by an edge here. */
  nodes: 'all' | 'linked' | 'connected'
  /** The most connected entities kept. */
  limit: number
}

/**
 * Co-occurrences beyond this many per node kept are the weakest and are left out (and counted): a graph
 * where every entity touches every other is a hairball no one reads, and 100k edges freeze the canvas.
 */
const EDGES_PER_NODE = 12
const MIN_EDGE_CAP = 2000

interface EntityRow {
  id: string
  name: string
  type: EntityType
  custom_type: string | null
}

/** An entity with what the graph counts of it; `index` is its place in the rows, the pairs' key. */
interface Candidate extends EntityRow {
  index: number
  passages: number
  articles: number
  degree: number
  /** The summed strength of its edges: ties of degree go to the more strongly connected. */
  weight: number
}

/**
 * The whole archive's entities as a network. SQL selects what is live (entities, the links whose highlight
 * and article are live, relations whose two ends are); the counting is one pass over the links here.
 *
 * Why the pairs are not counted in SQL: measured on 10k entities, 2,000 articles and 78k links (1.3M pairs
 * sharing an article), a self-join with GROUP BY took 4–6 s for the pairs alone, even on integer rowids (SQLite
 * builds an automatic index and a temporary B-tree of every pair); this whole function took 1.5 s, on a
 * two-core machine busy with other work.
 */
export function entityGraph(db: Database, options: EntityGraphOptions): EntityGraph {
  const rows = db
    .prepare('SELECT rowid, id, name, type, custom_type FROM entities WHERE deleted_at IS NULL')
    .all() as Array<EntityRow & { rowid: number }>
  const entities: Candidate[] = rows.map(({ rowid: _, ...row }, index) => ({
    ...row,
    index,
    passages: 0,
    articles: 0,
    degree: 0,
    weight: 0,
  }))
  const byId = new Map(entities.map((e) => [e.id, e]))
  // The links come keyed by rowids: integers, where 78k UUID strings made the loop below 10 times slower.
  const byRowid = new Map(rows.map((row, index) => [row.rowid, entities[index] as Candidate]))
  const keepsType = typeFilterOf(options)

  // Entities of the kept types in each article and in each passage, by index.
  const inArticle = new Map<number, number[]>()
  const inPassage = new Map<number, number[]>()
  const seenIn = new Map<number, Set<number>>()
  const links = db
    .prepare(
      `SELECT (SELECT e.rowid FROM entities e WHERE e.id = l.entity_id), a.rowid, h.rowid ${LIVE_LINKS}`,
    )
    .raw()
    .all() as Array<[number, number, number]>
  for (const [entityRowid, article, highlight] of links) {
    const entity = byRowid.get(entityRowid)
    if (!entity) continue
    // One live link per highlight and entity (the unique index highlight_entities_live).
    entity.passages++
    const seen = seenIn.get(article) ?? new Set<number>()
    seenIn.set(article, seen)
    const firstInArticle = !seen.has(entity.index)
    if (firstInArticle) {
      seen.add(entity.index)
      entity.articles++
    }
    if (!keepsType(entity)) continue
    if (firstInArticle) append(inArticle, article, entity.index)
    append(inPassage, highlight, entity.index)
  }

  const relationRows = db
    .prepare(
      `SELECT r.id, r.type, r.subject_id AS source, r.object_id AS target
         FROM entity_relations r
         JOIN entities s ON s.id = r.subject_id AND s.deleted_at IS NULL
         JOIN entities o ON o.id = r.object_id AND o.deleted_at IS NULL
        WHERE r.deleted_at IS NULL
        ORDER BY r.type, r.id`,
    )
    .all() as Array<{ id: string; type: string; source: string; target: string }>
  const related = new Set(relationRows.flatMap((r) => [r.source, r.target]))
  const eligible = entities.filter((e) => options.nodes === 'all' || e.passages > 0 || related.has(e.id))
  const types = typeCounts(eligible)
  const candidates = new Set(eligible.filter(keepsType).map((e) => e.index))

  const shared = options.includeCoOccurrence ? sharedCounts(inArticle, inPassage) : null
  // A million pairs are walked twice: plain loops over typed arrays, no object per pair.
  const strong = (i: number) => (shared?.articles[i] as number) >= options.minStrength
  const degree = new Uint32Array(entities.length)
  const weight = new Float64Array(entities.length)
  const bump = (end: number, strength: number) => {
    degree[end] = (degree[end] as number) + 1
    weight[end] = (weight[end] as number) + strength
  }
  const connect = (a: number, b: number, strength: number) => {
    bump(a, strength)
    bump(b, strength)
  }
  if (shared)
    for (let i = 0; i < shared.pairs.length; i++) {
      if (!strong(i)) continue
      const key = shared.pairs[i] as number
      const low = Math.floor(key / SPAN)
      connect(low, key - low * SPAN, shared.articles[i] as number)
    }
  const relations: EntityGraphRelation[] = []
  if (options.includeRelations)
    for (const r of relationRows) {
      const [source, target] = [byId.get(r.source) as Candidate, byId.get(r.target) as Candidate]
      if (!candidates.has(source.index) || !candidates.has(target.index)) continue
      relations.push({ kind: 'relation', ...r, label: relationLabel(r.type) })
      connect(source.index, target.index, 1)
    }
  for (const e of entities) {
    e.degree = degree[e.index] as number
    e.weight = weight[e.index] as number
  }

  const matching = [...candidates]
    .map((index) => entities[index] as Candidate)
    .filter((e) => options.nodes !== 'connected' || e.degree > 0)
  const kept = matching.sort(byConnection).slice(0, options.limit)
  const isKept = new Uint8Array(entities.length)
  for (const e of kept) isKept[e.index] = 1

  const coOccurrences: EntityGraphCoOccurrence[] = []
  if (shared)
    for (let i = 0; i < shared.pairs.length; i++) {
      const key = shared.pairs[i] as number
      const low = Math.floor(key / SPAN)
      const high = key - low * SPAN
      if (!isKept[low] || !isKept[high] || !strong(i)) continue
      const [a, b] = [(entities[low] as Candidate).id, (entities[high] as Candidate).id]
      const [source, target] = a < b ? [a, b] : [b, a]
      coOccurrences.push({
        kind: 'co-occurrence',
        source,
        target,
        articles: shared.articles[i] as number,
        passages: shared.passages.get(key) ?? 0,
      })
    }
  coOccurrences.sort((a, b) => b.articles - a.articles || b.passages - a.passages)
  const edgeCap = Math.max(MIN_EDGE_CAP, kept.length * EDGES_PER_NODE)
  const edges = [
    ...coOccurrences.slice(0, edgeCap),
    ...relations.filter(
      (r) =>
        isKept[(byId.get(r.source) as Candidate).index] && isKept[(byId.get(r.target) as Candidate).index],
    ),
  ]

  const shownDegree = new Map<string, number>()
  for (const e of edges)
    for (const id of [e.source, e.target]) shownDegree.set(id, (shownDegree.get(id) ?? 0) + 1)
  const nodes: EntityGraphNode[] = kept
    .map((e) => ({
      id: e.id,
      name: e.name,
      type: e.type,
      customType: e.custom_type,
      passages: e.passages,
      articles: e.articles,
      degree: shownDegree.get(e.id) ?? 0,
    }))
    .sort(
      (a, b) =>
        b.degree - a.degree ||
        b.passages - a.passages ||
        a.name.localeCompare(b.name) ||
        (a.id < b.id ? -1 : 1),
    )
  return {
    nodes,
    edges,
    matchingNodes: matching.length,
    limit: options.limit,
    edgesLeftOut: Math.max(0, coOccurrences.length - edgeCap),
    types,
  }
}

function append<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

/** Most connected first: by edges, then by the strength of those edges, then by passages. */
function byConnection(a: Candidate, b: Candidate): number {
  return (
    b.degree - a.degree ||
    b.weight - a.weight ||
    b.passages - a.passages ||
    a.name.localeCompare(b.name) ||
    (a.id < b.id ? -1 : 1)
  )
}

/** A pair of entity indexes as one number (exact while below 2^53): the smaller times the span, plus the larger. */
const SPAN = 2 ** 26
const pairKey = (a: number, b: number): number => (a < b ? a * SPAN + b : b * SPAN + a)

/**
 * Entities counted in one article (or passage) at the most. Pairs grow with the square of an article's
 * entities: an article with every suggestion of a 5 MB text accepted would make tens of millions. Past
 * this many, the first linked are counted and the rest of that article's pairs left out.
 */
const MAX_MEMBERS_COUNTED = 400

function capMembers(groups: Map<number, number[]>): Map<number, number[]> {
  let over = false
  for (const members of groups.values()) if (members.length > MAX_MEMBERS_COUNTED) over = true
  if (!over) return groups
  const capped = new Map<number, number[]>()
  for (const [key, members] of groups) capped.set(key, members.slice(0, MAX_MEMBERS_COUNTED))
  return capped
}

/**
 * For every pair of entities: the articles in which both have linked passages, and the passages linked to
 * both. The article pairs are many (every two entities of an article): their keys go into a typed array that
 * is sorted and counted by runs, which is several times faster than a Map of a million counters.
 */
function sharedCounts(
  inArticleAll: Map<number, number[]>,
  inPassageAll: Map<number, number[]>,
): { pairs: Float64Array; articles: Uint32Array; passages: Map<number, number> } {
  const inArticle = capMembers(inArticleAll)
  const inPassage = capMembers(inPassageAll)
  let total = 0
  for (const members of inArticle.values()) total += (members.length * (members.length - 1)) / 2
  const keys = new Float64Array(total)
  let at = 0
  for (const members of inArticle.values())
    for (let x = 0; x < members.length; x++)
      for (let y = x + 1; y < members.length; y++)
        keys[at++] = pairKey(members[x] as number, members[y] as number)
  keys.sort()
  // Runs of equal keys become one pair each, in place at the front of the array.
  const articles = new Uint32Array(keys.length)
  let pairs = 0
  for (let i = 0; i < keys.length;) {
    let j = i + 1
    while (j < keys.length && keys[j] === keys[i]) j++
    keys[pairs] = keys[i] as number
    articles[pairs++] = j - i
    i = j
  }
  const passages = new Map<number, number>()
  for (const members of inPassage.values())
    for (let x = 0; x < members.length; x++)
      for (let y = x + 1; y < members.length; y++) {
        const key = pairKey(members[x] as number, members[y] as number)
        passages.set(key, (passages.get(key) ?? 0) + 1)
      }
  return { pairs: keys.subarray(0, pairs), articles: articles.subarray(0, pairs), passages }
}

function typeFilterOf({ types, customTypes }: EntityGraphOptions): (e: EntityRow) => boolean {
  if (types === undefined && customTypes === undefined) return () => true
  const builtIn = new Set<string>(types ?? [])
  const own = new Set(customTypes ?? [])
  return (e) => (e.custom_type === null ? builtIn.has(e.type) : own.has(e.custom_type))
}

function typeCounts(entities: EntityRow[]): EntityGraphTypeCount[] {
  const counts = new Map<string, EntityGraphTypeCount>()
  for (const e of entities) {
    const key = e.custom_type === null ? `type:${e.type}` : `custom:${e.custom_type}`
    const entry = counts.get(key) ?? { type: e.type, customType: e.custom_type, count: 0 }
    entry.count++
    counts.set(key, entry)
  }
  // The built-in types in their usual order, then the users' own, most used first.
  const rank = (t: EntityGraphTypeCount) =>
    t.customType === null ? ENTITY_TYPES.indexOf(t.type) : ENTITY_TYPES.length
  return [...counts.values()].sort(
    (a, b) =>
      rank(a) - rank(b) || b.count - a.count || (a.customType ?? '').localeCompare(b.customType ?? ''),
  )
}
