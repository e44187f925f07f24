import { useCallback, useEffect, useState } from 'react'
import type { ArticleDetail, Highlight } from '../../../shared/model'
import { call } from './api'

/**
 * Loads the open article and keeps its highlights current: mutations hand back the changed highlight,
 * which replaces (or joins) the list without reloading the whole article.
 */
export function useArticle(
  articleId: string | null,
  report: (error: unknown) => void,
): {
  article: ArticleDetail | null
  loading: boolean
  upsertHighlight: (highlight: Highlight) => void
  removeHighlight: (id: string) => void
} {
  const [loaded, setLoaded] = useState<ArticleDetail | null>(null)
  const [failedId, setFailedId] = useState<string | null>(null)

  useEffect(() => {
    if (!articleId) return
    let current = true
    call('articles.get', { id: articleId })
      .then((detail) => {
        if (current) setLoaded(detail)
      })
      .catch((error: unknown) => {
        if (!current) return
        setFailedId(articleId)
        report(error)
      })
    return () => {
      current = false
    }
  }, [articleId, report])

  // Derived rather than reset in the effect: a previous article is never shown under a new id.
  const article = loaded && loaded.id === articleId ? loaded : null
  const loading = !!articleId && !article && failedId !== articleId

  const upsertHighlight = useCallback(
    (highlight: Highlight): void =>
      setLoaded((a) => {
        if (!a || a.id !== highlight.articleId) return a
        const others = a.highlights.filter((h) => h.id !== highlight.id)
        return { ...a, highlights: [...others, highlight] }
      }),
    [],
  )

  const removeHighlight = useCallback(
    (id: string): void =>
      setLoaded((a) => (a ? { ...a, highlights: a.highlights.filter((h) => h.id !== id) } : a)),
    [],
  )

  return { article, loading, upsertHighlight, removeHighlight }
}
