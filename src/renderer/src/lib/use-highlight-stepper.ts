import { useEffect, useRef, type RefObject } from 'react'
import type { Highlight } from '../../../shared/model'
import { isEditableTarget } from './keyboard'
import { scrollIntoMiddle } from './scroll-into-middle'
import { sortByPosition, stepHighlight } from './segments'

/** The keys that step to the next and the previous highlight (`n` is taken by search matches, `h` and `l` by the selection). */
export const NEXT_HIGHLIGHT_KEY = 'j'
export const PREVIOUS_HIGHLIGHT_KEY = 'k'

/**
 * `j` / `k` in the reader: select the next / previous highlight in reading order (wrapping around), bring it
 * into view and open its card (selecting it does). Without a selected highlight, `j` starts at the first.
 */
export function useHighlightStepper({
  bodyRef,
  scrollRef,
  highlights,
  selectedHighlightId,
  select,
  enabled,
}: {
  bodyRef: RefObject<HTMLElement | null>
  scrollRef: RefObject<HTMLElement | null>
  /** The highlights shown in the reader, in any order. */
  highlights: readonly Highlight[] | null
  selectedHighlightId: string | null
  select: (id: string) => void
  enabled: boolean
}): void {
  // The newest callback, read by the listener without re-adding it when the caller passes a new function.
  const selectRef = useRef(select)
  useEffect(() => {
    selectRef.current = select
  })

  useEffect(() => {
    if (!enabled || !highlights || highlights.length === 0) return
    const ordered = sortByPosition(highlights)
    const onKey = (event: KeyboardEvent): void => {
      if (event.ctrlKey || event.metaKey || event.altKey || isEditableTarget(event.target)) return
      const delta = event.key === NEXT_HIGHLIGHT_KEY ? 1 : event.key === PREVIOUS_HIGHLIGHT_KEY ? -1 : 0
      if (delta === 0) return
      const target = stepHighlight(ordered, selectedHighlightId, delta)
      if (!target) return
      event.preventDefault()
      selectRef.current(target.id)
      const element = bodyRef.current?.querySelector(`[data-highlight-ids~="${CSS.escape(target.id)}"]`)
      if (element && scrollRef.current)
        scrollIntoMiddle(scrollRef.current, element.getBoundingClientRect(), true)
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [enabled, highlights, selectedHighlightId, bodyRef, scrollRef])
}
