import { useEffect, useState } from 'react'
import type { ArticleSortKey } from '../../../shared/contract'
import type { ArticleSummary } from '../../../shared/model'
import { call } from '../lib/api'
import { formatDate, plural } from '../lib/format'

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
        Formats: plain text (.txt, .text), Markdown (.md, .markdown) and saved web pages (.html, .htm,
        .xhtml).
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
      <ul className="article-list" aria-label="Articles">
        {articles.map((a) => (
          <li key={a.id} className={a.id === openArticleId ? 'current' : undefined}>
            <button type="button" className="article-item" onClick={() => onOpen(a.id)}>
              <span className="article-title">{a.title || a.importedFrom || 'Untitled'}</span>
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
  )
}
