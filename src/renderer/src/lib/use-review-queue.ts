import { useCallback, useEffect, useState } from 'react'
import type { HighlightListItem } from '../../../shared/model'
import { call } from './api'

/** Orphans fetched per page: the queue is usually short, and "Show more" fetches the next page. */
export const REVIEW_PAGE_SIZE = 50

/** How many highlights wait for review in the whole archive; fetched again whenever `version` changes. */
export function useOrphanCount(version: number, report: (error: unknown) => void): number | null {
  const [count, setCount] = useState<number | null>(null)
  useEffect(() => {
    let current = true
    call('highlights.list', { filters: { status: 'orphan' }, limit: 1, offset: 0 })
      .then((page) => {
        if (current) setCount(page.total)
      })
      .catch((error: unknown) => {
        if (current) report(error)
      })
    return () => {
      current = false
    }
  }, [version, report])
  return count
}

/** The orphans, newest first, of one article or of the whole archive, a page at a time. */
export function useOrphans(
  articleId: string | null,
  version: number,
  report: (error: unknown) => void,
): {
  items: HighlightListItem[] | null
  total: number
  loadingMore: boolean
  showMore: () => void
  /** Takes one out at once (re-attached or dismissed), before the list is fetched again. */
  drop: (id: string) => void
} {
  const [state, setState] = useState<{ key: string; items: HighlightListItem[]; total: number }>()
  const [loadingMore, setLoadingMore] = useState(false)
  const key = `${articleId ?? ''}:${version}`

  useEffect(() => {
    let current = true
    call('highlights.list', {
      filters: articleId ? { status: 'orphan', articleId } : { status: 'orphan' },
      limit: REVIEW_PAGE_SIZE,
      offset: 0,
    })
      .then((page) => {
        if (current) setState({ key, items: page.items, total: page.total })
      })
      .catch((error: unknown) => {
        if (current) report(error)
      })
    return () => {
      current = false
    }
  }, [key, articleId, report])

  const shown = state && state.key === key ? state : null
  const showMore = useCallback(() => {
    if (!shown || loadingMore) return
    setLoadingMore(true)
    call('highlights.list', {
      filters: articleId ? { status: 'orphan', articleId } : { status: 'orphan' },
      limit: REVIEW_PAGE_SIZE,
      offset: shown.items.length,
    })
      .then((page) =>
        setState((s) => {
          if (!s || s.key !== key) return s
          const known = new Set(s.items.map((h) => h.id))
          return {
            ...s,
            items: [...s.items, ...page.items.filter((h) => !known.has(h.id))],
            total: page.total,
          }
        }),
      )
      .catch(report)
      .finally(() => setLoadingMore(false))
  }, [shown, loadingMore, articleId, key, report])

  const drop = useCallback(
    (id: string) =>
      setState((s) =>
        s ? { ...s, items: s.items.filter((h) => h.id !== id), total: Math.max(0, s.total - 1) } : s,
      ),
    [],
  )

  return { items: shown?.items ?? null, total: shown?.total ?? 0, loadingMore, showMore, drop }
}
