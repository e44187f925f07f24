import { useCallback, useEffect, useState } from 'react'
import type { ArticleDetail, ArticleVersionSummary, Highlight, VersionDiff } from '../../../shared/model'
import { call } from './api'

/**
 * The versions of the open article, newest last. `key` changes whenever the article may have a new version
 * (its current version id, say), so the list is fetched again then and only then.
 */
export function useVersions(
  articleId: string | null,
  key: string | null,
  report: (error: unknown) => void,
): ArticleVersionSummary[] | null {
  const [loaded, setLoaded] = useState<{
    articleId: string
    key: string | null
    versions: ArticleVersionSummary[]
  }>()
  useEffect(() => {
    if (!articleId) return
    let current = true
    call('articles.versions', { id: articleId })
      .then((versions) => {
        if (current) setLoaded({ articleId, key, versions })
      })
      .catch((error: unknown) => {
        if (current) report(error)
      })
    return () => {
      current = false
    }
  }, [articleId, key, report])
  // A list of another article is never shown under this one, even for the moment before the new one loads.
  return loaded && loaded.articleId === articleId ? loaded.versions : null
}

/**
 * An older version of an article, read-only, with its highlights where they stood then. Null while none is
 * asked for (the current version is the open article itself, kept by useArticle).
 */
export function useOlderVersion(
  articleId: string | null,
  versionId: string | null,
  report: (error: unknown) => void,
): {
  older: ArticleDetail | null
  loading: boolean
  /** A highlight changed elsewhere (its note, tags, colour, links): shown so here too, where it stood then. */
  patchHighlight: (highlight: Highlight) => void
  removeHighlight: (id: string) => void
} {
  const [loaded, setLoaded] = useState<ArticleDetail | null>(null)
  useEffect(() => {
    if (!articleId || !versionId) return
    let current = true
    call('articles.get', { id: articleId, versionId })
      .then((detail) => {
        if (current) setLoaded(detail)
      })
      .catch((error: unknown) => {
        if (current) report(error)
      })
    return () => {
      current = false
    }
  }, [articleId, versionId, report])

  const patchHighlight = useCallback(
    (highlight: Highlight) =>
      setLoaded((a) => {
        if (!a || a.id !== highlight.articleId) return a
        // Only what the user can change travels; the quote and position stay those of the older version.
        const highlights = a.highlights.map((h) =>
          h.id === highlight.id
            ? {
                ...h,
                note: highlight.note,
                tags: highlight.tags,
                color: highlight.color,
                entities: highlight.entities,
              }
            : h,
        )
        return { ...a, highlights }
      }),
    [],
  )
  const removeHighlight = useCallback(
    (id: string) => setLoaded((a) => (a ? { ...a, highlights: a.highlights.filter((h) => h.id !== id) } : a)),
    [],
  )

  const older = loaded && loaded.id === articleId && loaded.versionId === versionId ? loaded : null
  return { older, loading: !!articleId && !!versionId && !older, patchHighlight, removeHighlight }
}

/** The word diff between two versions; null while it is being computed (a long article can take a second). */
export function useVersionDiff(
  articleId: string,
  fromVersionId: string,
  toVersionId: string,
  report: (error: unknown) => void,
): { diff: VersionDiff | null; failed: boolean } {
  const [state, setState] = useState<{ key: string; diff: VersionDiff | null; failed: boolean }>()
  const key = `${articleId}:${fromVersionId}:${toVersionId}`
  useEffect(() => {
    let current = true
    call('articles.diff', { id: articleId, fromVersionId, toVersionId })
      .then((diff) => {
        if (current) setState({ key, diff, failed: false })
      })
      .catch((error: unknown) => {
        if (!current) return
        setState({ key, diff: null, failed: true })
        report(error)
      })
    return () => {
      current = false
    }
  }, [key, articleId, fromVersionId, toVersionId, report])
  return state && state.key === key
    ? { diff: state.diff, failed: state.failed }
    : { diff: null, failed: false }
}

/** "a correction made in the app" or "imported from river.html": where a version came from. */
export function versionOrigin(version: Pick<ArticleVersionSummary, 'origin' | 'importedFrom'>): string {
  if (version.origin === 'edit') return 'corrected in the app'
  return version.importedFrom ? `imported from ${version.importedFrom}` : 'imported'
}
