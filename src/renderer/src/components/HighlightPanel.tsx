import { useMemo } from 'react'
import type { ArticleDetail } from '../../../shared/model'
import { plural } from '../lib/format'
import { sortByPosition } from '../lib/segments'
import { HighlightCard, type HighlightCardActions } from './HighlightCard'

/** The open article's highlights in reading order. */
export function HighlightPanel({
  article,
  selectedHighlightId,
  linkingHighlightId,
  actions,
}: {
  article: ArticleDetail | null
  selectedHighlightId: string | null
  linkingHighlightId: string | null
  actions: HighlightCardActions
}) {
  const highlights = useMemo(() => sortByPosition(article?.highlights ?? []), [article?.highlights])
  return (
    <aside className="highlights-pane" aria-label="Highlights">
      <h2 className="pane-title">
        Highlights{article ? <span className="muted"> · {plural(highlights.length, 'passage')}</span> : null}
      </h2>
      {!article ? (
        <p className="muted">Open an article to see its highlights.</p>
      ) : highlights.length === 0 ? (
        <p className="muted">
          No highlights yet. Select words in the article, then press <kbd>h</kbd> or use the toolbar that
          appears.
        </p>
      ) : (
        <ul className="highlight-list">
          {highlights.map((h) => (
            <HighlightCard
              key={h.id}
              highlight={h}
              selected={h.id === selectedHighlightId}
              linking={h.id === linkingHighlightId}
              actions={actions}
            />
          ))}
        </ul>
      )}
    </aside>
  )
}
