import { availableParallelism } from 'node:os'
import type { Worker } from 'node:worker_threads'
import { CasebookError } from '../../shared/errors'
import { siblingEntry, spawnWorker } from '../spawn-worker'
import { rebuildFailure, type ExtractionFailure } from './extract-for-import'
import type { ExtractedFile } from './extracted-article'

export interface ExtractionRequest {
  id: number
  fileName: string
  bytes: Uint8Array
}

export type ExtractionReply =
  | { id: number; extracted: ExtractedFile; failure?: undefined }
  | { id: number; failure: ExtractionFailure; extracted?: undefined }

/** What a reading thread says: it is ready (once, when its modules are loaded), or a file's outcome. */
export type ThreadMessage = ExtractionReply | { ready: true }

export interface ExtractionPoolOptions {
  /** How many files are read at once, each on its own thread. */
  threads: number
  /** The worker entry: `extract-worker.ts` from source, the bundled `extract-worker.js` in Electron. */
  workerFile?: string
  /** A file whose reading takes longer than this fails, and its thread is replaced. */
  timeoutMs?: number
  /** A thread left idle this long ends (pdf.js and Readability hold a lot of memory); a new one starts on demand. */
  idleMs?: number
  /** Each thread's heap cap: a file that needs more fails alone. */
  maxHeapMb?: number
}

/**
 * The threads a bulk import reads files on: every core up to 4 (storing and indexing, on the engine's own
 * thread, are the lighter part), or CASEBOOK_IMPORT_THREADS (0 reads on the engine's thread) to tune or
 * compare in a benchmark.
 */
export function defaultExtractionThreads(env: NodeJS.ProcessEnv = process.env): number {
  const asked = Number(env.CASEBOOK_IMPORT_THREADS)
  if (env.CASEBOOK_IMPORT_THREADS !== undefined && Number.isInteger(asked) && asked >= 0 && asked <= 16)
    return asked
  return Math.max(1, Math.min(4, availableParallelism()))
}

const DEFAULT_TIMEOUT_MS = 5 * 60_000
const DEFAULT_IDLE_MS = 20_000
const DEFAULT_MAX_HEAP_MB = 2048
/**
 * Files sent to a thread at once: the one it reads and the next few, so it goes on the moment one is done
 * instead of waiting for the archive's thread (busy storing and indexing, ~50 ms a step) to hand it one. A
 * bulk import of saved pages left the cores 15% idle with one file a thread, 6% with six. The files waiting
 * in a thread are bounded in bytes too (the file being read always goes): big PDFs queue in the pool.
 */
const FILES_PER_THREAD = 6
const WAITING_BYTES_PER_THREAD = 8 * 1024 * 1024

interface Job extends ExtractionRequest {
  resolve: (extracted: ExtractedFile) => void
  reject: (error: Error) => void
}

interface Thread {
  worker: Worker
  /** Its modules are loaded: files are sent to it only then, so a file's time limit excludes start-up. */
  ready: boolean
  /** Files sent to it, in order: the first is being read, the others wait in the thread. */
  jobs: Job[]
  timer: NodeJS.Timeout | null
}

/**
 * Reads import files on worker threads, so a bulk import parses on every core while the archive's own
 * thread stores and indexes (issue 7: 10,000 pages in a minute needs both cores). Each thread reads one
 * file at a time, holding the next few (FILES_PER_THREAD); a file that crashes its thread, exhausts its heap or
 * runs past the time limit fails with its reason and the thread is replaced, and the files waiting in that
 * thread go back to the queue, so one bad file never stops the rest.
 */
export class ExtractionPool {
  private readonly threads: Thread[] = []
  private readonly queue: Job[] = []
  private nextId = 1
  private closed = false
  private filesServed = 0
  private readonly workerFile: string
  private readonly timeoutMs: number
  private readonly idleMs: number
  private readonly maxHeapMb: number

  constructor(private readonly options: ExtractionPoolOptions) {
    this.workerFile = options.workerFile ?? sourceWorkerFile()
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
    this.idleMs = options.idleMs ?? DEFAULT_IDLE_MS
    this.maxHeapMb = options.maxHeapMb ?? DEFAULT_MAX_HEAP_MB
  }

  /**
   * Files queued for a thread (every thread holds as many as it may). The importer's commits wait for more
   * files only while some are queued here (group-commit.ts), not for those a thread holds: counting those
   * holds nearly every commit back up to 30 ms, so the answers come later and the shells send fewer files
   * (in one 10,000-page run the cores were 9-10% idle against 5-8%).
   */
  get waiting(): number {
    return this.queue.length
  }

  /** Threads that have loaded their modules and take files. */
  get readyThreads(): number {
    return this.threads.filter((t) => t.ready).length
  }

  /** Files read on the threads so far. */
  get served(): number {
    return this.filesServed
  }

  /**
   * Starts a thread without waiting for it (it loads its modules, seconds from source): the importer reads
   * files itself until one is ready, so the first file of an import never waits for a thread. One at a
   * time: threads loading modules all at once took every core from the import they were started for; more
   * start as files queue for a ready thread (dispatch).
   */
  boot(): void {
    if (this.closed || this.threads.length > 0) return
    this.start()
  }

  /** Threads running now (they end when idle). */
  get size(): number {
    return this.threads.length
  }

  extract(fileName: string, bytes: Uint8Array): Promise<ExtractedFile> {
    if (this.closed) return Promise.reject(new CasebookError('internal', 'the import pool is closed'))
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, fileName, bytes, resolve, reject })
      this.dispatch()
    })
  }

  /**
   * Starts every thread and has each read the file once (nothing is stored): their modules are loaded and
   * compiled before a measured run, as they are in an app that has imported before.
   */
  async warmUp(fileName: string, bytes: Uint8Array): Promise<void> {
    while (this.threads.length < this.options.threads) this.start()
    await Promise.all(
      this.threads.map(
        (thread) =>
          new Promise<void>((resolve) => {
            this.run(thread, {
              id: this.nextId++,
              fileName,
              bytes,
              resolve: () => resolve(),
              reject: () => resolve(),
            })
          }),
      ),
    )
  }

  /** Ends every thread; files still queued or being read fail. */
  async close(): Promise<void> {
    this.closed = true
    for (const job of this.queue.splice(0))
      job.reject(new CasebookError('internal', 'the import pool closed'))
    await Promise.all(this.threads.splice(0).map((thread) => this.end(thread, 'the import pool closed')))
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      // An idle thread first, then one with room for a next file; a new thread before a second file.
      const ready = this.threads.filter((t) => t.ready)
      const idle = ready.find((t) => t.jobs.length === 0)
      if (!idle && this.threads.length < this.options.threads) {
        // A thread starting up takes files once it says it is ready.
        this.start()
        return
      }
      const job = this.queue[0] as Job
      // Among busy threads, the one holding fewest files: the next file waits behind as little as may be.
      const roomy = ready.filter((t) => hasRoom(t, job)).sort((a, b) => a.jobs.length - b.jobs.length)
      const thread = idle ?? roomy[0]
      if (!thread) return
      this.run(thread, this.queue.shift() as Job)
    }
  }

  private run(thread: Thread, job: Job): void {
    thread.jobs.push(job)
    thread.worker.ref()
    if (thread.jobs.length === 1) this.startClock(thread)
    const request: ExtractionRequest = { id: job.id, fileName: job.fileName, bytes: job.bytes }
    thread.worker.postMessage(request)
  }

  /** The time limit of the file the thread reads now (the first of its files). */
  private startClock(thread: Thread): void {
    if (thread.timer) clearTimeout(thread.timer)
    thread.timer = setTimeout(() => {
      void this.end(thread, `reading it took longer than ${durationOf(this.timeoutMs)}`)
    }, this.timeoutMs)
  }

  private start(): Thread {
    const worker = spawnWorker(this.workerFile, {
      resourceLimits: { maxOldGenerationSizeMb: this.maxHeapMb },
    })
    const thread: Thread = { worker, ready: false, jobs: [], timer: null }
    worker.on('message', (message: ThreadMessage) => {
      if ('ready' in message) {
        thread.ready = true
        if (thread.jobs.length === 0) this.idle(thread) // a warm-up's file may be waiting in it already
        this.dispatch()
        return
      }
      const reply = message
      const job = thread.jobs[0]
      if (!job || job.id !== reply.id) return
      thread.jobs.shift()
      this.filesServed++
      if (reply.extracted) job.resolve(reply.extracted)
      else job.reject(rebuildFailure(reply.failure))
      // The thread has started its next file, if it holds one.
      if (thread.jobs.length > 0) this.startClock(thread)
      else this.idle(thread)
      this.dispatch()
    })
    worker.on('error', (error: Error & { code?: string }) => {
      const reason =
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `reading it needs more than the ${this.maxHeapMb} MB of memory Casebook gives one file`
          : `reading it stopped the reader (${error.message})`
      this.fail(thread, reason)
    })
    worker.on('exit', () => this.fail(thread, 'the reader stopped while reading it'))
    this.threads.push(thread)
    return thread
  }

  /**
   * The thread is gone (or going): the file it was reading fails with the reason; the files waiting in it
   * were never started, so they go back to the front of the queue (or fail too, when the pool is closing).
   */
  private fail(thread: Thread, reason: string): void {
    const index = this.threads.indexOf(thread)
    if (index >= 0) this.threads.splice(index, 1)
    if (thread.timer) clearTimeout(thread.timer)
    const [reading, ...waiting] = thread.jobs.splice(0)
    // Closing the pool is no fault of the file being read.
    reading?.reject(new CasebookError(this.closed ? 'internal' : 'bad_file', reason))
    if (this.closed)
      for (const job of waiting) job.reject(new CasebookError('internal', 'the import pool closed'))
    else {
      this.queue.unshift(...waiting)
      this.dispatch()
    }
  }

  private idle(thread: Thread): void {
    // An idle pool must not keep the process alive (the CLI exits when its import is done).
    thread.worker.unref()
    if (thread.timer) clearTimeout(thread.timer)
    thread.timer = setTimeout(() => void this.end(thread, 'idle'), this.idleMs)
    thread.timer.unref()
  }

  private async end(thread: Thread, reason: string): Promise<void> {
    this.fail(thread, reason)
    await thread.worker.terminate()
  }
}

/** Whether a busy thread may take one more file to hold until it is done with the one it reads. */
function hasRoom(thread: Thread, job: Job): boolean {
  if (thread.jobs.length >= FILES_PER_THREAD) return false
  const waiting = thread.jobs.slice(1).reduce((bytes, waiter) => bytes + waiter.bytes.byteLength, 0)
  return waiting + job.bytes.byteLength <= WAITING_BYTES_PER_THREAD
}

/**
 * From source, `extract-worker.ts` beside this module; in a bundle (the CLI bundled for tests), the
 * bundled entry beside the bundle, with the bundle's own extension.
 */
function sourceWorkerFile(): string {
  return siblingEntry(import.meta.url, 'extract-worker')
}

function durationOf(ms: number): string {
  const [count, unit] =
    ms >= 60_000 ? [Math.round(ms / 60_000), 'minute'] : [Math.max(1, Math.round(ms / 1000)), 'second']
  return `${count} ${unit}${count === 1 ? '' : 's'}`
}
