import { useEffect, useRef, useState } from 'react'
import type { Core } from 'cytoscape'
import { ENTITY_TYPES, type EntityType } from '../../../shared/model'
import { graphElements, graphStyle, type GraphColours } from '../lib/entity-graph-elements'
import {
  DEFAULT_GRAPH_FILTERS,
  GRAPH_LIMITS,
  capNotice,
  filtersNarrow,
  graphSummary,
  typeCountLabel,
  typeKey,
  type GraphFilters,
} from '../lib/entity-graph-filters'
import type { EntityGraphState } from '../lib/entity-graph-state'
import { TypeBadge } from './EntityChip'

/** The strongest minimum the slider offers; the number beside it takes any. */
const SLIDER_MAX = 20
/** The closest a graph is first shown; the user may zoom in further (to 2.5). */
const FITTED_ZOOM_MAX = 1.5

/**
 * The graph's controls, in the left pane: which types, which connections, how strong, how many entities;
 * then the entities drawn, most connected first — the keyboard's and screen reader's way into the graph.
 */
export function EntityGraphPanel({
  state,
  openEntityId,
  onOpen,
}: {
  state: EntityGraphState
  openEntityId: string | null
  onOpen: (entityId: string) => void
}) {
  const { filters, setFilters, shown, setFocusId } = state
  const set = (change: Partial<GraphFilters>) => setFilters({ ...filters, ...change })
  const hidden = new Set(filters.hiddenTypes)
  const types = shown?.graph.types ?? []
  const toggleType = (key: string, show: boolean) =>
    set({
      hiddenTypes: show ? filters.hiddenTypes.filter((k) => k !== key) : [...filters.hiddenTypes, key],
    })
  const strength = (value: number) => set({ minStrength: Math.max(1, Math.round(value) || 1) })

  return (
    <div className="graph-panel">
      <fieldset className="graph-filter">
        <legend>Types</legend>
        {types.length === 0 ? (
          <p className="muted graph-note">None yet.</p>
        ) : (
          types.map((t) => {
            const key = typeKey(t.type, t.customType)
            return (
              <label key={key} className={`graph-type type-${t.type}`}>
                <input
                  type="checkbox"
                  checked={!hidden.has(key)}
                  onChange={(e) => toggleType(key, e.target.checked)}
                />
                <span
                  className={`graph-swatch${t.customType === null ? '' : ' own-type'}`}
                  aria-hidden="true"
                />
                <span className="graph-type-name">{typeCountLabel(t)}</span>
                <span className="graph-count">{t.count}</span>
              </label>
            )
          })
        )}
      </fieldset>

      <fieldset className="graph-filter">
        <legend>Connections</legend>
        <label className="graph-check">
          <input
            type="checkbox"
            checked={filters.includeCoOccurrence}
            onChange={(e) => set({ includeCoOccurrence: e.target.checked })}
          />
          Appearing in the same articles
        </label>
        <div className="graph-strength" aria-disabled={!filters.includeCoOccurrence}>
          <label htmlFor="graph-min-strength">At least</label>
          <input
            id="graph-min-strength"
            type="number"
            min={1}
            value={filters.minStrength}
            disabled={!filters.includeCoOccurrence}
            onChange={(e) => strength(e.target.valueAsNumber)}
          />
          <span>shared {filters.minStrength === 1 ? 'article' : 'articles'}</span>
          <input
            type="range"
            aria-label="Minimum shared articles"
            min={1}
            max={Math.max(SLIDER_MAX, filters.minStrength)}
            value={filters.minStrength}
            disabled={!filters.includeCoOccurrence}
            onChange={(e) => strength(e.target.valueAsNumber)}
          />
        </div>
        <label className="graph-check">
          <input
            type="checkbox"
            checked={filters.includeRelations}
            onChange={(e) => set({ includeRelations: e.target.checked })}
          />
          Relations (member of, leads…)
        </label>
        <p className="muted graph-note">Relations are statements you recorded: shown whatever the minimum.</p>
      </fieldset>

      <div className="graph-selects">
        <label>
          Show{' '}
          <select
            value={filters.nodes}
            onChange={(e) => set({ nodes: e.target.value as GraphFilters['nodes'] })}
          >
            <option value="linked">entities with passages or relations</option>
            <option value="connected">only connected entities</option>
            <option value="all">every entity</option>
          </select>
        </label>
        <label>
          At most{' '}
          <select value={filters.limit} onChange={(e) => set({ limit: Number(e.target.value) })}>
            {GRAPH_LIMITS.map((n) => (
              <option key={n} value={n}>
                {n.toLocaleString('en')}
              </option>
            ))}
          </select>{' '}
          entities, the most connected
        </label>
      </div>

      {shown && shown.graph.nodes.length > 0 && (
        <>
          <h3 className="graph-list-heading">Entities in the graph</h3>
          <ul className="graph-nodes" aria-label="Entities in the graph">
            {shown.graph.nodes.map((n) => (
              <li key={n.id} className={n.id === openEntityId ? 'current' : undefined}>
                <button
                  type="button"
                  className={`graph-node type-${n.type}`}
                  onClick={() => onOpen(n.id)}
                  onMouseEnter={() => setFocusId(n.id)}
                  onMouseLeave={() => setFocusId(null)}
                  onFocus={() => setFocusId(n.id)}
                  onBlur={() => setFocusId(null)}
                >
                  <span className="entity-name">{n.name}</span>
                  <TypeBadge type={n.type} customType={n.customType} />
                  <span className="graph-node-counts">
                    {n.degree} {n.degree === 1 ? 'connection' : 'connections'} · {n.passages}{' '}
                    {n.passages === 1 ? 'passage' : 'passages'}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  )
}

// Cytoscape writes a <style> element (position: relative on its container) unless an element with this id
// exists. The CSP (style-src 'self') refuses inline styles and logs a violation, so the rule lives in
// styles.css (.graph-canvas) and an empty <meta> with the id tells cytoscape it is there.
const CYTOSCAPE_STYLESHEET_ID = '__________cytoscape_stylesheet'

function markCytoscapeStylesheet(): void {
  if (document.getElementById(CYTOSCAPE_STYLESHEET_ID)) return
  const marker = document.createElement('meta')
  marker.id = CYTOSCAPE_STYLESHEET_ID
  document.head.append(marker)
}

/** The stylesheet's colours (light or dark scheme) for the canvas, which cannot read CSS variables itself. */
function readColours(element: Element): GraphColours {
  const css = getComputedStyle(element)
  const value = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback
  const types = Object.fromEntries(ENTITY_TYPES.map((t) => [t, value(`--type-${t}`, '#6c737d')])) as Record<
    EntityType,
    string
  >
  return {
    types,
    text: value('--text', '#1d1f23'),
    halo: value('--bg', '#f7f6f3'),
    edge: value('--muted', '#6b6f76'),
    relation: value('--text', '#1d1f23'),
    focus: value('--accent', '#2b5fb8'),
  }
}

/**
 * The network itself, in the middle: nodes coloured by type and sized by passages, co-occurrences as lines
 * as thick as the articles shared, relations as labelled arrows. Clicking an entity opens its page.
 */
export function EntityGraphView({
  state,
  onOpen,
}: {
  state: EntityGraphState
  onOpen: (entityId: string) => void
}) {
  const { shown, working, filters, focusId, setFilters } = state
  const container = useRef<HTMLDivElement>(null)
  const [cy, setCy] = useState<Core | null>(null)
  const [drawn, setDrawn] = useState<number | null>(null)
  // The latest callback, without redrawing the graph when App re-renders.
  const open = useRef(onOpen)
  useEffect(() => {
    open.current = onOpen
  }, [onOpen])

  useEffect(() => {
    const element = container.current
    if (!shown || !element || shown.graph.nodes.length === 0) return
    let instance: Core | null = null
    let cancelled = false
    // Loaded on first use: the library is most of a megabyte that the rest of the app never needs.
    void import('cytoscape').then(({ default: cytoscape }) => {
      if (cancelled) return
      markCytoscapeStylesheet()
      const big = shown.graph.nodes.length > 1500 || shown.graph.edges.length > 5000
      instance = cytoscape({
        container: element,
        elements: graphElements(shown.graph, shown.positions),
        style: graphStyle(readColours(element)),
        layout: { name: 'preset', fit: true, padding: 40 },
        minZoom: 0.05,
        maxZoom: 2.5,
        boxSelectionEnabled: false,
        autounselectify: true,
        // A big graph pans and zooms as a picture and redraws once still.
        hideEdgesOnViewport: big,
        textureOnViewport: big,
      })
      // A small graph fitted to the canvas would be drawn huge: no closer than a readable size.
      if (instance.zoom() > FITTED_ZOOM_MAX) {
        instance.zoom(FITTED_ZOOM_MAX)
        instance.center()
      }
      instance.on('tap', 'node', (event) => open.current(event.target.id() as string))
      instance.on('mouseover', 'node', () => element.classList.add('graph-pointing'))
      instance.on('mouseout', 'node', () => element.classList.remove('graph-pointing'))
      setCy(instance)
      setDrawn(instance.nodes().length)
    })
    const resize = new ResizeObserver(() => instance?.resize())
    resize.observe(element)
    return () => {
      cancelled = true
      resize.disconnect()
      instance?.destroy()
      setCy(null)
      setDrawn(null)
    }
  }, [shown])

  // Picks out the entity hovered or focused in the list, with its connections; the rest fade.
  useEffect(() => {
    if (!cy) return
    cy.elements().removeClass('graph-focus graph-faded')
    if (!focusId) return
    const node = cy.getElementById(focusId)
    if (node.empty()) return
    const near = node.closedNeighborhood()
    cy.elements().not(near).addClass('graph-faded')
    node.addClass('graph-focus')
    node.connectedEdges().addClass('graph-focus')
  }, [cy, focusId])

  const graph = shown?.graph
  const empty = graph !== undefined && graph.nodes.length === 0
  const notice = graph ? capNotice(graph) : null
  return (
    <section className="graph-view" aria-label="Graph of entities">
      <header className="graph-header">
        <h2>Graph of entities</h2>
        {graph && !empty && <span className="muted graph-summary">{graphSummary(graph)}</span>}
      </header>
      {notice && (
        <p className="graph-cap" role="status">
          {notice} Filter by type or raise the minimum to see others.
        </p>
      )}
      <div className="graph-stage">
        <div
          ref={container}
          className="graph-canvas"
          role="img"
          aria-label={
            graph
              ? `Network of ${graphSummary(graph)}; the list beside it has every entity shown`
              : 'Network of entities'
          }
          data-drawn-nodes={drawn ?? undefined}
          hidden={empty}
        />
        {empty &&
          (filtersNarrow(filters) || graph.types.length > 0 ? (
            <div className="empty-state centred">
              <h2>No entity matches these filters</h2>
              <p>Show more types, lower the minimum of shared articles, or include relations.</p>
              <button type="button" onClick={() => setFilters(DEFAULT_GRAPH_FILTERS)}>
                Show everything
              </button>
            </div>
          ) : (
            <div className="empty-state centred">
              <h2>No entities yet</h2>
              <p>
                Link passages to entities in the reader, and they appear here: each entity a node, joined to
                the entities that appear in the same articles and to those you relate it to.
              </p>
            </div>
          ))}
        {working && (
          <div className="graph-progress" role="status">
            <progress aria-label="Working on the graph" />
            <span>
              {working.what === 'counting'
                ? 'Counting connections…'
                : `Laying out ${working.nodes.toLocaleString('en')} ${working.nodes === 1 ? 'entity' : 'entities'} and ${working.edges.toLocaleString('en')} ${working.edges === 1 ? 'connection' : 'connections'}…`}
            </span>
          </div>
        )}
      </div>
      {graph && !empty && (
        <p className="muted graph-hint">
          Click an entity to open its page. Scroll to zoom, drag the background to move. Lines: shared
          articles (thicker, more); arrows: relations.
        </p>
      )}
    </section>
  )
}
