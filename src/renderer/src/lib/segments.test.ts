import { describe, expect, it } from 'vitest'
import type { Highlight } from '../../../shared/model'
import { leadHighlight, sortByPosition, splitBlock, stepHighlight } from './segments'

function highlight(id: string, start: number, end: number, createdAt = ''): Highlight {
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
    createdAt,
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

describe('leadHighlight', () => {
  it('takes the innermost highlight of an overlap, the newest of equally long ones', () => {
    const outer = { ...highlight('outer', 0, 20), color: 'blue' as const }
    const inner = { ...highlight('inner', 5, 10), color: 'pink' as const }
    expect(leadHighlight([outer, inner])?.color).toBe('pink')
    const older = highlight('older', 5, 10, '2026-01-01T00:00:00Z')
    const newer = highlight('newer', 5, 10, '2026-02-01T00:00:00Z')
    expect(leadHighlight([newer, older])?.id).toBe('newer')
    expect(leadHighlight([older, newer])?.id).toBe('newer')
    expect(leadHighlight([])).toBeUndefined()
  })
})

describe('stepHighlight', () => {
  const ordered = [highlight('a', 0, 2), highlight('b', 4, 6), highlight('c', 8, 9)]

  it('steps forwards and backwards in reading order, wrapping around', () => {
    expect(stepHighlight(ordered, 'a', 1)?.id).toBe('b')
    expect(stepHighlight(ordered, 'c', 1)?.id).toBe('a')
    expect(stepHighlight(ordered, 'a', -1)?.id).toBe('c')
  })

  it('starts at the first (forwards) or the last (backwards) without a current highlight', () => {
    expect(stepHighlight(ordered, null, 1)?.id).toBe('a')
    expect(stepHighlight(ordered, 'gone', -1)?.id).toBe('c')
    expect(stepHighlight([], null, 1)).toBeUndefined()
  })
})
