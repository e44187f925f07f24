import { parentPort, workerData } from 'node:worker_threads'
import { CasebookError } from '../../shared/errors'
import { openEngine, type Engine } from '../engine'
import type { CoreWorkerData, RequestMessage, WorkerMessage } from './protocol'

/** The engine's thread: opens the archive, then answers requests one at a time in arrival order. */
function main(): void {
  const port = parentPort
  if (!port) throw new Error('worker.ts must run as a worker thread')
  const post = (message: WorkerMessage) => port.postMessage(message)
  const { archivePath, nativeBinding } = workerData as CoreWorkerData

  let engine: Engine
  try {
    engine = openEngine(archivePath, { nativeBinding })
  } catch (error) {
    const code = error instanceof CasebookError ? error.code : 'archive_refused'
    post({ type: 'failed', error: { code, message: (error as Error).message } })
    return
  }
  post({ type: 'ready', info: engine.info() })
  // Index, merge and load the search segments in the background, a slice between two requests, so the UI
  // can work at once. A failure is not fatal: search retries the same work on its first query and reports
  // it there. After a request (an import, say) the work starts again shortly, so new articles are indexed
  // without waiting for a search, in batches rather than one segment per file during a bulk import.
  let closed = false
  let scheduled: NodeJS.Timeout | null = null
  const backgroundWork = () => {
    scheduled = null
    if (closed) return
    try {
      if (engine.search.backgroundStep()) schedule(0)
    } catch (error) {
      console.error(`Casebook: the search index could not be brought up to date: ${(error as Error).message}`)
    }
  }
  const schedule = (delayMs: number) => {
    if (!scheduled && !closed) scheduled = setTimeout(backgroundWork, delayMs)
  }
  schedule(0)

  port.on('message', (message: RequestMessage) => {
    if (message.channel === '__close') {
      closed = true
      if (scheduled) clearTimeout(scheduled)
      engine.close()
      port.close()
      return
    }
    post({ type: 'reply', id: message.id, envelope: engine.dispatch(message.channel, message.input) })
    schedule(BACKGROUND_DELAY_MS)
  })
}

/** How soon after a request the background work resumes. */
const BACKGROUND_DELAY_MS = 25

main()
