import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { HighlightListItem } from '../../../shared/model'
import { formatDate, plural } from '../lib/format'
import { colorClass, STATUS_LABELS } from '../lib/highlight-colors'
import {
  highlightFilterCount,
  NO_HIGHLIGHT_FILTERS,
  toHighlightFilters,
  type HighlightFilterDraft,
  type HighlightSort,
} from '../lib/highlight-list-filters'
import { useDebounced } from '../lib/use-debounced'
import { HIGHLIGHT_PAGE_SIZE, useHighlightPage } from '../lib/use-highlight-page'
import { AnnotationTransfer } from './AnnotationTransfer'
import { ColorSwatch } from './ColorPicker'
import { EntityChip } from './EntityChip'
import { HighlightFiltersBar, HighlightSortSelect } from './HighlightFiltersBar'
import { NoteMarkdown } from './NoteMarkdown'
import { TagList } from './TagChip'

function HighlightRow({
  item,
  current,
  onOpen,
  onOpenEntity,
}: {
  item: HighlightListItem
  current: boolean
  onOpen: (item: HighlightListItem) => void
  onOpenEntity: (entityId: string) => void
}) {
  const { status, reason } = item.anchor
  const source = [item.siteName, formatDate(item.publishedAt)].filter(Boolean).join(' · ')
  return (
    <li
      className={`hl-row ${colorClass(item.color)}${current ? ' current' : ''}`}
      data-highlight-id={item.id}
    >
      {/* The quote and its article open the reader; the note, tags and entities below are read in place. */}
      <button type="button" className="hl-row-open" onClick={() => onOpen(item)} title="Open in the reader">
        <span className="hl-row-head">
          <ColorSwatch color={item.color} />
          <span className="hl-row-title">{item.articleTitle || 'Untitled'}</span>
          {status !== 'anchored' && (
            <span className={`status-badge status-${status}`} title={reason ?? undefined}>
              {STATUS_LABELS[status]}
            </span>
          )}
        </span>
        {source && <span className="article-meta">{source}</span>}
        <span className="hl-row-quote">{item.quote.exact}</span>
      </button>
      {item.note && <NoteMarkdown text={item.note} />}
      {(item.tags.length > 0 || item.entities.length > 0) && (
        <div className="hl-row-chips">
          <TagList tags={item.tags} />
          {item.entities.map((e) => (
            <EntityChip key={e.id} entity={e} onOpen={() => onOpenEntity(e.id)} />
          ))}
        </div>
      )}
      <span className="hl-row-made muted">Highlighted {formatDate(item.createdAt)}</span>
    </li>
  )
}

function Pager({
  pageIndex,
  total,
  onPage,
}: {
  pageIndex: number
  total: number
  onPage: (pageIndex: number) => void
}) {
  const first = pageIndex * HIGHLIGHT_PAGE_SIZE + 1
  const last = Math.min(total, first + HIGHLIGHT_PAGE_SIZE - 1)
  const pages = Math.ceil(total / HIGHLIGHT_PAGE_SIZE)
  if (pages <= 1) return null
  return (
    <nav className="pager" aria-label="Pages of highlights">
      <button
        type="button"
        className="small"
        onClick={() => onPage(pageIndex - 1)}
        disabled={pageIndex === 0}
        aria-label="Previous page"
      >
        ‹ Previous
      </button>
      <span className="pager-position">
        {first}–{last} of {total}
      </span>
      <button
        type="button"
        className="small"
        onClick={() => onPage(pageIndex + 1)}
        disabled={pageIndex + 1 >= pages}
        aria-label="Next page"
      >
        Next ›
      </button>
    </nav>
  )
}

/**
 * Every highlight of the archive, newest first or by article date, narrowed by tag, entity, article, colour,
 * status and dates; a page at a time, so thousands cost no more than fifty.
 */
export function HighlightsList({
  version,
  openArticle,
  currentHighlightId,
  onOpen,
  onOpenEntity,
  onImported,
  report,
}: {
  /** Bumped by the caller whenever highlights may have changed. */
  version: number
  /** The article open in the reader, for the "only the open article" filter. */
  openArticle: { id: string; title: string } | null
  currentHighlightId: string | null
  onOpen: (item: HighlightListItem) => void
  onOpenEntity: (entityId: string) => void
  /** Annotations were imported: highlights were created. */
  onImported: () => void
  report: (error: unknown) => void
}) {
  const [draft, setDraft] = useState<HighlightFilterDraft>(NO_HIGHLIGHT_FILTERS)
  const [sort, setSort] = useState<HighlightSort>('created')
  const [paging, setPaging] = useState<{ key: string; index: number }>({ key: '', index: 0 })
  const openArticleId = openArticle?.id ?? null
  const typed = useMemo(() => toHighlightFilters(draft, openArticleId), [draft, openArticleId])
  // Typed dates settle before they are sent: "2" is not yet a year the user means.
  const filters = useDebounced(typed, 200)
  const activeCount = highlightFilterCount(typed)
  // A new set of filters or a new order starts at the first page.
  const requestKey = JSON.stringify([filters, sort])
  const pageIndex = paging.key === requestKey ? paging.index : 0
  // Deleting highlights may leave fewer pages than the one shown: the last one that exists is shown instead.
  const toLastPage = useCallback((index: number) => setPaging((p) => ({ ...p, index })), [])
  const { page, stale, invalid } = useHighlightPage(filters, sort, pageIndex, version, toLastPage, report)
  const scroller = useRef<HTMLDivElement>(null)
  useEffect(() => {
    scroller.current?.scrollTo({ top: 0 })
  }, [pageIndex, requestKey])

  const bar = (
    <HighlightFiltersBar
      draft={draft}
      onChange={setDraft}
      activeCount={activeCount}
      openArticleTitle={openArticle ? openArticle.title || 'Untitled' : null}
      version={version}
      report={report}
    />
  )

  let body
  if (invalid !== null) {
    // The engine names the field by its path ("filters.from: a date is written …"); the user knows "Dates".
    body = <p className="muted list-message">{invalid.replace(/filters\.(from|to): /g, 'Dates: ')}</p>
  } else if (!page) {
    body = <p className="loading">Loading the highlights…</p>
  } else if (page.total === 0 && activeCount === 0 && highlightFilterCount(filters) === 0) {
    body = (
      <div className="empty-state">
        <p>No highlights yet. Select words in an article and press H to highlight them.</p>
      </div>
    )
  } else if (page.total === 0) {
    body = (
      <div className="empty-state">
        <p>No highlights match these filters.</p>
        <button type="button" className="small" onClick={() => setDraft(NO_HIGHLIGHT_FILTERS)}>
          Clear filters
        </button>
      </div>
    )
  } else {
    body = (
      <>
        <ul className="hl-rows" aria-label="All highlights">
          {page.items.map((item) => (
            <HighlightRow
              key={item.id}
              item={item}
              current={item.id === currentHighlightId}
              onOpen={onOpen}
              onOpenEntity={onOpenEntity}
            />
          ))}
        </ul>
        <Pager
          pageIndex={pageIndex}
          total={page.total}
          onPage={(index) => setPaging({ key: requestKey, index })}
        />
      </>
    )
  }

  return (
    <div className="highlights-tab" aria-busy={stale}>
      {bar}
      <div className="sort-bar">
        <span className="muted list-count">{page && !invalid ? plural(page.total, 'highlight') : ''}</span>
        <HighlightSortSelect sort={sort} onSort={setSort} />
      </div>
      <div className="highlights-scroller" ref={scroller}>
        {body}
      </div>
      <div className="highlights-footer">
        <AnnotationTransfer filters={filters} onImported={onImported} report={report} />
      </div>
    </div>
  )
}
