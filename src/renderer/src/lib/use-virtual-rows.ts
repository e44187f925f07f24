import { useCallback, useEffect, useState } from 'react'

export interface RowWindow {
  /** First row to render. */
  start: number
  /** One past the last row to render. */
  end: number
}

function windowOf(el: HTMLElement, count: number, rowHeight: number, overscan: number): RowWindow {
  const first = Math.floor(el.scrollTop / rowHeight)
  const last = Math.ceil((el.scrollTop + el.clientHeight) / rowHeight)
  return { start: Math.max(0, first - overscan), end: Math.min(count, last + overscan) }
}

/**
 * Which of `count` fixed-height rows lie near the viewport of a scrolling element, so a list of thousands
 * renders a few dozen elements. The element is taken through a callback ref because it may mount after
 * the hook (a list shown only once results arrive). Re-renders only when the window crosses a row.
 */
export function useVirtualRows(
  count: number,
  rowHeight: number,
  overscan = 6,
): { ref: (el: HTMLElement | null) => void; element: HTMLElement | null; rows: RowWindow } {
  const [element, setElement] = useState<HTMLElement | null>(null)
  const [rows, setRows] = useState<RowWindow>({ start: 0, end: Math.min(count, 20) })

  useEffect(() => {
    if (!element) return
    const update = (): void => {
      const next = windowOf(element, count, rowHeight, overscan)
      setRows((prev) => (prev.start === next.start && prev.end === next.end ? prev : next))
    }
    update()
    element.addEventListener('scroll', update, { passive: true })
    // The pane's height changes with the window and with the import report above it.
    const observer = new ResizeObserver(update)
    observer.observe(element)
    return () => {
      element.removeEventListener('scroll', update)
      observer.disconnect()
    }
  }, [element, count, rowHeight, overscan])

  const ref = useCallback((el: HTMLElement | null) => setElement(el), [])
  return { ref, element, rows }
}
