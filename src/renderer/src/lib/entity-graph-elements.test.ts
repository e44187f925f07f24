import { describe, expect, it } from 'vitest'
import type { EntityGraph } from '../../../shared/model'
import { edgeWidth, graphElements, layoutInput, nodeSize } from './entity-graph-elements'

const graph: EntityGraph = {
  nodes: [
    { id: 'a', name: 'Tokayev', type: 'person', customType: null, passages: 64, articles: 4, degree: 2 },
    { id: 'b', name: 'Almaty', type: 'place', customType: null, passages: 16, articles: 2, degree: 1 },
    {
      id: 'c',
      name: 'Ballot stuffing',
      type: 'other',
      customType: 'practice',
      passages: 0,
      articles: 0,
      degree: 1,
    },
  ],
  edges: [
    { kind: 'co-occurrence', source: 'a', target: 'b', articles: 6, passages: 1 },
    { kind: 'relation', id: 'r1', source: 'a', target: 'c', type: 'leads', label: 'leads' },
  ],
  matchingNodes: 3,
  limit: 500,
  edgesLeftOut: 0,
  types: [],
}

describe('the graph drawn', () => {
  it('sizes nodes by the area of their passages and edges by the articles shared', () => {
    expect(nodeSize(0, 64)).toBe(14)
    expect(nodeSize(64, 64)).toBe(46)
    // A quarter of the passages: half the way from the smallest to the largest diameter.
    expect(nodeSize(16, 64)).toBe(30)
    // A young archive: one passage each is not the largest size.
    expect(nodeSize(1, 1)).toBe(22)
    expect(nodeSize(0, 0)).toBe(14)
    expect(edgeWidth(1, 10)).toBe(1)
    expect(edgeWidth(10, 10)).toBeCloseTo(7)
    expect(edgeWidth(2, 2)).toBeCloseTo(1 + (6 * Math.log(2)) / Math.log(6))
  })

  it('makes elements with the layout’s positions, type classes and labelled relations', () => {
    const elements = graphElements(graph, { a: { x: 10, y: 20 }, b: { x: -5, y: 0 } })
    expect(elements.map((e) => [e.data.id, e.classes])).toEqual([
      ['a', 'type-person'],
      ['b', 'type-place'],
      ['c', 'type-other own-type'],
      ['co:a:b', 'co-occurrence'],
      ['rel:r1', 'relation'],
    ])
    expect(elements[0]).toMatchObject({ position: { x: 10, y: 20 }, data: { label: 'Tokayev', size: 46 } })
    // A node the layout missed still gets drawn.
    expect(elements[2]?.position).toEqual({ x: 0, y: 0 })
    expect(elements[3]?.data).toMatchObject({ source: 'a', target: 'b', width: expect.closeTo(7) })
    expect(elements[4]?.data).toMatchObject({ source: 'a', target: 'c', label: 'leads' })
  })

  it('gives the layout sizes and strengths, relations pulling like a strong co-occurrence', () => {
    expect(layoutInput(graph)).toEqual({
      nodes: [
        { id: 'a', size: 46 },
        { id: 'b', size: 30 },
        { id: 'c', size: 14 },
      ],
      edges: [
        { source: 'a', target: 'b', strength: 6 },
        { source: 'a', target: 'c', strength: 3 },
      ],
    })
  })
})
