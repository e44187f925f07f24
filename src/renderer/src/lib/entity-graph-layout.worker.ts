import { layoutPositions, type LayoutInput } from './entity-graph-layout'

/**
 * The graph's layout off the page's thread: fCoSE on a few thousand nodes takes seconds, and the page must
 * keep answering (and show its progress) meanwhile. Vite bundles this file as a worker script of the app's
 * own origin, which the CSP's script-src 'self' allows.
 */
self.addEventListener('message', (event: MessageEvent<LayoutInput>) => {
  try {
    self.postMessage({ ok: true, positions: layoutPositions(event.data) })
  } catch (error) {
    self.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) })
  }
})
