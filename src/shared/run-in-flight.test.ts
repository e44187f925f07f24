import { describe, expect, it } from 'vitest'
import { runInFlight } from './run-in-flight'

const tick = (ms: number) => new Promise((done) => setTimeout(done, ms))

describe('runInFlight', () => {
  it('never runs more than the limit at once, and runs every item once', async () => {
    let running = 0
    let most = 0
    const seen: number[] = []
    await runInFlight([...Array(20).keys()], 3, async (item) => {
      running++
      most = Math.max(most, running)
      await tick(item % 4)
      seen.push(item)
      running--
    })
    expect(most).toBe(3)
    expect(seen.sort((a, b) => a - b)).toEqual([...Array(20).keys()])
  })

  it('starts items in order and, once stopped, skips the rest instead of starting them', async () => {
    const started: number[] = []
    const skipped: number[] = []
    let stop = false
    await runInFlight(
      [...Array(10).keys()],
      2,
      async (item) => {
        started.push(item)
        if (item === 3) stop = true
        await tick(1)
      },
      { stopped: () => stop, skip: (item) => skipped.push(item) },
    )
    expect(started).toEqual([0, 1, 2, 3])
    expect(skipped).toEqual([4, 5, 6, 7, 8, 9])
  })

  it('finishes at once on no items', async () => {
    let calls = 0
    await runInFlight([], 4, async () => void calls++)
    expect(calls).toBe(0)
  })
})
