/**
 * How many files a shell keeps in the engine's hands at once during a bulk import: enough that every
 * reading thread has the next file waiting (the engine reads on up to 4 threads), few enough that memory
 * stays bounded (each file is at most 50 MB, sent whole).
 */
export const FILES_IN_FLIGHT = 6

/**
 * Runs `work` on each item with at most `limit` running at once, starting them in order. Once `stopped()`
 * says so, no further item starts; those are handed to `skip` instead (a cancelled import lists them).
 * Resolves when every started item has finished.
 */
export async function runInFlight<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
  options: { stopped?: () => boolean; skip?: (item: T, index: number) => void } = {},
): Promise<void> {
  let next = 0
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++
      const item = items[index] as T
      if (options.stopped?.()) options.skip?.(item, index)
      else await work(item, index)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane))
}
