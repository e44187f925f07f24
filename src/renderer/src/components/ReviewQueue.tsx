import { useState } from 'react'
import type { HighlightListItem } from '../../../shared/model'
import { call } from '../lib/api'
import { formatDate, plural } from '../lib/format'
import { useOrphans } from '../lib/use-review-queue'
import { NoteMarkdown } from './NoteMarkdown'

/** The article the queue is narrowed to (from the reader's "need review" notice). */
export interface ReviewFilter {
  articleId: string
  title: string
}

function OrphanItem({
  item,
  onReattach,
  onDismiss,
}: {
  item: HighlightListItem
  onReattach: (item: HighlightListItem) => void
  onDismiss: (item: HighlightListItem) => Promise<void>
}) {
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  return (
    <li className="review-item">
      <p className="review-article">
        <span className="article-title">{item.articleTitle || 'Untitled'}</span>
        {item.publishedAt && <span className="muted"> · {formatDate(item.publishedAt)}</span>}
      </p>
      <blockquote className="review-quote">{item.quote.exact}</blockquote>
      {item.note && (
        <div className="review-note">
          <span className="note-label">Note: </span>
          <NoteMarkdown text={item.note} />
        </div>
      )}
      {item.anchor.reason && <p className="review-reason muted">{item.anchor.reason}</p>}
      {confirming ? (
        <div className="confirm" role="group" aria-label="Confirm dismissal">
          <span>Keep it out of the queue? It stays in the archive with its quote and note.</span>
          <button
            type="button"
            className="small"
            disabled={busy}
            onClick={() => {
              setBusy(true)
              void onDismiss(item).finally(() => setBusy(false))
            }}
          >
            Dismiss
          </button>
          <button type="button" className="small subtle" onClick={() => setConfirming(false)}>
            Keep
          </button>
        </div>
      ) : (
        <div className="card-actions">
          <button
            type="button"
            className="small primary"
            onClick={() => onReattach(item)}
            aria-label={`Re-attach “${item.quote.exact.slice(0, 60)}”`}
            title="Open the article's current version and select the words this highlight belongs to"
          >
            Re-attach…
          </button>
          <button
            type="button"
            className="small subtle"
            onClick={() => setConfirming(true)}
            aria-label={`Dismiss “${item.quote.exact.slice(0, 60)}”`}
            title="Stop asking about this highlight"
          >
            Dismiss
          </button>
        </div>
      )}
    </li>
  )
}

/**
 * Highlights whose words a new version of their article lost ("orphans"): each waits here, with the quote
 * of the version it was last found in, until the user re-attaches it to new words or dismisses it.
 */
export function ReviewQueue({
  version,
  filter,
  onClearFilter,
  onReattach,
  onDismissed,
  report,
}: {
  /** Bumped by the caller whenever orphans may have come or gone. */
  version: number
  filter: ReviewFilter | null
  onClearFilter: () => void
  onReattach: (item: HighlightListItem) => void
  onDismissed: (item: HighlightListItem) => void
  report: (error: unknown) => void
}) {
  const { items, total, loadingMore, showMore, drop } = useOrphans(filter?.articleId ?? null, version, report)

  const dismiss = async (item: HighlightListItem): Promise<void> => {
    try {
      await call('highlights.dismiss', { id: item.id })
      drop(item.id)
      onDismissed(item)
    } catch (error) {
      report(error)
    }
  }

  return (
    <div className="review-queue">
      {filter && (
        <div className="review-filter">
          <span>
            Of <strong>{filter.title || 'Untitled'}</strong>
          </span>
          <button type="button" className="small subtle" onClick={onClearFilter}>
            Show all
          </button>
        </div>
      )}
      {items === null ? (
        <p className="loading">Loading…</p>
      ) : items.length === 0 ? (
        <div className="empty-state">
          <h2>Nothing to review</h2>
          <p className="muted">
            When a new version of an article loses the words a highlight marked, the highlight waits here.
          </p>
        </div>
      ) : (
        <>
          <p className="list-count">{plural(total, 'highlight')} to review</p>
          <ul className="review-items" aria-label="Highlights to review">
            {items.map((item) => (
              <OrphanItem key={item.id} item={item} onReattach={onReattach} onDismiss={dismiss} />
            ))}
          </ul>
          {items.length < total && (
            <button type="button" className="small show-more" onClick={showMore} disabled={loadingMore}>
              {loadingMore ? 'Loading…' : 'Show more'}
            </button>
          )}
        </>
      )}
    </div>
  )
}
