import type { ElementDefinition, StylesheetJson } from 'cytoscape'
import type { EntityGraph, EntityType } from '../../../shared/model'

export type Positions = Record<string, { x: number; y: number }>

/** What the layout needs of the graph (sent to its worker): ids, sizes and how strongly each edge pulls. */
export interface LayoutInput {
  nodes: Array<{ id: string; size: number }>
  edges: Array<{ source: string; target: string; strength: number }>
}

/** Node diameters in model units: small enough that hundreds fit, the busiest entity about three times the least. */
const MIN_SIZE = 14
const MAX_SIZE = 46
const MIN_WIDTH = 1
const MAX_WIDTH = 7
const SIZE_SCALE_FLOOR = 16
const WIDTH_SCALE_FLOOR = 6

/** Sizes by area, not diameter, so an entity with four times the passages looks four times as big. */
export function nodeSize(passages: number, most: number): number {
  // Measured against at least a handful, so a young archive's entities (one passage each) stay small.
  const scale = Math.max(most, SIZE_SCALE_FLOOR)
  return MIN_SIZE + (MAX_SIZE - MIN_SIZE) * Math.sqrt(Math.min(Math.max(0, passages), scale) / scale)
}

/** Co-occurrence edges thicken with the articles shared; one shared article is a hairline. */
export function edgeWidth(articles: number, most: number): number {
  // Likewise: two shared articles are not drawn as the thickest line just because none share more.
  const scale = Math.max(most, WIDTH_SCALE_FLOOR)
  return (
    MIN_WIDTH + ((MAX_WIDTH - MIN_WIDTH) * Math.log(Math.min(Math.max(1, articles), scale))) / Math.log(scale)
  )
}

/** The largest value, or `floor`; a spread of 60k edges into Math.max could overflow the stack. */
function largest(values: number[], floor: number): number {
  return values.reduce((most, v) => (v > most ? v : most), floor)
}

/** A relation is a statement the user made: it pulls like a strong co-occurrence. */
const RELATION_STRENGTH = 3

export function layoutInput(graph: EntityGraph): LayoutInput {
  const most = largest(
    graph.nodes.map((n) => n.passages),
    0,
  )
  return {
    nodes: graph.nodes.map((n) => ({ id: n.id, size: nodeSize(n.passages, most) })),
    edges: graph.edges.map((e) => ({
      source: e.source,
      target: e.target,
      strength: e.kind === 'co-occurrence' ? e.articles : RELATION_STRENGTH,
    })),
  }
}

/** The graph as cytoscape elements, placed where the layout put them. */
export function graphElements(graph: EntityGraph, positions: Positions): ElementDefinition[] {
  const mostPassages = largest(
    graph.nodes.map((n) => n.passages),
    0,
  )
  const mostArticles = largest(
    graph.edges.map((e) => (e.kind === 'co-occurrence' ? e.articles : 1)),
    1,
  )
  const nodes: ElementDefinition[] = graph.nodes.map((n) => ({
    group: 'nodes',
    data: { id: n.id, label: n.name, size: nodeSize(n.passages, mostPassages) },
    position: positions[n.id] ?? { x: 0, y: 0 },
    classes: n.customType === null ? `type-${n.type}` : 'type-other own-type',
  }))
  const edges: ElementDefinition[] = graph.edges.map((e) =>
    e.kind === 'co-occurrence'
      ? {
          group: 'edges',
          data: {
            id: `co:${e.source}:${e.target}`,
            source: e.source,
            target: e.target,
            width: edgeWidth(e.articles, mostArticles),
          },
          classes: 'co-occurrence',
        }
      : {
          group: 'edges',
          data: { id: `rel:${e.id}`, source: e.source, target: e.target, label: e.label, width: 2 },
          classes: 'relation',
        },
  )
  return [...nodes, ...edges]
}

/** The colours the stylesheet gives (they follow the light or dark scheme), read once when the graph is drawn. */
export interface GraphColours {
  types: Record<EntityType, string>
  text: string
  halo: string
  edge: string
  relation: string
  focus: string
}

/**
 * Cytoscape's style (its own selector language, applied on the canvas, so the CSP's style-src does not
 * concern it). Labels hide below a readable size when zoomed out, which keeps a big graph drawable.
 */
export function graphStyle(colours: GraphColours): StylesheetJson {
  return [
    {
      selector: 'node',
      style: {
        width: 'data(size)',
        height: 'data(size)',
        'background-color': colours.types.other,
        label: 'data(label)',
        color: colours.text,
        'font-size': 11,
        'text-valign': 'bottom',
        'text-margin-y': 3,
        'text-outline-color': colours.halo,
        'text-outline-width': 2,
        'min-zoomed-font-size': 7,
        'border-width': 1,
        'border-color': colours.halo,
      },
    },
    ...(Object.entries(colours.types) as Array<[EntityType, string]>).map(([type, colour]) => ({
      selector: `node.type-${type}`,
      style: { 'background-color': colour },
    })),
    // A type of the user's own has the colour of 'other' and a shape of its own.
    { selector: 'node.own-type', style: { shape: 'round-diamond' } },
    {
      selector: 'edge',
      style: { width: 'data(width)', 'line-color': colours.edge, opacity: 0.55, 'curve-style': 'haystack' },
    },
    {
      selector: 'edge.relation',
      style: {
        'curve-style': 'bezier',
        'line-color': colours.relation,
        'target-arrow-color': colours.relation,
        'target-arrow-shape': 'triangle',
        opacity: 0.9,
        label: 'data(label)',
        'font-size': 9,
        color: colours.text,
        'text-rotation': 'autorotate',
        'text-outline-color': colours.halo,
        'text-outline-width': 2,
        'min-zoomed-font-size': 7,
      },
    },
    {
      selector: 'node.graph-focus',
      style: { 'border-width': 4, 'border-color': colours.focus, 'z-index': 10 },
    },
    { selector: 'edge.graph-focus', style: { opacity: 1, 'line-color': colours.focus, 'z-index': 9 } },
    { selector: '.graph-faded', style: { opacity: 0.15 } },
  ]
}
