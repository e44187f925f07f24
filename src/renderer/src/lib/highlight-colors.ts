import type { AnchorStatus, HighlightColor } from '../../../shared/model'

/** What each colour is called on screen: the swatches' accessible names and the filter's options. */
export const COLOR_LABELS: Record<HighlightColor, string> = {
  yellow: 'Yellow',
  green: 'Green',
  blue: 'Blue',
  pink: 'Pink',
  purple: 'Purple',
  orange: 'Orange',
}

export const STATUS_LABELS: Record<AnchorStatus, string> = {
  anchored: 'Anchored',
  orphan: 'Orphan',
  dismissed: 'Dismissed',
}

/**
 * The class that gives an element its highlight colour as `--hl-color` (styles.css): the palette, and its
 * tints for the dark theme, live in the stylesheet rather than in components.
 */
export function colorClass(color: HighlightColor): string {
  return `hl-color-${color}`
}
