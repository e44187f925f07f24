import { describe, expect, it } from 'vitest'
import { progressLine } from './import-progress'

describe('the import progress line', () => {
  it('gives the position at first, then the rate and the time left once there is a rate to go by', () => {
    expect(progressLine({ done: 0, total: 340, startedAt: 1_000 }, 1_500)).toBe('1 of 340')
    expect(progressLine({ done: 40, total: 340, startedAt: 0 }, 5_000)).toBe(
      '41 of 340 · 8.0 files/s · about 38 s left',
    )
    expect(progressLine({ done: 100, total: 10_000, startedAt: 0 }, 4_000)).toBe(
      '101 of 10000 · 25 files/s · about 7 min left',
    )
  })
})
