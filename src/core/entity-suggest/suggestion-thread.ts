import type { Worker } from 'node:worker_threads'
import { CasebookError } from '../../shared/errors'
import { siblingEntry, spawnWorker } from '../spawn-worker'
import type { EntitySuggestion } from './suggest-entities'

export interface SuggestionRequest {
  id: number
  text: string
  language: string | null
}

export type SuggestionReply =
  | { id: number; suggestions: EntitySuggestion[]; error?: undefined }
  | { id: number; error: string; suggestions?: undefined }

/** Longer than any capped text takes (seconds): past this the thread is stopped and the request fails. */
const TIMEOUT_MS = 60_000
/** compromise and Az hold some 100 MB: an idle thread ends, and the next request starts another (~1 s). */
const IDLE_MS = 60_000
const MAX_HEAP_MB = 1024

interface Pending {
  id: number
  resolve: (suggestions: EntitySuggestion[]) => void
  reject: (error: Error) => void
  timer: NodeJS.Timeout
}

/**
 * One thread that makes entity suggestions, started on the first request and ended when idle. Requests are
 * answered in order; one that runs too long or exhausts the heap fails alone and the thread is replaced.
 */
export class SuggestionThread {
  private worker: Worker | null = null
  private readonly pending = new Map<number, Pending>()
  private nextId = 1
  private idleTimer: NodeJS.Timeout | null = null
  private closed = false

  constructor(private readonly workerFile: string = sourceWorkerFile()) {}

  suggest(text: string, language: string | null): Promise<EntitySuggestion[]> {
    if (this.closed) return Promise.reject(new CasebookError('internal', 'the suggestion thread is closed'))
    const worker = this.running()
    worker.ref()
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => this.stop(`finding names took longer than ${TIMEOUT_MS / 1000} s`),
        TIMEOUT_MS,
      )
      this.pending.set(id, { id, resolve, reject, timer })
      worker.postMessage({ id, text, language } satisfies SuggestionRequest)
    })
  }

  async close(): Promise<void> {
    this.closed = true
    await this.stop('the archive closed')
  }

  private running(): Worker {
    if (this.idleTimer) clearTimeout(this.idleTimer)
    this.idleTimer = null
    if (this.worker) return this.worker
    const worker = spawnWorker(this.workerFile, { resourceLimits: { maxOldGenerationSizeMb: MAX_HEAP_MB } })
    worker.on('message', (reply: SuggestionReply) => {
      const request = this.pending.get(reply.id)
      if (!request) return
      this.pending.delete(reply.id)
      clearTimeout(request.timer)
      if (reply.suggestions) request.resolve(reply.suggestions)
      else request.reject(new CasebookError('internal', `finding names failed: ${reply.error}`))
      if (this.pending.size === 0) {
        // Idle, it keeps no process alive (a CLI run or a test ends without closing it first).
        worker.unref()
        this.idleTimer = setTimeout(() => void this.stop('idle'), IDLE_MS)
        this.idleTimer.unref()
      }
    })
    worker.on('error', (error) => void this.stop(`finding names failed: ${error.message}`))
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = null
      this.failAll('the suggestion thread stopped')
    })
    this.worker = worker
    return worker
  }

  private failAll(reason: string): void {
    for (const request of this.pending.values()) {
      clearTimeout(request.timer)
      request.reject(new CasebookError('internal', reason))
    }
    this.pending.clear()
  }

  private async stop(reason: string): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer)
    this.idleTimer = null
    const worker = this.worker
    this.worker = null
    this.failAll(reason)
    if (worker) await worker.terminate()
  }
}

/** From source, the entry beside this file; bundled (Electron), the host passes `suggest-worker.js`. */
function sourceWorkerFile(): string {
  return siblingEntry(import.meta.url, 'suggest-worker')
}
