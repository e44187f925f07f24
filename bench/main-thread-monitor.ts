import { monitorEventLoopDelay } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'

/**
 * How long the calling thread's event loop was held up while something ran: what a user would feel as a
 * frozen window if this were the thread that serves the UI.
 *
 * Two measures of the same thing, since each has its blind spot: Node's event-loop delay histogram (a libuv
 * timer sampling at 1 ms; its maximum is the longest a due timer waited), and the longest gap between two
 * ticks of a 1 ms `setInterval`, which includes the time the loop spent on everything else in that turn.
 */

export interface BlockReport {
  /** The histogram's maximum delay, in ms. */
  histogramMaxMs: number
  /** The longest gap between two 1 ms interval ticks, less the 1 ms itself, in ms. */
  intervalMaxGapMs: number
}

export interface BlockMonitor {
  /** Lets the loop turn once more (so a block that just ended is recorded), then stops and reports. */
  stop(): Promise<BlockReport>
}

export function startBlockMonitor(): BlockMonitor {
  const histogram = monitorEventLoopDelay({ resolution: 1 })
  histogram.enable()
  let last = performance.now()
  let maxGap = 0
  const interval = setInterval(() => {
    const now = performance.now()
    maxGap = Math.max(maxGap, now - last)
    last = now
  }, 1)
  return {
    async stop() {
      await sleep(5)
      histogram.disable()
      clearInterval(interval)
      return { histogramMaxMs: histogram.max / 1e6, intervalMaxGapMs: Math.max(0, maxGap - 1) }
    },
  }
}

/**
 * Runs a synchronous bulk build on the calling thread under the monitor: for an in-process engine the
 * longest block is the build itself, measured the same way as Casebook's import through its worker.
 */
export async function monitoredBuild<T>(
  build: () => T,
): Promise<{ value: T; ms: number; block: BlockReport }> {
  const monitor = startBlockMonitor()
  // A few idle turns first, so the monitor's own start is not mistaken for the build.
  await sleep(5)
  const start = performance.now()
  const value = build()
  const ms = performance.now() - start
  return { value, ms, block: await monitor.stop() }
}
