import { useCallback, useEffect, useRef, useState } from 'react'
import type { SearchFilters } from '../../../shared/contract'
import type { SearchHit } from '../../../shared/model'
import { ApiError, call } from './api'
import { filtersKey } from './search-filters'

export const PAGE_SIZE = 50
/** How often a search asks again while part of the archive is not indexed yet. */
const RECHECK_MS = 1500

/** The pages loaded so far for one request; pages may arrive out of order (a jump down a long list). */
interface Loaded {
  key: string
  query: string
  total: number
  unindexed: number
  pages: ReadonlyMap<number, SearchHit[]>
}

export interface SearchPages {
  /** The newest answer (possibly for an older request while a new one loads); null before the first. */
  query: string
  total: number
  /** Articles the background indexer has not reached yet: the results may still grow. */
  unindexed: number
  /** The hit at a row, or undefined while its page is loading. */
  hitAt: (index: number) => SearchHit | undefined
  /** True while the shown answer is not (yet) for the current request. */
  stale: boolean
}

export interface SearchState {
  results: SearchPages | null
  /** An invalid query or filter, explained in place rather than as an alert. */
  invalid: string | null
  failed: boolean
}

/**
 * Paged search results: the first page for a new request, then whichever pages the visible rows need
 * (`need(first, last)`). Every page is tagged with the request it answers (query, filters, archive
 * version), and a page for any other request is dropped, so a slow page never mixes into newer results.
 */
export function useSearchPages(
  query: string,
  filters: SearchFilters,
  version: number,
  report: (error: unknown) => void,
): SearchState & { need: (firstRow: number, lastRow: number) => void } {
  // Bumped while the background indexer is still at work, so the results grow as articles become searchable.
  const [recheck, setRecheck] = useState(0)
  const key = JSON.stringify([version, recheck, query, filtersKey(filters)])
  const [loaded, setLoaded] = useState<Loaded | null>(null)
  const [problem, setProblem] = useState<{ key: string; invalid: string | null } | null>(null)
  /** Pages asked for under the current key; a ref, since asking must not re-render. */
  const asked = useRef<{ key: string; pages: Set<number> }>({ key: '', pages: new Set() })
  // The newest request's inputs, read by `fetchPage` without making it change on every keystroke.
  const latest = useRef({ key, query, filters })
  useEffect(() => {
    latest.current = { key, query, filters }
  })

  const fetchPage = useCallback(
    (page: number) => {
      const { key: requestKey, query: q, filters: f } = latest.current
      if (asked.current.key !== requestKey) asked.current = { key: requestKey, pages: new Set() }
      if (asked.current.pages.has(page)) return
      asked.current.pages.add(page)
      call('search.query', { query: q, filters: f, limit: PAGE_SIZE, offset: page * PAGE_SIZE })
        .then((results) => {
          if (latest.current.key !== requestKey) return
          setLoaded((prev) => {
            // A first page for a new request replaces everything shown before; later ones join it.
            const pages = new Map(prev?.key === requestKey ? prev.pages : [])
            pages.set(page, results.hits)
            return {
              key: requestKey,
              query: results.query,
              total: results.total,
              unindexed: results.unindexed ?? 0,
              pages,
            }
          })
          setProblem(null)
        })
        .catch((error: unknown) => {
          if (latest.current.key !== requestKey) return
          if (error instanceof ApiError && error.code === 'invalid_input') {
            setProblem({ key: requestKey, invalid: error.message })
            return
          }
          setProblem({ key: requestKey, invalid: null })
          report(error)
        })
    },
    [report],
  )

  // A new request starts with its first page; the list asks for further pages as it scrolls.
  useEffect(() => {
    fetchPage(0)
  }, [key, fetchPage])

  const need = useCallback(
    (firstRow: number, lastRow: number) => {
      for (let page = Math.floor(firstRow / PAGE_SIZE); page <= Math.floor(lastRow / PAGE_SIZE); page++) {
        fetchPage(page)
      }
    },
    [fetchPage],
  )

  const waitingForIndex = loaded?.key === key && loaded.unindexed > 0
  useEffect(() => {
    if (!waitingForIndex) return
    const timer = window.setTimeout(() => setRecheck((n) => n + 1), RECHECK_MS)
    return () => window.clearTimeout(timer)
  }, [waitingForIndex, key])

  const failedNow = problem?.key === key
  const pages = loaded?.pages
  const hitAt = useCallback(
    (index: number) => pages?.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE],
    [pages],
  )
  return {
    results:
      loaded && !failedNow
        ? {
            query: loaded.query,
            total: loaded.total,
            unindexed: loaded.unindexed,
            hitAt,
            stale: loaded.key !== key,
          }
        : null,
    invalid: failedNow ? problem.invalid : null,
    failed: failedNow && problem.invalid === null,
    need,
  }
}
