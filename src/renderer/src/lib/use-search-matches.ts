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
  query: string | null,
  report: (error: unknown) => void,
): { key: string; spans: Span[] } | null {
  const key = articleId && versionId && query ? JSON.stringify([articleId, versionId, query]) : null
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
