import { describe, expect, it } from 'vitest'
import type { EntityGraph, EntityGraphTypeCount } from '../../../shared/model'
import {
  DEFAULT_GRAPH_FILTERS,
  capNotice,
  filtersNarrow,
  graphRequest,
  graphSummary,
  typeKey,
} from './entity-graph-filters'

const known: EntityGraphTypeCount[] = [
  { type: 'person', customType: null, count: 3 },
  { type: 'other', customType: 'practice', count: 1 },
  { type: 'other', customType: 'vehicle', count: 2 },
]

const graph = (over: Partial<EntityGraph>): EntityGraph => ({
  nodes: [],
  edges: [],
  matchingNodes: 0,
  limit: 500,
  edgesLeftOut: 0,
  types: [],
  ...over,
})

describe('the graph filters', () => {
  it('sends no type filter while nothing is hidden, so new types show', () => {
    expect(graphRequest(DEFAULT_GRAPH_FILTERS, known)).toEqual({
      minStrength: 1,
      includeCoOccurrence: true,
      includeRelations: true,
      nodes: 'linked',
      limit: 500,
    })
  })

  it('sends the types not hidden: built-in ones, and the known types of users’ own', () => {
    const request = graphRequest(
      { ...DEFAULT_GRAPH_FILTERS, hiddenTypes: [typeKey('person', null), typeKey('other', 'practice')] },
      known,
    )
    expect(request.types).toEqual(['organisation', 'place', 'event', 'other'])
    expect(request.customTypes).toEqual(['vehicle'])
    // A type of one's own called "person" is not the built-in type.
    expect(typeKey('other', 'person')).not.toBe(typeKey('person', null))
  })

  it('tells narrowing filters from the defaults', () => {
    expect(filtersNarrow(DEFAULT_GRAPH_FILTERS)).toBe(false)
    expect(filtersNarrow({ ...DEFAULT_GRAPH_FILTERS, limit: 100 })).toBe(false)
    expect(filtersNarrow({ ...DEFAULT_GRAPH_FILTERS, minStrength: 2 })).toBe(true)
    expect(filtersNarrow({ ...DEFAULT_GRAPH_FILTERS, hiddenTypes: ['event'] })).toBe(true)
    expect(filtersNarrow({ ...DEFAULT_GRAPH_FILTERS, nodes: 'connected' })).toBe(true)
  })

  it('says what the caps left out, and nothing when the graph is whole', () => {
    const nodes = Array.from({ length: 500 }, (_, i) => ({
      id: `n${i}`,
      name: `N${i}`,
      type: 'person' as const,
      customType: null,
      passages: 1,
      articles: 1,
      degree: 0,
    }))
    expect(capNotice(graph({ nodes, matchingNodes: 500 }))).toBeNull()
    expect(capNotice(graph({ nodes, matchingNodes: 2345 }))).toBe(
      'Showing the 500 most connected of 2,345 entities.',
    )
    expect(capNotice(graph({ nodes, matchingNodes: 2345, edgesLeftOut: 1200 }))).toBe(
      'Showing the 500 most connected of 2,345 entities; 1,200 weaker co-occurrences left out.',
    )
    expect(
      graphSummary(
        graph({
          nodes: nodes.slice(0, 3),
          edges: [
            { kind: 'co-occurrence', source: 'n0', target: 'n1', articles: 2, passages: 0 },
            { kind: 'relation', id: 'r', source: 'n0', target: 'n2', type: 'leads', label: 'leads' },
          ],
        }),
      ),
    ).toBe('3 entities · 1 co-occurrence · 1 relation')
  })
})
