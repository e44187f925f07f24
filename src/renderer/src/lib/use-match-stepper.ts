import { useCallback, useEffect, useRef, useState, type RefObject } from 'react'
import { offsetsToRange } from './dom-offsets'
import { scrollIntoMiddle } from './scroll-into-middle'
import type { Span } from './use-search-matches'

/**
 * Names of the CSS highlights that paint search matches (styled as ::highlight(...) in styles.css). The
 * Custom Highlight API leaves the DOM untouched, so matches overlay the user's highlights without splitting
 * their spans, and text offsets stay exact.
 */
const MATCH_HIGHLIGHT = 'casebook-match'
const CURRENT_HIGHLIGHT = 'casebook-match-current'

/**
 * Paints a search's matches in the reader and steps through them: the current one is emphasised and
 * brought into view. `repaintOn` changes whenever the body's text nodes may have been replaced (a new
 * highlight splits spans), which would leave the painted ranges pointing at detached nodes.
 */
export function useMatchStepper(
  bodyRef: RefObject<HTMLElement | null>,
  scrollRef: RefObject<HTMLElement | null>,
  matches: { key: string; spans: Span[] } | null,
  repaintOn: unknown,
): { index: number; count: number; step: (delta: 1 | -1) => void } {
  const [position, setPosition] = useState<{ key: string; index: number } | null>(null)
  const count = matches?.spans.length ?? 0
  const index = matches && position?.key === matches.key ? Math.min(position.index, count - 1) : 0

  const step = useCallback(
    (delta: 1 | -1) => {
      if (!matches || count === 0) return
      setPosition({ key: matches.key, index: (index + delta + count) % count })
    },
    [matches, count, index],
  )

  useEffect(() => {
    const root = bodyRef.current
    if (!root || !matches || count === 0 || !('highlights' in CSS)) return
    const others: Range[] = []
    let current: Range | null = null
    matches.spans.forEach(([start, end], i) => {
      const range = offsetsToRange(root, start, end)
      if (!range) return
      if (i === index) current = range
      else others.push(range)
    })
    CSS.highlights.set(MATCH_HIGHLIGHT, new Highlight(...others))
    if (current) CSS.highlights.set(CURRENT_HIGHLIGHT, new Highlight(current))
    return () => {
      CSS.highlights.delete(MATCH_HIGHLIGHT)
      CSS.highlights.delete(CURRENT_HIGHLIGHT)
    }
  }, [bodyRef, matches, count, index, repaintOn])

  // Scrolls only when the current match changes (or first arrives), never on a mere repaint.
  const scrolledTo = useRef<string | null>(null)
  useEffect(() => {
    const root = bodyRef.current
    const container = scrollRef.current
    const span = matches?.spans[index]
    if (!root || !container || !matches || !span) return
    const id = `${matches.key}#${index}`
    if (scrolledTo.current === id) return
    const range = offsetsToRange(root, span[0], span[1])
    if (!range) return
    scrolledTo.current = id
    scrollIntoMiddle(container, range.getBoundingClientRect())
  }, [bodyRef, scrollRef, matches, index, repaintOn])

  return { index, count, step }
}
