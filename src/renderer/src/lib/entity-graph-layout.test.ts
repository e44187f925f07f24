import { describe, expect, it } from 'vitest'
import { layoutPositions, type LayoutInput } from './entity-graph-layout'

const distance = (a: { x: number; y: number }, b: { x: number; y: number }) =>
  Math.hypot(a.x - b.x, a.y - b.y)

describe('the graph layout (fCoSE on a headless cytoscape)', () => {
  it('places every node, apart, and keeps a connected group together', () => {
    // Two triangles joined by nothing, and an entity with no edge.
    const input: LayoutInput = {
      nodes: ['a', 'b', 'c', 'x', 'y', 'z', 'alone'].map((id) => ({ id, size: 20 })),
      edges: [
        { source: 'a', target: 'b', strength: 5 },
        { source: 'b', target: 'c', strength: 5 },
        { source: 'a', target: 'c', strength: 5 },
        { source: 'x', target: 'y', strength: 1 },
        { source: 'y', target: 'z', strength: 1 },
        { source: 'x', target: 'z', strength: 1 },
      ],
    }
    const at = layoutPositions(input)
    expect(Object.keys(at).sort()).toEqual(['a', 'alone', 'b', 'c', 'x', 'y', 'z'])
    for (const p of Object.values(at)) expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true)
    const ids = Object.keys(at)
    for (const i of ids) for (const j of ids) if (i < j) expect(distance(at[i]!, at[j]!)).toBeGreaterThan(15)
    // Within a triangle, closer than across the two.
    const inside = Math.max(distance(at.a!, at.b!), distance(at.b!, at.c!), distance(at.a!, at.c!))
    const across = Math.min(
      ...['a', 'b', 'c'].flatMap((i) => ['x', 'y', 'z'].map((j) => distance(at[i]!, at[j]!))),
    )
    expect(inside).toBeLessThan(across)
  })

  it('lays out nothing for an empty graph, and a single node', () => {
    expect(layoutPositions({ nodes: [], edges: [] })).toEqual({})
    expect(Object.keys(layoutPositions({ nodes: [{ id: 'one', size: 20 }], edges: [] }))).toEqual(['one'])
  })

  it('lays out a few hundred entities within seconds', () => {
    const nodes = Array.from({ length: 500 }, (_, i) => ({ id: `n${i}`, size: 14 + (i % 20) }))
    // A hub-and-spoke graph with some cross links, as co-occurrence graphs are.
    const edges = nodes
      .slice(1)
      .flatMap((n, i) => [
        { source: `n${i % 25}`, target: n.id, strength: 1 + (i % 4) },
        ...(i % 3 === 0 ? [{ source: n.id, target: `n${(i * 7) % 500}`, strength: 1 }] : []),
      ])
    const started = performance.now()
    const at = layoutPositions({ nodes, edges: edges.filter((e) => e.source !== e.target) })
    expect(Object.keys(at)).toHaveLength(500)
    // Generous for a loaded two-core machine; about a second alone.
    expect(performance.now() - started).toBeLessThan(30_000)
  })
})
