import { useEffect, useState } from 'react'
import type { ArticleSortKey } from '../../../shared/contract'
import type { ArticleSummary } from '../../../shared/model'
import { call } from '../lib/api'
import { formatDate, plural } from '../lib/format'
import { useVirtualRows } from '../lib/use-virtual-rows'

/** Every row has this height (the title is clamped to two lines), so an archive of 10k articles renders a few dozen rows. */
export const LIBRARY_ROW_HEIGHT = 72

const SORT_LABELS: Record<ArticleSortKey, string> = {
  title: 'Title',
  publishedAt: 'Date',
  createdAt: 'Imported',
  siteName: 'Source',
  highlightCount: 'Highlights',
}
const SORT_KEYS = Object.keys(SORT_LABELS) as ArticleSortKey[]

/** Titles and dates read best A→Z / newest first; counts most first. */
function defaultDirection(key: ArticleSortKey): 'asc' | 'desc' {
  return key === 'title' || key === 'siteName' ? 'asc' : 'desc'
}

function EmptyLibrary() {
  return (
    <div className="empty-state">
      <h2>Your archive is empty</h2>
      <p>Import articles to read, search and annotate them, all on this computer.</p>
      <ul>
        <li>
          Use <strong>Import files</strong> or <strong>Import folder</strong> above,
        </li>
        <li>or drop files or whole folders anywhere on this window.</li>
      </ul>
      <p className="muted">
        Formats: plain text (.txt, .text), Markdown (.md, .markdown), saved web pages (.html, .htm, .xhtml,
        .mhtml), PDF (.pdf), Word (.docx), EPUB (.epub), e-mail (.eml, .mbox), and zips of these (.zip).
      </p>
    </div>
  )
}

/** The archive's articles, sortable by any column. */
export function LibraryList({
  version,
  openArticleId,
  onOpen,
  report,
}: {
  /** Bumped by the caller whenever articles or their highlight counts may have changed. */
  version: number
  openArticleId: string | null
  onOpen: (articleId: string) => void
  report: (error: unknown) => void
}) {
  const [sort, setSort] = useState<ArticleSortKey>('createdAt')
  const [direction, setDirection] = useState<'asc' | 'desc'>('desc')
  const [articles, setArticles] = useState<ArticleSummary[] | null>(null)
  const count = articles?.length ?? 0
  const { ref, rows } = useVirtualRows(count, LIBRARY_ROW_HEIGHT)

  useEffect(() => {
    let current = true
    call('articles.list', { sort, direction })
      .then((list) => {
        if (current) setArticles(list)
      })
      .catch((error: unknown) => {
        if (current) report(error)
      })
    return () => {
      current = false
    }
  }, [sort, direction, version, report])

  if (articles === null) return <p className="loading">Loading the library…</p>
  if (articles.length === 0) return <EmptyLibrary />

  return (
    <div className="library">
      <div className="sort-bar">
        <span className="muted list-count">{plural(articles.length, 'article')}</span>
        <label className="sort-select">
          Sort by{' '}
          <select
            value={sort}
            onChange={(e) => {
              const key = e.target.value as ArticleSortKey
              setSort(key)
              setDirection(defaultDirection(key))
            }}
          >
            {SORT_KEYS.map((key) => (
              <option key={key} value={key}>
                {SORT_LABELS[key]}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="small"
          onClick={() => setDirection((d) => (d === 'asc' ? 'desc' : 'asc'))}
          title="Reverse the order"
          aria-label={
            direction === 'asc' ? 'Ascending; click for descending' : 'Descending; click for ascending'
          }
        >
          {direction === 'asc' ? '↑' : '↓'}
        </button>
      </div>
      <div className="library-scroller" ref={ref} data-testid="library-scroller">
        <ul
          className="article-list library-rows"
          aria-label="Articles"
          style={{ height: count * LIBRARY_ROW_HEIGHT }}
        >
          {articles.slice(rows.start, rows.end).map((a, i) => (
            <li
              key={a.id}
              className={a.id === openArticleId ? 'library-row current' : 'library-row'}
              aria-setsize={count}
              aria-posinset={rows.start + i + 1}
              style={{ top: (rows.start + i) * LIBRARY_ROW_HEIGHT, height: LIBRARY_ROW_HEIGHT }}
            >
              <button type="button" className="article-item" onClick={() => onOpen(a.id)}>
                <span className="article-title" title={a.title || undefined}>
                  {a.title || a.importedFrom || 'Untitled'}
                </span>
                <span className="article-meta">
                  {[a.siteName, formatDate(a.publishedAt)].filter(Boolean).join(' · ')}
                  <span className="hl-count" title="Highlights">
                    {plural(a.highlightCount, 'highlight')}
                  </span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      </div>
    </div>
  )
}
