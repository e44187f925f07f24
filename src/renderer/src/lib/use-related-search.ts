import { useCallback, useEffect, useState } from 'react'
import type { SearchFilters } from '../../../shared/contract'
import type { EntityMatch, HighlightMatch } from '../../../shared/model'
import { ApiError, call } from './api'
import { filtersKey } from './search-filters'

/** The entities and highlights a query finds, as far as they have been loaded. */
export interface RelatedLoaded {
  /** The request these answer; while a new one loads, the previous answer stays shown. */
  key: string
  query: string
  entities: { total: number; items: EntityMatch[] }
  highlights: { total: number; items: HighlightMatch[] }
  pages: number
}

export interface RelatedState {
  /** Null before the first answer, and for a query the engine could not read (the article list says why). */
  results: RelatedLoaded | null
  /** True while the shown answer is not (yet) for the current request. */
  stale: boolean
  /** Loads the next `pageSize` of each section. */
  more: () => void
}

function emptyAnswer(key: string, query: string): RelatedLoaded {
  return { key, query, entities: { total: 0, items: [] }, highlights: { total: 0, items: [] }, pages: 0 }
}

/**
 * 'search.related' for a (debounced) query: the first `pageSize` entities and highlights, then a page more
 * of each at every `more()`. Answers are tagged with their request (query, filters, archive version), and
 * one for any other request is dropped.
 */
export function useRelatedSearch(
  query: string,
  filters: SearchFilters,
  version: number,
  pageSize: number,
  report: (error: unknown) => void,
): RelatedState {
  const key = JSON.stringify([version, query, filtersKey(filters), pageSize])
  const [loaded, setLoaded] = useState<RelatedLoaded | null>(null)
  const [wanted, setWanted] = useState({ key, pages: 1 })
  const pagesWanted = wanted.key === key ? wanted.pages : 1
  const pagesLoaded = loaded?.key === key ? loaded.pages : 0

  useEffect(() => {
    if (!query || pagesLoaded >= pagesWanted) return
    let current = true
    call('search.related', { query, filters, limit: pageSize, offset: pagesLoaded * pageSize })
      .then((page) => {
        if (!current) return
        setLoaded((previous) => {
          const base = previous?.key === key ? previous : emptyAnswer(key, query)
          if (base.pages !== pagesLoaded) return previous
          return {
            key,
            query,
            entities: { total: page.entities.total, items: [...base.entities.items, ...page.entities.items] },
            highlights: {
              total: page.highlights.total,
              items: [...base.highlights.items, ...page.highlights.items],
            },
            pages: base.pages + 1,
          }
        })
      })
      .catch((error: unknown) => {
        if (!current) return
        // A query being typed ("night ferr) is explained by the article list; here it finds nothing.
        if (error instanceof ApiError && error.code === 'invalid_input') setLoaded(emptyAnswer(key, query))
        else report(error)
      })
    return () => {
      current = false
    }
  }, [key, query, filters, pageSize, pagesLoaded, pagesWanted, report])

  const more = useCallback(() => setWanted({ key, pages: pagesLoaded + 1 }), [key, pagesLoaded])
  return { results: query ? loaded : null, stale: loaded?.key !== key, more }
}
