import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parentPort, workerData } from 'node:worker_threads'
import { contract } from '../../shared/contract'
import { CasebookError, type Envelope } from '../../shared/errors'
import { auditKeyChange, auditRestore } from '../audit/backup-audit'
import { restoreListedBackup } from '../backup/restore-backup'
import { passphraseOf } from '../backup/database-file'
import type { OpenArchiveOptions } from '../db/open-archive'
import { openEngine, type Engine } from '../engine'
import { defaultExtractionThreads } from '../import/extraction-pool'
import { siblingEntry } from '../spawn-worker'
import { changeArchiveKey } from './passphrase-change'
import type { CoreWorkerData, RequestMessage, WorkerMessage } from './protocol'

/** The engine's thread: opens the archive, then answers requests one at a time in arrival order. */
function main(): void {
  const port = parentPort
  if (!port) throw new Error('worker.ts must run as a worker thread')
  const post = (message: WorkerMessage) => port.postMessage(message)
  const { archivePath, nativeBinding, passphrase, restored } = workerData as CoreWorkerData

  // The key changes when the user sets, changes or removes the passphrase ('archive.passphrase.set').
  let openOptions: OpenArchiveOptions = { nativeBinding, passphrase }
  const engineOptions = () => ({
    ...openOptions,
    importThreads: defaultExtractionThreads(),
    extractWorkerFile,
    suggestionThread: true,
    suggestWorkerFile,
  })
  let engine: Engine
  try {
    engine = openEngine(archivePath, engineOptions())
    if (restored) auditRestore(engine.db, restored)
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
  let lastRequestAt = -Infinity
  const backgroundWork = () => {
    scheduled = null
    if (closed) return
    try {
      // While requests keep coming (a bulk import), smaller slices and merges: each file waits less behind
      // one, and the import's reading threads are fed again sooner.
      const busy = performance.now() - lastRequestAt < BUSY_WINDOW_MS
      if (engine.search.backgroundStep(busy ? BUSY_SLICE : undefined, busy)) schedule(0)
      // What a busy step leaves (a last partial slice, a large merge) is done once the requests stop.
      else if (busy) schedule(BUSY_WINDOW_MS)
    } catch (error) {
      console.error(`Casebook: the search index could not be brought up to date: ${(error as Error).message}`)
    }
    // A scheduled backup, when the newest is older than the interval: at start and then while the archive
    // stays open. It runs over later turns of the event loop, so requests are still answered meanwhile.
    if (!closed) void engine.backups.runIfDue()
  }
  const schedule = (delayMs: number) => {
    if (!scheduled && !closed) scheduled = setTimeout(backgroundWork, delayMs)
  }
  schedule(0)
  // An app left open and idle still gets its scheduled backups (the slices above run only after requests).
  const backupClock = setInterval(() => {
    if (!closed) void engine.backups.runIfDue()
  }, BACKUP_CLOCK_MS)
  backupClock.unref()

  /**
   * Work on the archive's file that needs it closed ('backups.restore', 'archive.passphrase.set'): this
   * thread owns the engine, so it closes it (after a backup in progress ends), does the work, opens the
   * archive again — as the work left it, or as it was when the work failed — and logs what was done in the
   * reopened archive's chain. The shells and the UI notice nothing but the reply.
   */
  const withArchiveClosed = async <T>(
    work: () => T,
    log: (db: Engine['db'], done: T) => void,
  ): Promise<Envelope<unknown>> => {
    await engine.backups.settle()
    engine.close()
    let envelope: Envelope<T>
    try {
      envelope = { ok: true, value: work() }
    } catch (error) {
      const code = error instanceof CasebookError ? error.code : 'internal'
      envelope = { ok: false, error: { code, message: (error as Error).message } }
    }
    engine = openEngine(archivePath, engineOptions())
    if (envelope.ok) log(engine.db, envelope.value)
    return envelope
  }

  /** Replaces the archive with one of its backups; the UI then reloads what it shows. */
  const restore = async (input: unknown): Promise<Envelope<unknown>> => {
    const parsed = contract['backups.restore'].input.safeParse(input ?? {})
    if (!parsed.success) return { ok: false, error: { code: 'invalid_input', message: parsed.error.message } }
    const options = { nativeBinding, passphrase: passphraseOf(openOptions) }
    return withArchiveClosed(() => restoreListedBackup(archivePath, parsed.data.file, options), auditRestore)
  }

  /** Sets, changes or removes the passphrase; the engine opens again under the new key. */
  const changeKey = async (input: unknown): Promise<Envelope<unknown>> => {
    const parsed = contract['archive.passphrase.set'].input.safeParse(input ?? {})
    if (!parsed.success) return { ok: false, error: { code: 'invalid_input', message: parsed.error.message } }
    const { current, next } = parsed.data
    return withArchiveClosed(
      () => {
        const outcome = changeArchiveKey(
          archivePath,
          passphraseOf(openOptions),
          { given: current, next },
          nativeBinding,
        )
        openOptions = { nativeBinding, passphrase: next }
        return outcome
      },
      (db, outcome) =>
        auditKeyChange(db, {
          encrypted: outcome.encrypted,
          backupsConverted: outcome.backupsConverted,
          backupsRemoved: outcome.backupsRemoved.length,
          backupsLeft: outcome.backupsLeft.length,
        }),
    )
  }

  port.on('message', (message: RequestMessage) => {
    if (message.channel === '__close') {
      closed = true
      if (scheduled) clearTimeout(scheduled)
      clearInterval(backupClock)
      // A backup in progress is let finish: closing under it would abort it (and delete its file).
      void engine.backups.settle().then(() => {
        engine.close()
        port.close()
      })
      return
    }
    lastRequestAt = performance.now()
    const reply =
      message.channel === 'backups.restore'
        ? restore(message.input)
        : message.channel === 'archive.passphrase.set'
          ? changeKey(message.input)
          : engine.dispatchAsync(message.channel, message.input)
    void reply.then((envelope) => {
      try {
        post({ type: 'reply', id: message.id, envelope })
      } catch (error) {
        // A value that cannot be cloned must fail its request, not stop the engine for every later one.
        post({
          type: 'reply',
          id: message.id,
          envelope: {
            ok: false,
            error: { code: 'internal', message: `the answer could not be sent: ${(error as Error).message}` },
          },
        })
      }
    })
    schedule(BACKGROUND_DELAY_MS)
  })
}

/**
 * The import pool's thread entry. Bundled (Electron), this file is out/main/worker.js and the entry sits
 * beside it (electron.vite.config.ts); from source the pool finds `extract-worker.ts` itself.
 */
const bundled = extname(fileURLToPath(import.meta.url)) !== '.ts'
const extractWorkerFile = bundled ? siblingEntry(import.meta.url, 'extract-worker') : undefined
/** The entity suggestions' thread entry, beside it in the same way. */
const suggestWorkerFile = bundled ? siblingEntry(import.meta.url, 'suggest-worker') : undefined

/** Articles indexed in one background step while requests keep coming (within BUSY_WINDOW_MS of the last). */
const BUSY_SLICE = 25
const BUSY_WINDOW_MS = 250
/** How soon after a request the background work resumes. */
const BACKGROUND_DELAY_MS = 25
/** How often an idle worker asks whether a scheduled backup is due. */
const BACKUP_CLOCK_MS = 10 * 60_000

main()
