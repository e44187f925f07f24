import { useEffect, useMemo, useRef, useState } from 'react'
import type { EntityGraph, EntityGraphTypeCount } from '../../../shared/model'
import { call } from './api'
import { layoutInput, type Positions } from './entity-graph-elements'
import { DEFAULT_GRAPH_FILTERS, graphRequest, type GraphFilters } from './entity-graph-filters'
import { useDebounced } from './use-debounced'

/** A graph with its layout: kept while an entity page covers the graph, so going back shows the same picture. */
export interface LaidOutGraph {
  graph: EntityGraph
  positions: Positions
}

export type GraphWork = { what: 'counting' } | { what: 'layout'; nodes: number; edges: number }

export interface EntityGraphState {
  filters: GraphFilters
  setFilters: (filters: GraphFilters) => void
  /** The last graph laid out; the one before stays shown while the next is counted and laid out. */
  shown: LaidOutGraph | null
  /** What is being done, for the progress shown; null when idle. */
  working: GraphWork | null
  /** The entity whose connections are picked out (hovered or focused in the list). */
  focusId: string | null
  setFocusId: (id: string | null) => void
}

/**
 * The graph's filters, its answer from the engine and its layout, shared by the controls (left pane) and the
 * canvas (middle). Asks only while `enabled` (the Graph tab is open), again when the archive changes.
 */
export function useEntityGraph(
  enabled: boolean,
  version: number,
  report: (error: unknown) => void,
): EntityGraphState {
  const [filters, setFilters] = useState<GraphFilters>(DEFAULT_GRAPH_FILTERS)
  // A slider dragged from 1 to 10 asks once, at 10.
  const settled = useDebounced(filters, 250)
  const [shown, setShown] = useState<LaidOutGraph | null>(null)
  const [focusId, setFocusId] = useState<string | null>(null)
  // One key per question asked; the progress shown is derived from which key has its answer.
  const key = useMemo(() => JSON.stringify([version, settled]), [version, settled])
  const [answered, setAnswered] = useState<string | null>(null)
  const [layingOut, setLayingOut] = useState<{ key: string; nodes: number; edges: number } | null>(null)
  const answeredRef = useRef<string | null>(null)
  // The types of users' own known from the last answer, for the request (not a reason to ask again).
  const knownTypes = useRef<EntityGraphTypeCount[]>([])

  useEffect(() => {
    // Back on the tab with nothing changed: the graph shown is the answer.
    if (!enabled || answeredRef.current === key) return
    const abort = new AbortController()
    const finish = () => {
      answeredRef.current = key
      setAnswered(key)
    }
    call('entities.graph', graphRequest(settled, knownTypes.current))
      .then(async (graph) => {
        if (abort.signal.aborted) return
        knownTypes.current = graph.types
        setLayingOut({ key, nodes: graph.nodes.length, edges: graph.edges.length })
        const positions = await layOut(graph, abort.signal)
        if (abort.signal.aborted) return
        setShown({ graph, positions })
        finish()
      })
      .catch((error: unknown) => {
        if (abort.signal.aborted) return
        finish()
        report(error)
      })
    return () => abort.abort()
  }, [enabled, key, settled, report])

  const working: GraphWork | null =
    !enabled || answered === key
      ? null
      : layingOut?.key === key
        ? { what: 'layout', nodes: layingOut.nodes, edges: layingOut.edges }
        : { what: 'counting' }
  return { filters, setFilters, shown, working, focusId, setFocusId }
}

/** What a layout worker answers. */
type LayoutAnswer = { ok: true; positions: Positions } | { ok: false; message: string }

/**
 * Lays the graph out in a web worker (the page stays responsive while fCoSE runs); where a worker cannot be
 * started, on the page after the progress has been painted.
 */
function layOut(graph: EntityGraph, signal: AbortSignal): Promise<Positions> {
  if (graph.nodes.length === 0) return Promise.resolve({})
  const input = layoutInput(graph)
  const onPage = async (): Promise<Positions> => {
    const { layoutPositions } = await import('./entity-graph-layout')
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))
    return layoutPositions(input)
  }
  let worker: Worker
  try {
    worker = new Worker(new URL('./entity-graph-layout.worker.ts', import.meta.url), { type: 'module' })
  } catch {
    return onPage()
  }
  return new Promise<Positions>((resolve, reject) => {
    const stop = () => worker.terminate()
    signal.addEventListener('abort', () => {
      stop()
      reject(new DOMException('The graph changed before its layout was done', 'AbortError'))
    })
    worker.addEventListener('message', (event: MessageEvent<LayoutAnswer>) => {
      stop()
      if (event.data.ok) resolve(event.data.positions)
      else reject(new Error(`The graph could not be laid out: ${event.data.message}`))
    })
    worker.addEventListener('error', (event) => {
      // The worker's script did not load or run: lay out on the page instead.
      event.preventDefault()
      stop()
      onPage().then(resolve, reject)
    })
    worker.postMessage(input)
  })
}
