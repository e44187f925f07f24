import { useEffect, useState } from 'react'
import { call } from './api'

export type Span = [number, number]

/**
 * Where `query` matches in the open article's text, for the reader to paint and step through. Keyed by
 * article version and query, so the spans of another article (or an older query) are never shown.
 */
export function useSearchMatches(
  articleId: string | null,
  versionId: string | null,
  /** The query, and a nonce that changes on every opening from a hit, so reopening starts at match 1. */
  search: { query: string; nonce: number } | null,
  report: (error: unknown) => void,
): { key: string; spans: Span[] } | null {
  const query = search?.query ?? null
  const key =
    articleId && versionId && search
      ? JSON.stringify([articleId, versionId, search.query, search.nonce])
      : null
  const [loaded, setLoaded] = useState<{ key: string; spans: Span[] } | null>(null)

  useEffect(() => {
    if (!key || !articleId || !query) return
    let current = true
    call('search.matches', { articleId, query })
      .then((spans) => {
        if (current) setLoaded({ key, spans: [...spans].sort((a, b) => a[0] - b[0]) })
      })
      .catch((error: unknown) => {
        if (current) report(error)
      })
    return () => {
      current = false
    }
  }, [key, articleId, query, report])

  return loaded && loaded.key === key ? loaded : null
}
