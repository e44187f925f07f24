import type { Entity, TimelineEntry } from '../../../shared/model'
import { formatDateRange } from '../lib/entity-dates'

/**
 * An entity's timeline, oldest first: its passages by their article's date, and dated events (itself, those
 * related to it, those appearing with it). A passage opens the article at it; an event opens its page.
 */
export function TimelineSection({
  entity,
  entries,
  onOpenPassage,
  onOpenEntity,
}: {
  entity: Entity
  entries: readonly TimelineEntry[]
  onOpenPassage: (articleId: string, highlightId: string) => void
  onOpenEntity: (id: string) => void
}) {
  return (
    <section className="entity-section timeline" aria-label="Timeline">
      <div className="entity-section-head">
        <h2>Timeline {entries.length > 0 && <span className="muted">{entries.length}</span>}</h2>
      </div>
      {entries.length === 0 ? (
        <p className="muted section-empty">
          Nothing dated yet. Passages about {entity.name} appear here by their article’s publication date, and
          events — {entity.type === 'event' ? 'this one, ' : ''}those related to {entity.name} or appearing
          with it — by their own date (set in an event’s <strong>Edit…</strong>).
        </p>
      ) : (
        <ol className="timeline-list">
          {entries.map((entry) => (
            <li
              key={`${entry.kind}:${entry.highlightId ?? entry.entityId ?? ''}:${entry.date}`}
              className={`timeline-entry kind-${entry.kind}`}
            >
              <span className="timeline-date">{formatDateRange(entry.date, entry.endDate)}</span>
              <span className={`timeline-kind ${entry.kind === 'event' ? 'type-event' : ''}`}>
                {entry.kind === 'event' ? 'Event' : 'Passage'}
              </span>
              <TimelineText
                entry={entry}
                entity={entity}
                onOpenPassage={onOpenPassage}
                onOpenEntity={onOpenEntity}
              />
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}

function TimelineText({
  entry,
  entity,
  onOpenPassage,
  onOpenEntity,
}: {
  entry: TimelineEntry
  entity: Entity
  onOpenPassage: (articleId: string, highlightId: string) => void
  onOpenEntity: (id: string) => void
}) {
  const { articleId, highlightId, entityId } = entry
  if (entry.kind === 'passage' && articleId && highlightId)
    return (
      <button
        type="button"
        className="timeline-text passage-link"
        onClick={() => onOpenPassage(articleId, highlightId)}
        title="Open in the reader"
      >
        <span className="timeline-quote">{entry.text}</span>
        {entry.articleTitle && <span className="muted timeline-source">{entry.articleTitle}</span>}
      </button>
    )
  // The page's own event is where the user is already: named, not a link.
  if (entry.kind === 'event' && entityId && entityId !== entity.id)
    return (
      <button
        type="button"
        className="timeline-text event-link"
        onClick={() => onOpenEntity(entityId)}
        title={`Open ${entry.text}`}
      >
        {entry.text}
      </button>
    )
  return <span className="timeline-text">{entry.text}</span>
}
