/**
 * Maps DOM points inside the reader to offsets in the article's canonical text and back.
 *
 * Every block element carries `data-block-start` (and `data-block-end`), and contains only the text of
 * `text.slice(start, end)` split over text nodes (highlight spans add elements, never characters). So the
 * offset of a point is the block's start plus the length of the text before the point inside the block.
 */

export const BLOCK_SELECTOR = '[data-block-start]'

export interface TextRange {
  start: number
  end: number
}

export interface DomPoint {
  node: Node
  offset: number
}

function blockStart(block: Element): number {
  return Number(block.getAttribute('data-block-start'))
}

function blockEnd(block: Element): number {
  return Number(block.getAttribute('data-block-end'))
}

/** Length of all text inside `block` that precedes the point (node, offset). */
function textLengthBefore(block: Element, node: Node, offset: number): number {
  // A Range's string is the concatenation of the Text nodes it covers: exactly the characters before the point.
  const range = block.ownerDocument.createRange()
  range.setStart(block, 0)
  range.setEnd(node, offset)
  return range.toString().length
}

/** Where the point lies relative to the block: -1 before it, 0 inside, 1 after. */
function comparePointToBlock(block: Element, node: Node, offset: number): number {
  const range = block.ownerDocument.createRange()
  range.selectNodeContents(block)
  return range.comparePoint(node, offset)
}

/** The canonical offset of a point that lies inside `block`. */
export function offsetInBlock(block: Element, node: Node, offset: number): number {
  return blockStart(block) + textLengthBefore(block, node, offset)
}

/**
 * Converts a DOM Range inside `root` to canonical [start, end). Ends that fall outside any block (between
 * blocks, on a list's own element, or on the title) snap inward to the nearest block, so a sloppy drag
 * still maps to the text the user sees selected. Returns null when the range covers no block text.
 */
export function rangeToOffsets(root: Element, range: Range): TextRange | null {
  const blocks = Array.from(root.querySelectorAll(BLOCK_SELECTOR))
  let start: number | null = null
  for (const block of blocks) {
    const where = comparePointToBlock(block, range.startContainer, range.startOffset)
    if (where === 0) {
      start = offsetInBlock(block, range.startContainer, range.startOffset)
      break
    }
    if (where < 0) {
      start = blockStart(block)
      break
    }
  }
  let end: number | null = null
  for (let i = blocks.length - 1; i >= 0; i--) {
    const block = blocks[i]
    if (!block) continue
    const where = comparePointToBlock(block, range.endContainer, range.endOffset)
    if (where === 0) {
      end = offsetInBlock(block, range.endContainer, range.endOffset)
      break
    }
    if (where > 0) {
      end = blockEnd(block)
      break
    }
  }
  if (start === null || end === null || end <= start) return null
  return { start, end }
}

/** The block element whose range holds `offset` (an offset on a block's end belongs to that block). */
export function findBlock(root: Element, offset: number): Element | null {
  for (const block of Array.from(root.querySelectorAll(BLOCK_SELECTOR))) {
    if (offset >= blockStart(block) && offset <= blockEnd(block)) return block
  }
  return null
}

/** The DOM point of a canonical offset: the reverse of offsetInBlock, used to scroll to and mark a passage. */
export function offsetToPoint(root: Element, offset: number): DomPoint | null {
  const block = findBlock(root, offset)
  if (!block) return null
  let remaining = offset - blockStart(block)
  const walker = block.ownerDocument.createTreeWalker(block, NodeFilter.SHOW_TEXT)
  let last: Text | null = null
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node as Text
    if (remaining <= text.length) return { node: text, offset: remaining }
    remaining -= text.length
    last = text
  }
  return last ? { node: last, offset: last.length } : { node: block, offset: 0 }
}

/** A DOM Range covering canonical [start, end), or null when an end lies outside the rendered blocks. */
export function offsetsToRange(root: Element, start: number, end: number): Range | null {
  const from = offsetToPoint(root, start)
  const to = offsetToPoint(root, end)
  if (!from || !to) return null
  const range = root.ownerDocument.createRange()
  range.setStart(from.node, from.offset)
  range.setEnd(to.node, to.offset)
  return range
}
