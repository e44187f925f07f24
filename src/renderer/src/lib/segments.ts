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

/**
 * The highlight whose colour a run of overlapping highlights takes: the innermost (shortest), which is the
 * one a click selects first and the one the user most likely means; of equally long ones, the newest.
 */
export function leadHighlight(highlights: readonly Highlight[]): Highlight | undefined {
  let lead: Highlight | undefined
  for (const h of highlights) {
    if (!lead) {
      lead = h
      continue
    }
    const length = h.position.end - h.position.start
    const leadLength = lead.position.end - lead.position.start
    if (length < leadLength || (length === leadLength && h.createdAt > lead.createdAt)) lead = h
  }
  return lead
}

/**
 * The highlight after (`delta` 1) or before (-1) `currentId` in reading order, wrapping around; with no
 * current one (or one no longer shown), the first or the last.
 */
export function stepHighlight(
  ordered: readonly Highlight[],
  currentId: string | null,
  delta: 1 | -1,
): Highlight | undefined {
  if (ordered.length === 0) return undefined
  const at = currentId === null ? -1 : ordered.findIndex((h) => h.id === currentId)
  if (at === -1) return delta === 1 ? ordered[0] : ordered[ordered.length - 1]
  return ordered[(at + delta + ordered.length) % ordered.length]
}
