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

  it('keeps the sizes in flight within the bound, yet always lets one item run', async () => {
    let size = 0
    let most = 0
    const sizes = [30, 30, 30, 100, 10, 10, 10, 10, 60]
    const done: number[] = []
    await runInFlight(
      sizes,
      8,
      async (item, index) => {
        size += item
        most = Math.max(most, size)
        await tick(2)
        done.push(index)
        size -= item
      },
      { sizeOf: (item) => item, maxSize: 64 },
    )
    // The 100 ran alone (nothing else fits beside it); otherwise no more than 64 at once.
    expect(most).toBe(100)
    expect(done.sort((a, b) => a - b)).toEqual([...sizes.keys()])
    let beside100 = false
    size = 0
    await runInFlight(
      sizes,
      8,
      async (item) => {
        size += item
        if (item === 100 && size !== 100) beside100 = true
        if (item !== 100) expect(size).toBeLessThanOrEqual(64)
        await tick(1)
        size -= item
      },
      { sizeOf: (item) => item, maxSize: 64 },
    )
    expect(beside100).toBe(false)
  })

  it('starts items in their order under the size bound, and skips the rest at once once stopped', async () => {
    const started: number[] = []
    const skipped: number[] = []
    await runInFlight(
      [30, 30, 30, 100, 10, 10, 10],
      8,
      async (item, index) => {
        started.push(index)
        await tick(2)
      },
      { sizeOf: (item) => item, maxSize: 64 },
    )
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6])
    let stop = false
    await runInFlight(
      [60, 60, 60, 60],
      4,
      async (item, index) => {
        started.push(10 + index)
        stop = true
        await tick(5)
      },
      {
        sizeOf: (item) => item,
        maxSize: 64,
        stopped: () => stop,
        skip: (item, index) => skipped.push(index),
      },
    )
    expect(started.slice(7)).toEqual([10])
    expect(skipped).toEqual([1, 2, 3])
  })
})
