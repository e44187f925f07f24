import { useEffect, useState } from 'react'
import type { SearchHit, SearchResults } from '../../../shared/model'
import { ApiError, call } from '../lib/api'
import { formatDate, markRuns, plural } from '../lib/format'

const SYNTAX_HELP =
  'All words are required. Also: observers OR monitors, -word, "exact phrase", observ*, Tokayev~1, title:, author:, source:, entity:'

function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** Ranked hits for a (debounced) query; each opens the article at its first match. */
export function SearchResultsList({
  query,
  version,
  onOpen,
  report,
}: {
  query: string
  /** Bumped when the archive changed (an import, a deletion, a highlight): the search runs again. */
  version: number
  onOpen: (hit: SearchHit) => void
  report: (error: unknown) => void
}) {
  // Results remember the request they answer, so "loading" is derived and stale hits stay until new ones come.
  const [answer, setAnswer] = useState<{
    query: string
    version: number
    results: SearchResults | null
    /** A query the user is still typing (an open quote, a trailing OR) is explained here, not as an alert. */
    syntaxError?: string
  } | null>(null)

  useEffect(() => {
    // Cleared when a newer query or archive version supersedes this request: its answer is then dropped.
    let current = true
    call('search.query', { query, limit: 50 })
      .then((results) => {
        if (current) setAnswer({ query, version, results })
      })
      .catch((error: unknown) => {
        if (!current) return
        if (error instanceof ApiError && error.code === 'invalid_input') {
          setAnswer({ query, version, results: null, syntaxError: error.message })
          return
        }
        setAnswer({ query, version, results: null })
        report(error)
      })
    return () => {
      current = false
    }
  }, [query, version, report])

  const loading = answer?.query !== query || answer.version !== version
  const results = answer?.results ?? null

  if (!loading && answer?.syntaxError) {
    return (
      <div className="search-help" role="status">
        <p>{sentence(answer.syntaxError.replace(/^search: /, ''))}</p>
        <p className="muted">{SYNTAX_HELP}</p>
      </div>
    )
  }
  if (!results) return <p className="loading">{loading ? 'Searching…' : 'The search failed.'}</p>
  return (
    <section className="search-results" aria-label="Search results" aria-busy={loading}>
      <p className="muted list-count" aria-live="polite">
        {results.total === 0 ? `No results for “${results.query}”` : plural(results.total, 'result')}
      </p>
      <ul className="hit-list">
        {results.hits.map((hit) => (
          <li key={hit.articleId}>
            <button type="button" className="hit" onClick={() => onOpen(hit)}>
              <span className="article-title">{hit.title || 'Untitled'}</span>
              <span className="article-meta">
                {[hit.siteName, formatDate(hit.publishedAt)].filter(Boolean).join(' · ')}
              </span>
              <span className="snippet">
                {markRuns(hit.snippet, hit.marks).map((run, i) =>
                  run.marked ? <mark key={i}>{run.text}</mark> : <span key={i}>{run.text}</span>,
                )}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}
