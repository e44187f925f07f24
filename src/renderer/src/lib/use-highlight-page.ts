import { useEffect, useState } from 'react'
import type { HighlightFilters } from '../../../shared/contract'
import type { HighlightPage } from '../../../shared/model'
import { ApiError, call } from './api'
import type { HighlightSort } from './highlight-list-filters'

export const HIGHLIGHT_PAGE_SIZE = 50

export interface HighlightPageState {
  /** The newest answer, possibly for an older request while a new one loads; null before the first. */
  page: HighlightPage | null
  /** True while the shown page is not (yet) the one asked for. */
  stale: boolean
  /** An invalid filter (a date typed wrong), explained in place rather than as an alert. */
  invalid: string | null
}

/**
 * One page of the list of all highlights. Every answer is tagged with the request it answers (filters, sort,
 * page, archive version), and the newest request alone may replace what is shown, so a slow answer never
 * overwrites a newer one. `filters` should keep its identity while unchanged (memoise it), or every render
 * asks again.
 */
export function useHighlightPage(
  filters: HighlightFilters,
  sort: HighlightSort,
  pageIndex: number,
  version: number,
  /** Called with the last page there is when `pageIndex` lies past it (highlights were deleted meanwhile). */
  onPastEnd: (lastPageIndex: number) => void,
  report: (error: unknown) => void,
): HighlightPageState {
  const key = JSON.stringify([filters, sort, pageIndex, version])
  const [loaded, setLoaded] = useState<{ key: string; page: HighlightPage } | null>(null)
  const [invalid, setInvalid] = useState<{ key: string; message: string } | null>(null)

  useEffect(() => {
    let current = true
    call('highlights.list', {
      filters,
      sort,
      limit: HIGHLIGHT_PAGE_SIZE,
      offset: pageIndex * HIGHLIGHT_PAGE_SIZE,
    })
      .then((page) => {
        if (!current) return
        if (page.items.length === 0 && page.total > 0 && pageIndex > 0) {
          onPastEnd(Math.ceil(page.total / HIGHLIGHT_PAGE_SIZE) - 1)
          return
        }
        setLoaded({ key, page })
        setInvalid(null)
      })
      .catch((error: unknown) => {
        if (!current) return
        if (error instanceof ApiError && error.code === 'invalid_input')
          setInvalid({ key, message: error.message })
        else report(error)
      })
    return () => {
      current = false
    }
  }, [key, filters, sort, pageIndex, onPastEnd, report])

  return {
    page: loaded?.page ?? null,
    stale: loaded?.key !== key,
    invalid: invalid?.key === key ? invalid.message : null,
  }
}
