import type { Highlight } from '../../../shared/model'

/** A run of a block's text covered by the same set of highlights. */
export interface Segment {
  start: number
  end: number
  /** Highlights covering the run, in the order they were given (text order). */
  highlights: Highlight[]
}

/**
 * Splits the block [blockStart, blockEnd) at every highlight boundary inside it, so overlapping highlights
 * render as nested depths without altering the text: the segments concatenate to the block's text exactly.
 */
export function splitBlock(
  blockStart: number,
  blockEnd: number,
  highlights: readonly Highlight[],
): Segment[] {
  const inside = highlights.filter((h) => h.position.start < blockEnd && h.position.end > blockStart)
  const cuts = new Set<number>([blockStart, blockEnd])
  for (const h of inside) {
    cuts.add(Math.max(blockStart, h.position.start))
    cuts.add(Math.min(blockEnd, h.position.end))
  }
  const points = [...cuts].sort((a, b) => a - b)
  const segments: Segment[] = []
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i] as number
    const end = points[i + 1] as number
    if (end <= start) continue
    segments.push({
      start,
      end,
      highlights: inside.filter((h) => h.position.start <= start && h.position.end >= end),
    })
  }
  return segments
}

/** Highlights in reading order (then the longer one first), as the right panel lists them. */
export function sortByPosition(highlights: readonly Highlight[]): Highlight[] {
  return [...highlights].sort(
    (a, b) => a.position.start - b.position.start || b.position.end - a.position.end,
  )
}
