import { trimRange } from '../../../shared/anchoring'
import { rangeToOffsets, type TextRange } from './dom-offsets'

export interface ReaderSelection extends TextRange {
  /** The selection's box, for placing the floating toolbar. */
  rect: DOMRect
}

/**
 * The user's current selection inside the reader body as canonical offsets, trimmed of surrounding
 * whitespace; null when nothing (or only whitespace) of the article is selected.
 */
export function readSelection(root: Element | null, text: string): ReaderSelection | null {
  if (!root) return null
  const selection = root.ownerDocument.getSelection()
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null
  const range = selection.getRangeAt(0)
  if (!root.contains(range.commonAncestorContainer) && !range.intersectsNode(root)) return null
  const offsets = rangeToOffsets(root, range)
  if (!offsets) return null
  const trimmed = trimRange(text, offsets.start, offsets.end)
  if (trimmed.end <= trimmed.start) return null
  return { ...trimmed, rect: range.getBoundingClientRect() }
}
