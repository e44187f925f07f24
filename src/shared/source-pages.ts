import type { Block } from './model'

/** The pages of the source file (a PDF) a passage lies on: first and last, the same for one page. */
export interface PageSpan {
  first: number
  last: number
}

/** The page at a text offset: that of the last block with a page starting at or before it. */
function pageAt(blocks: readonly Block[], offset: number): number | null {
  let page: number | null = null
  for (const block of blocks) {
    if (block.start > offset) break
    if (block.page !== undefined) page = block.page
  }
  return page
}

/**
 * The pages a [start, end) range of a version's text lies on, from the page each block starts on; null
 * when the version's source has no pages (anything but a PDF). A block only knows its first page, so a
 * paragraph running over a page break counts as on its first page: the span may end a page early, never
 * start on a wrong one.
 */
export function pagesOfRange(blocks: readonly Block[], start: number, end: number): PageSpan | null {
  const first = pageAt(blocks, start)
  if (first === null) return null
  const last = pageAt(blocks, Math.max(start, end - 1)) ?? first
  return { first, last: Math.max(first, last) }
}

/** "p. 3", or "pp. 3–4" for a passage across pages, as a citation writes it. */
export function pageLabel(span: PageSpan): string {
  return span.first === span.last ? `p. ${span.first}` : `pp. ${span.first}–${span.last}`
}

/**
 * The blocks that begin a new page of the source (the first block with a page, and each whose page
 * differs from the block before), by their start offsets: where the reader marks "Page n".
 */
export function pageStarts(blocks: readonly Block[]): Map<number, number> {
  const starts = new Map<number, number>()
  let current: number | undefined
  for (const block of blocks) {
    if (block.page === undefined || block.page === current) continue
    starts.set(block.start, block.page)
    current = block.page
  }
  return starts
}
