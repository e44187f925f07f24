import type { InputOf } from '../../../shared/contract'
import { entityTypeLabel } from '../../../shared/entity-style'
import {
  ENTITY_TYPES,
  type EntityGraph,
  type EntityGraphTypeCount,
  type EntityType,
} from '../../../shared/model'

/** What the graph's controls hold. Types are kept as those hidden, so a type new to the archive shows. */
export interface GraphFilters {
  hiddenTypes: string[]
  minStrength: number
  includeCoOccurrence: boolean
  includeRelations: boolean
  nodes: 'linked' | 'connected' | 'all'
  limit: number
}

/** The caps offered; 500 lays out in about a second, 5,000 (the engine's most) in tens of seconds. */
export const GRAPH_LIMITS = [100, 250, 500, 1000, 2000, 5000] as const

export const DEFAULT_GRAPH_FILTERS: GraphFilters = {
  hiddenTypes: [],
  minStrength: 1,
  includeCoOccurrence: true,
  includeRelations: true,
  nodes: 'linked',
  limit: 500,
}

/** One key per type the graph tells apart: a built-in type, or a type of the user's own (shown instead of 'other'). */
export function typeKey(type: EntityType, customType: string | null): string {
  return customType === null ? type : `custom:${customType}`
}

export function typeCountLabel(t: EntityGraphTypeCount): string {
  return entityTypeLabel(t.type, t.customType)
}

/**
 * The request for 'entities.graph'. With nothing hidden no type filter is sent, so entities of a type made
 * since the last answer show too; otherwise the built-in types and the known types of users' own not hidden.
 */
export function graphRequest(
  filters: GraphFilters,
  known: EntityGraphTypeCount[],
): InputOf<'entities.graph'> {
  const base = {
    minStrength: filters.minStrength,
    includeCoOccurrence: filters.includeCoOccurrence,
    includeRelations: filters.includeRelations,
    nodes: filters.nodes,
    limit: filters.limit,
  }
  if (filters.hiddenTypes.length === 0) return base
  const hidden = new Set(filters.hiddenTypes)
  return {
    ...base,
    types: ENTITY_TYPES.filter((t) => !hidden.has(typeKey(t, null))),
    customTypes: known
      .filter((t) => t.customType !== null && !hidden.has(typeKey(t.type, t.customType)))
      .map((t) => t.customType as string),
  }
}

/** Whether the filters narrow anything, so an empty graph can be told apart from an empty archive. */
export function filtersNarrow(filters: GraphFilters): boolean {
  return (
    filters.hiddenTypes.length > 0 ||
    filters.minStrength > 1 ||
    filters.nodes === 'connected' ||
    (!filters.includeCoOccurrence && !filters.includeRelations)
  )
}

/** What the cap and the edge cap left out, in words, or null when the graph is whole. */
export function capNotice(graph: EntityGraph): string | null {
  const parts: string[] = []
  if (graph.matchingNodes > graph.nodes.length)
    parts.push(
      `Showing the ${graph.nodes.length.toLocaleString('en')} most connected of ${counted(graph.matchingNodes, 'entity', 'entities')}`,
    )
  if (graph.edgesLeftOut > 0) parts.push(`${counted(graph.edgesLeftOut, 'weaker co-occurrence')} left out`)
  return parts.length ? `${parts.join('; ')}.` : null
}

/** The summary line under the graph: what is drawn. */
export function graphSummary(graph: EntityGraph): string {
  const relations = graph.edges.filter((e) => e.kind === 'relation').length
  const coOccurrences = graph.edges.length - relations
  return [
    counted(graph.nodes.length, 'entity', 'entities'),
    counted(coOccurrences, 'co-occurrence'),
    counted(relations, 'relation'),
  ].join(' · ')
}

/** "1 entity", "2,345 entities": counts here run into thousands. */
function counted(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`
}
