import { useCallback, useEffect, useRef, useState } from 'react'
import type { ArticleDetail, Highlight } from '../../../shared/model'
import { call } from './api'

/**
 * Loads the open article and keeps its highlights current: mutations hand back the changed highlight,
 * which replaces (or joins) the list without reloading the whole article.
 *
 * `openRequest` changes every time the user asks to open an article, so opening one whose loading failed
 * tries again (and shows "Opening…" meanwhile) even when its id is unchanged.
 */
export function useArticle(
  articleId: string | null,
  openRequest: number,
  report: (error: unknown) => void,
): {
  article: ArticleDetail | null
  loading: boolean
  upsertHighlight: (highlight: Highlight) => void
  removeHighlight: (id: string) => void
  /** Fetches the open article again (it has a new version, or its orphans changed); null if none is open. */
  reload: () => Promise<ArticleDetail | null>
} {
  const [loaded, setLoaded] = useState<ArticleDetail | null>(null)
  /** The request that failed: a later request for the same id is loading again, not failed. */
  const [failed, setFailed] = useState<{ id: string; request: number } | null>(null)
  /** The id of the loaded article, read by the effect without making it a dependency. */
  const loadedId = useRef<string | null>(null)

  useEffect(() => {
    loadedId.current = loaded?.id ?? null
  }, [loaded])

  useEffect(() => {
    // Already shown: reloading would only risk replacing highlights made meanwhile with an older list.
    if (!articleId || loadedId.current === articleId) return
    // Cleared when this request is superseded (another article, another open): its answer is then dropped,
    // so a slow answer never replaces a newer one.
    let current = true
    call('articles.get', { id: articleId })
      .then((detail) => {
        if (current) setLoaded(detail)
      })
      .catch((error: unknown) => {
        if (!current) return
        setFailed({ id: articleId, request: openRequest })
        report(error)
      })
    return () => {
      current = false
    }
  }, [articleId, openRequest, report])

  // Derived rather than reset in the effect: a previous article is never shown under a new id.
  const article = loaded && loaded.id === articleId ? loaded : null
  const failedNow = failed !== null && failed.id === articleId && failed.request === openRequest
  const loading = !!articleId && !article && !failedNow

  const upsertHighlight = useCallback(
    (highlight: Highlight): void =>
      setLoaded((a) => {
        if (!a || a.id !== highlight.articleId) return a
        const others = a.highlights.filter((h) => h.id !== highlight.id)
        // A highlight not placed in the version shown (an orphan changed from an older version's view) has
        // no place among its marks.
        if (highlight.versionId !== a.versionId) return { ...a, highlights: others }
        return { ...a, highlights: [...others, highlight] }
      }),
    [],
  )

  const removeHighlight = useCallback(
    (id: string): void =>
      setLoaded((a) => (a ? { ...a, highlights: a.highlights.filter((h) => h.id !== id) } : a)),
    [],
  )

  const reload = useCallback(async (): Promise<ArticleDetail | null> => {
    const id = loadedId.current
    if (!id) return null
    const detail = await call('articles.get', { id })
    // Dropped if another article was opened meanwhile.
    setLoaded((a) => (a && a.id === detail.id ? detail : a))
    return detail
  }, [])

  return { article, loading, upsertHighlight, removeHighlight, reload }
}
