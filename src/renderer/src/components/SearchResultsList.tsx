import { useEffect, useRef } from 'react'
import type { SearchFilters } from '../../../shared/contract'
import type { SearchHit } from '../../../shared/model'
import { formatDate, markRuns, plural } from '../lib/format'
import { filterErrorMessage } from '../lib/search-filters'
import { useSearchPages } from '../lib/use-search-pages'
import { useVirtualRows } from '../lib/use-virtual-rows'

const SYNTAX_HELP =
  'All words are required. Also: observers OR monitors, -word, "exact phrase", observ*, Tokayev~1, title:, author:, source:, entity:, tag:'

/** Every row has this height (the snippet is clamped to three lines), so rows can be placed without measuring. */
export const HIT_ROW_HEIGHT = 116

function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function HitButton({ hit, onOpen }: { hit: SearchHit; onOpen: (hit: SearchHit) => void }) {
  return (
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
  )
}

function countLine(query: string, total: number): string {
  if (!query) {
    if (total === 0) return 'No articles match the filters'
    return `${plural(total, 'article')} ${total === 1 ? 'matches' : 'match'} the filters`
  }
  return total === 0 ? `No results for “${query}”` : plural(total, 'result')
}

/**
 * Ranked hits for a (debounced) query and filters, or with an empty query the library the filters leave.
 * Pages load as the list scrolls; only the rows near the viewport are in the DOM, so 10,000 hits scroll
 * as smoothly as 10.
 */
export function SearchResultsList({
  query,
  filters,
  version,
  onOpen,
  report,
}: {
  query: string
  filters: SearchFilters
  /** Bumped when the archive changed (an import, a deletion, a highlight): the search runs again. */
  version: number
  onOpen: (hit: SearchHit) => void
  report: (error: unknown) => void
}) {
  const { results, invalid, failed, need } = useSearchPages(query, filters, version, report)
  const total = results?.total ?? 0
  const { ref, element, rows } = useVirtualRows(total, HIT_ROW_HEIGHT)

  // Declared after the pages hook, so its request is for the current query (effects run in order).
  useEffect(() => {
    if (total > 0 && rows.end > rows.start) need(rows.start, rows.end - 1)
  }, [need, rows.start, rows.end, total])

  // A different question starts at the top; an archive change (same question) keeps the place.
  const searchKey = JSON.stringify([query, filters])
  const shownKey = useRef(searchKey)
  useEffect(() => {
    if (shownKey.current === searchKey) return
    shownKey.current = searchKey
    element?.scrollTo({ top: 0 })
  }, [searchKey, element])

  if (invalid !== null) {
    const filterMessage = filterErrorMessage(invalid)
    return (
      <div className="search-help" role="status">
        <p>{filterMessage ?? sentence(invalid.replace(/^search: /, ''))}</p>
        {filterMessage === null && <p className="muted">{SYNTAX_HELP}</p>}
      </div>
    )
  }
  if (!results) return <p className="loading">{failed ? 'The search failed.' : 'Searching…'}</p>

  const items = []
  for (let index = rows.start; index < Math.min(rows.end, total); index++) {
    const hit = results.hitAt(index)
    items.push(
      <li
        key={`${index}:${hit?.articleId ?? ''}`}
        className={hit ? 'hit-row' : 'hit-row pending'}
        aria-setsize={total}
        aria-posinset={index + 1}
        style={{ top: index * HIT_ROW_HEIGHT, height: HIT_ROW_HEIGHT }}
      >
        {hit ? <HitButton hit={hit} onOpen={onOpen} /> : <span className="loading">Loading more…</span>}
      </li>,
    )
  }
  return (
    <section className="search-results" aria-label="Search results" aria-busy={results.stale}>
      <p className="muted list-count" aria-live="polite">
        {countLine(results.query, total)}
        {results.unindexed > 0 && ` · ${plural(results.unindexed, 'article')} not searchable yet (indexing)`}
      </p>
      <div className="hit-scroller" ref={ref} data-testid="search-scroller">
        <ul className="hit-list" style={{ height: total * HIT_ROW_HEIGHT }}>
          {items}
        </ul>
      </div>
    </section>
  )
}
