import { describe, expect, it } from 'vitest'
import type { Highlight } from '../../../shared/model'
import { sortByPosition, splitBlock } from './segments'

function highlight(id: string, start: number, end: number): Highlight {
  return {
    id,
    articleId: 'a',
    versionId: 'v',
    quote: { type: 'TextQuoteSelector', exact: '', prefix: '', suffix: '' },
    position: { type: 'TextPositionSelector', start, end },
    note: '',
    color: 'yellow',
    anchor: { status: 'anchored', method: 'created', score: 1, reason: null },
    entities: [],
    tags: [],
    createdAt: '',
    updatedAt: '',
  }
}

describe('splitBlock', () => {
  it('returns the whole block when nothing is highlighted', () => {
    expect(splitBlock(10, 20, [])).toEqual([{ start: 10, end: 20, highlights: [] }])
  })

  it('cuts at every boundary of overlapping highlights and keeps the text contiguous', () => {
    const a = highlight('a', 12, 16)
    const b = highlight('b', 14, 25)
    const segments = splitBlock(10, 20, [a, b])
    expect(segments.map((s) => [s.start, s.end, s.highlights.map((h) => h.id).join('')])).toEqual([
      [10, 12, ''],
      [12, 14, 'a'],
      [14, 16, 'ab'],
      [16, 20, 'b'],
    ])
  })

  it('ignores highlights outside the block and ones that only touch it', () => {
    expect(splitBlock(10, 20, [highlight('x', 0, 10), highlight('y', 20, 30)])).toEqual([
      { start: 10, end: 20, highlights: [] },
    ])
  })
})

describe('sortByPosition', () => {
  it('orders by start, the longer first on a tie', () => {
    const sorted = sortByPosition([highlight('c', 5, 6), highlight('a', 1, 3), highlight('b', 1, 9)])
    expect(sorted.map((h) => h.id)).toEqual(['b', 'a', 'c'])
  })
})
