import { spawnWorker } from '../spawn-worker'
import type { Channel, InputOf, OutputOf } from '../../shared/contract'
import { CasebookError, type Envelope } from '../../shared/errors'
import type { ArchiveInfo } from '../../shared/model'
import type { CoreWorkerData, RequestMessage, WorkerMessage } from './protocol'

export interface CoreHostOptions extends CoreWorkerData {
  /** The worker entry: the bundled `worker.js` in Electron, or `worker.ts` under tsx. */
  workerFile: string
}

export interface CoreHost {
  readonly info: ArchiveInfo
  /** Sends an untrusted request; the worker parses it against the contract. */
  invokeRaw(channel: string, input: unknown): Promise<Envelope<unknown>>
  invoke<C extends Channel>(channel: C, input: InputOf<C>): Promise<Envelope<OutputOf<C>>>
  close(): Promise<void>
}

/**
 * Starts the archive engine in a worker thread, so better-sqlite3's synchronous calls and index builds
 * never block the thread that serves the UI. Rejects with the engine's error if the archive is refused.
 */
export function startCoreHost(options: CoreHostOptions): Promise<CoreHost> {
  const { workerFile, ...workerData } = options
  const worker = spawnWorker(workerFile, { workerData })
  const pending = new Map<number, (envelope: Envelope<unknown>) => void>()
  let nextId = 1
  let closed = false

  const failAll = (message: string) => {
    for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'internal', message } })
    pending.clear()
  }

  return new Promise<CoreHost>((resolve, reject) => {
    worker.on('error', (error) => {
      failAll(`the archive engine stopped: ${error.message}`)
      reject(error)
    })
    worker.on('exit', () => {
      closed = true
      failAll('the archive engine has stopped')
      reject(new CasebookError('internal', 'the archive engine stopped before it was ready'))
    })
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'failed') {
        reject(new CasebookError(message.error.code, message.error.message))
        // The worker ends by itself once it has said so (nothing is left to run in it). It is not
        // terminated at once: a thread torn down while the SQLite addon's cleanup may still run can take
        // the whole process with it (an e2e lost its server a few seconds after a wrong passphrase, under
        // load). Terminated only if it lingers.
        const linger = setTimeout(() => void worker.terminate(), 10_000)
        linger.unref()
        worker.once('exit', () => clearTimeout(linger))
      } else if (message.type === 'ready') {
        resolve(host(message.info))
      } else {
        pending.get(message.id)?.(message.envelope)
        pending.delete(message.id)
      }
    })
  })

  function host(info: ArchiveInfo): CoreHost {
    const invokeRaw = (channel: string, input: unknown): Promise<Envelope<unknown>> => {
      if (closed)
        return Promise.resolve({ ok: false, error: { code: 'internal', message: 'the archive is closed' } })
      const id = nextId++
      return new Promise((resolve) => {
        pending.set(id, resolve)
        const request: RequestMessage = { id, channel, input }
        worker.postMessage(request)
      })
    }
    return {
      info,
      invokeRaw,
      invoke: (channel, input) => invokeRaw(channel, input) as never,
      async close() {
        if (closed) return
        closed = true
        worker.postMessage({ id: 0, channel: '__close', input: null } satisfies RequestMessage)
        await new Promise<void>((done) => worker.once('exit', () => done()))
      },
    }
  }
}
