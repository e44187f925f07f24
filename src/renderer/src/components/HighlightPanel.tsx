import { useMemo } from 'react'
import type { ArticleDetail } from '../../../shared/model'
import { pagesOfRange } from '../../../shared/source-pages'
import { plural } from '../lib/format'
import { sortByPosition } from '../lib/segments'
import { HighlightCard, type HighlightCardActions } from './HighlightCard'
import { SuggestedEntities } from './SuggestedEntities'

/** The open article's highlights in reading order. */
export function HighlightPanel({
  article,
  selectedHighlightId,
  linkingHighlightId,
  actions,
  onLinksAdded,
  report,
}: {
  article: ArticleDetail | null
  selectedHighlightId: string | null
  linkingHighlightId: string | null
  actions: HighlightCardActions
  /** Suggested entities were added with their passages: the article and entity lists reload. */
  onLinksAdded: () => void
  report: (error: unknown) => void
}) {
  const highlights = useMemo(() => sortByPosition(article?.highlights ?? []), [article?.highlights])
  // The source pages of each highlight (a PDF's), worked out when the article or its highlights change, not
  // on every selection. An orphan's offsets belong to an older version, whose pages are not these blocks'.
  const pages = useMemo(
    () =>
      new Map(
        highlights.map((h) => [
          h.id,
          article && h.versionId === article.versionId
            ? pagesOfRange(article.blocks, h.position.start, h.position.end)
            : null,
        ]),
      ),
    [highlights, article],
  )
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
              pages={pages.get(h.id) ?? null}
            />
          ))}
        </ul>
      )}
      {article && article.versionId === article.currentVersionId && (
        <SuggestedEntities
          key={article.versionId}
          article={article}
          onChanged={onLinksAdded}
          report={report}
        />
      )}
    </aside>
  )
}
