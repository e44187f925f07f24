import { describe, expect, it } from 'vitest'
import {
  BUSY_MAX_MERGE_DOCS,
  BUSY_MAX_SEGMENTS,
  MAX_SEGMENTS,
  segmentsToMerge,
  type SegmentSize,
} from './merge-policy'

const sizes = (...counts: number[]): SegmentSize[] => counts.map((docCount, i) => ({ id: `s${i}`, docCount }))

describe('segmentsToMerge', () => {
  it('merges six segments of one size tier, smallest tier first', () => {
    expect(segmentsToMerge(sizes(40, 1, 2, 1, 3, 1, 1, 50), 5000)).toEqual([
      's1',
      's3',
      's5',
      's6',
      's2',
      's4',
    ])
    expect(segmentsToMerge(sizes(40, 1, 2, 1, 3, 1), 5000)).toBeNull()
  })

  it('leaves a growing segment alone while small ones pile up beside it', () => {
    // The old rule (the six smallest, whatever their sizes) merged the 2,400 with five small ones, again
    // and again; the tiers wait for six of a size.
    expect(segmentsToMerge(sizes(2400, 8, 8, 8, 8, 8, 300, 50), 5000)).toBeNull()
    expect(segmentsToMerge(sizes(2400, 8, 8, 8, 8, 8, 9), 5000)).toEqual(['s1', 's2', 's3', 's4', 's5', 's6'])
  })

  it('never makes a segment past the limit, and leaves full ones out', () => {
    expect(segmentsToMerge(sizes(2, 2, 2, 2, 2, 2), 3)).toBeNull()
    expect(segmentsToMerge(sizes(5000, 5000, 5000, 5000, 5000, 5000, 5000), 5000)).toBeNull()
    expect(segmentsToMerge(sizes(1, 1, 1, 1, 1, 1), 3)).toEqual(['s0', 's1', 's2'])
  })

  it('bounds the count of segments whatever their tiers', () => {
    const many = sizes(...Array.from({ length: MAX_SEGMENTS + 1 }, (_, i) => 6 ** (i % 5) * 5))
    expect(segmentsToMerge(many, 1e9)?.length).toBeGreaterThanOrEqual(2)
  })

  it('while busy, makes only small merges, and bounds the segments all the same', () => {
    const smalls = sizes(25, 25, 25, 25, 25, 25)
    expect(segmentsToMerge(smalls, 5000, true)).toEqual(['s0', 's1', 's2', 's3', 's4', 's5'])
    // Six of 150 is 900 articles, over the busy bound: left for when the import stops.
    const tier2 = sizes(150, 150, 150, 150, 150, 150)
    expect(6 * 150).toBeGreaterThan(BUSY_MAX_MERGE_DOCS)
    expect(segmentsToMerge(tier2, 5000, true)).toBeNull()
    expect(segmentsToMerge(tier2, 5000, false)).toHaveLength(6)
    // More segments than the non-busy bound are allowed while busy, up to the busy bound.
    const many = sizes(...Array.from({ length: MAX_SEGMENTS + 10 }, (_, i) => 150 + (i % 5) * 40))
    expect(segmentsToMerge(many, 5000, true)).toBeNull()
    const tooMany = sizes(...Array.from({ length: BUSY_MAX_SEGMENTS + 1 }, (_, i) => 150 + (i % 5) * 40))
    expect(segmentsToMerge(tooMany, 5000, true)?.length).toBeGreaterThanOrEqual(2)
  })
})
