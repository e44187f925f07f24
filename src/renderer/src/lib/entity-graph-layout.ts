import cytoscape from 'cytoscape'
import fcose from 'cytoscape-fcose'
import type { FcoseLayoutOptions } from 'cytoscape-fcose'
import type { LayoutInput, Positions } from './entity-graph-elements'

cytoscape.use(fcose)

export type { LayoutInput }

/**
 * Places the nodes with fCoSE (spectral start, then force-directed refinement) on a headless cytoscape, so
 * it runs the same in a web worker, on the page, or in Node's tests. Entities that share more articles are
 * drawn closer together.
 */
export function layoutPositions(input: LayoutInput): Positions {
  if (input.nodes.length === 0) return {}
  const cy = cytoscape({
    headless: true,
    styleEnabled: true,
    elements: [
      ...input.nodes.map((n) => ({ group: 'nodes' as const, data: { id: n.id, size: n.size } })),
      ...input.edges.map((e, i) => ({
        group: 'edges' as const,
        data: { id: `e${i}`, source: e.source, target: e.target, strength: e.strength },
      })),
    ],
    style: [{ selector: 'node', style: { width: 'data(size)', height: 'data(size)' } }],
  })
  const most = input.edges.reduce((m, e) => Math.max(m, e.strength), 1)
  const options: FcoseLayoutOptions = {
    name: 'fcose',
    quality: input.nodes.length > 2000 ? 'draft' : 'default',
    randomize: true,
    animate: false,
    fit: false,
    nodeSeparation: 60,
    nodeRepulsion: () => 20000,
    idealEdgeLength: (edge: cytoscape.EdgeSingular) =>
      120 - 60 * Math.sqrt((edge.data('strength') as number) / most),
    edgeElasticity: () => 0.45,
    // Entities with no edge would otherwise scatter to the edges of the layout.
    gravity: 0.4,
    gravityRange: 3.8,
    numIter: 2500,
    tile: true,
  }
  cy.layout(options).run()
  const positions: Positions = {}
  cy.nodes().forEach((node) => {
    const { x, y } = node.position()
    positions[node.id()] = { x: Number.isFinite(x) ? x : 0, y: Number.isFinite(y) ? y : 0 }
  })
  cy.destroy()
  return positions
}
