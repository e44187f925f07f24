import { useId, useState } from 'react'
import {
  ANCHOR_STATUSES,
  HIGHLIGHT_COLORS,
  type AnchorStatus,
  type HighlightColor,
} from '../../../shared/model'
import { COLOR_LABELS, STATUS_LABELS } from '../lib/highlight-colors'
import {
  NO_HIGHLIGHT_FILTERS,
  type HighlightDateOf,
  type HighlightFilterDraft,
  type HighlightSort,
} from '../lib/highlight-list-filters'
import { useTagCounts } from '../lib/use-tag-counts'
import { EntityFilter } from './EntityFilter'

const DATE_HINT = 'YYYY, YYYY-MM or YYYY-MM-DD'

const SORT_LABELS: Record<HighlightSort, string> = {
  created: 'Newest highlights',
  published: 'Article date',
}

/** The highlight list's order: newest highlights first, or by their articles' dates. */
export function HighlightSortSelect({
  sort,
  onSort,
}: {
  sort: HighlightSort
  onSort: (sort: HighlightSort) => void
}) {
  return (
    <label className="sort-select">
      Sort by{' '}
      <select value={sort} onChange={(e) => onSort(e.target.value as HighlightSort)}>
        {(Object.keys(SORT_LABELS) as HighlightSort[]).map((key) => (
          <option key={key} value={key}>
            {SORT_LABELS[key]}
          </option>
        ))}
      </select>
    </label>
  )
}

/**
 * The highlight list's filters behind a toggle that counts the active ones (like the search's filters), so
 * the list keeps the room until the user wants to narrow it.
 */
export function HighlightFiltersBar({
  draft,
  onChange,
  activeCount,
  openArticleTitle,
  version,
  report,
}: {
  draft: HighlightFilterDraft
  onChange: (draft: HighlightFilterDraft) => void
  activeCount: number
  /** The article open in the reader, for "only this article"; null when none is. */
  openArticleTitle: string | null
  version: number
  report: (error: unknown) => void
}) {
  const [open, setOpen] = useState(false)
  const panelId = useId()
  const tags = useTagCounts(version, report)
  const set = <K extends keyof HighlightFilterDraft>(field: K, value: HighlightFilterDraft[K]): void =>
    onChange({ ...draft, [field]: value })
  // A chosen tag no highlight carries any more stays selectable, so the select never lies.
  const tagListed = draft.tag && !tags.some((t) => t.tag === draft.tag)
  const dateWord = draft.dateOf === 'published' ? 'Published' : 'Highlighted'

  return (
    <div className="highlight-filters">
      <div className="filters-bar">
        <button
          type="button"
          className="small subtle filters-toggle"
          aria-expanded={open}
          aria-controls={panelId}
          onClick={() => setOpen((o) => !o)}
        >
          {open ? '▾' : '▸'} Filters
          {activeCount > 0 && <span className="filter-count">{activeCount}</span>}
        </button>
        {activeCount > 0 && (
          <button type="button" className="small subtle" onClick={() => onChange(NO_HIGHLIGHT_FILTERS)}>
            Clear filters
          </button>
        )}
      </div>
      {open && (
        <div id={panelId} className="filters-panel" role="group" aria-label="Highlight filters">
          <div className="filter-dates">
            <label>
              Colour
              <select
                value={draft.color}
                onChange={(e) => set('color', e.target.value as HighlightColor | '')}
              >
                <option value="">Any colour</option>
                {HIGHLIGHT_COLORS.map((color) => (
                  <option key={color} value={color}>
                    {COLOR_LABELS[color]}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Status
              <select
                value={draft.status}
                onChange={(e) => set('status', e.target.value as AnchorStatus | '')}
              >
                <option value="">Any status</option>
                {ANCHOR_STATUSES.map((status) => (
                  <option key={status} value={status}>
                    {STATUS_LABELS[status]}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <label>
            Tag
            <select value={draft.tag} onChange={(e) => set('tag', e.target.value)}>
              <option value="">Any tag</option>
              {tagListed && <option value={draft.tag}>{draft.tag}</option>}
              {tags.map((t) => (
                <option key={t.tag} value={t.tag}>
                  {t.tag} ({t.count})
                </option>
              ))}
            </select>
          </label>
          <div className="filter-entity">
            <span>Linked to</span>
            <EntityFilter value={draft.entity} onChange={(entity) => set('entity', entity)} report={report} />
          </div>
          <label className="filter-check" title={openArticleTitle ?? 'Open an article in the reader first'}>
            <input
              type="checkbox"
              checked={draft.openArticleOnly}
              disabled={openArticleTitle === null && !draft.openArticleOnly}
              onChange={(e) => set('openArticleOnly', e.target.checked)}
            />
            Only the open article
          </label>
          <label>
            Dates of
            <select value={draft.dateOf} onChange={(e) => set('dateOf', e.target.value as HighlightDateOf)}>
              <option value="published">the article (published)</option>
              <option value="created">the highlight (made)</option>
            </select>
          </label>
          <div className="filter-dates">
            <label>
              {dateWord} from
              <input
                value={draft.from}
                placeholder="YYYY-MM-DD"
                title={DATE_HINT}
                inputMode="numeric"
                onChange={(e) => set('from', e.target.value)}
              />
            </label>
            <label>
              to
              <input
                aria-label={`${dateWord} to`}
                value={draft.to}
                placeholder="YYYY-MM-DD"
                title={`${DATE_HINT}; the whole period is included`}
                inputMode="numeric"
                onChange={(e) => set('to', e.target.value)}
              />
            </label>
          </div>
        </div>
      )}
    </div>
  )
}
