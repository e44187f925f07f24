/**
 * How many files a shell keeps in the engine's hands at once during a bulk import: enough that each reading
 * thread holds several while the engine's thread is busy storing or indexing (a 10,000-page import left the
 * cores 12% idle with 6, 6% with 16), and never more than IN_FLIGHT_BYTES of them, so memory stays bounded
 * whatever the files' sizes (each is at most 50 MB, sent whole).
 */
export const FILES_IN_FLIGHT = 16
export const IN_FLIGHT_BYTES = 64 * 1024 * 1024

export interface InFlightOptions<T> {
  /** Checked before each item starts: once true, that item and the rest go to `skip` instead. */
  stopped?: () => boolean
  skip?: (item: T, index: number) => void
  /** An item's size: items start while the sizes in flight stay within `maxSize` (one always may). */
  sizeOf?: (item: T) => number
  maxSize?: number
}

/**
 * Runs `work` on each item with at most `limit` running at once (and, with `sizeOf`, at most `maxSize` of
 * their sizes), starting them in order. Once `stopped()` says so, no further item starts; those are handed
 * to `skip` instead (a cancelled import lists them). Resolves when every started item has finished.
 */
export async function runInFlight<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
  options: InFlightOptions<T> = {},
): Promise<void> {
  const maxSize = options.maxSize ?? Infinity
  let next = 0
  let sizeInFlight = 0
  let running = 0
  /** Lanes waiting for room, woken as items finish. */
  let waiters: Array<() => void> = []
  const finished = () => {
    const woken = waiters
    waiters = []
    for (const wake of woken) wake()
  }
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      // The next item is claimed only once it may start, so items start in their order whatever their sizes.
      const index = next
      const item = items[index] as T
      const size = options.sizeOf?.(item) ?? 0
      const stopping = options.stopped?.() ?? false
      if (!stopping && running > 0 && sizeInFlight + size > maxSize) {
        await new Promise<void>((wake) => waiters.push(wake))
        continue // another lane may have claimed it meanwhile
      }
      next++
      if (stopping) {
        options.skip?.(item, index)
        continue
      }
      running++
      sizeInFlight += size
      try {
        await work(item, index)
      } finally {
        running--
        sizeInFlight -= size
        finished()
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane))
}
