import type { Database } from 'better-sqlite3-multiple-ciphers'

/** A bound on one commit's work, so a long queue still reaches the disk (and the UI hears back) in steps. */
const MAX_BATCH = 64
/**
 * How long stored work may wait for more to join its commit while more is on its way: a commit
 * waits for the disk (~3 ms here, far more on a laptop's disk under load), so sharing it is what makes a
 * bulk import fast, and a file acknowledged 30 ms later is not noticed.
 */
const MAX_WAIT_MS = 30

interface Pending {
  work: () => unknown
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
}

/**
 * Stores files that finish reading at about the same time in one transaction: the archive is opened with
 * `synchronous = FULL`, so every commit waits for the disk, and a bulk import reading on several threads
 * would otherwise wait for one flush per file. Nothing is acknowledged before its commit is on disk, so an
 * acknowledged import still survives a power cut. Each piece of work runs in its own savepoint: one that
 * throws is rolled back alone and rejects alone; the others commit.
 */
export class GroupCommit {
  private readonly queue: Pending[] = []
  private scheduled = false
  private oldestAt = 0

  /**
   * `moreComing` says whether other work is on its way (the importer: files queued for a busy reading
   * thread): only then does queued work wait, up to MAX_WAIT_MS, for it. A single file is committed at once.
   */
  constructor(
    private readonly db: Database,
    private readonly moreComing: () => boolean = () => false,
  ) {}

  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject })
      this.schedule()
    })
  }

  private schedule(): void {
    if (this.scheduled) return
    this.scheduled = true
    this.oldestAt = performance.now()
    // After the messages already waiting (other files' extractions) have been read, so they join this batch.
    setImmediate(() => this.due())
  }

  private due(): void {
    const waited = performance.now() - this.oldestAt
    if (this.queue.length < MAX_BATCH && this.moreComing() && waited < MAX_WAIT_MS) {
      setTimeout(() => this.due(), Math.min(5, MAX_WAIT_MS - waited))
      return
    }
    this.flush()
  }

  private flush(): void {
    this.scheduled = false
    const batch = this.queue.splice(0, MAX_BATCH)
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = []
    try {
      this.db
        .transaction(() => {
          for (const item of batch) {
            try {
              outcomes.push({ ok: true, value: this.db.transaction(item.work)() })
            } catch (error) {
              outcomes.push({ ok: false, error })
            }
          }
        })
        .immediate()
    } catch (error) {
      // The commit itself failed (a full disk): nothing of the batch was stored.
      for (const item of batch) item.reject(error)
      if (this.queue.length > 0) this.schedule()
      return
    }
    batch.forEach((item, i) => {
      const outcome = outcomes[i]
      if (outcome?.ok) item.resolve(outcome.value)
      else item.reject(outcome?.error)
    })
    if (this.queue.length > 0) this.schedule()
  }
}
