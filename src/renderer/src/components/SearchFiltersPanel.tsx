import { useEffect, useId, useState } from 'react'
import { call } from '../lib/api'
import { type FilterDraft, NO_FILTERS } from '../lib/search-filters'
import { useTagCounts } from '../lib/use-tag-counts'
import { EntityFilter } from './EntityFilter'

const DATE_HINT = 'YYYY, YYYY-MM or YYYY-MM-DD'

/** The archive's sources for the select, reloaded when the archive changes. */
function useSources(version: number, report: (error: unknown) => void) {
  const [sources, setSources] = useState<Array<{ source: string; count: number }>>([])
  useEffect(() => {
    let current = true
    call('articles.sources', {})
      .then((list) => {
        if (current) setSources(list)
      })
      .catch((error: unknown) => {
        if (current) report(error)
      })
    return () => {
      current = false
    }
  }, [version, report])
  return sources
}

/**
 * "Filters" under the search box: collapsed to a toggle that counts the active filters, so the box stays
 * small until the user wants more than words. Dates are text so a year or a month can be typed.
 */
export function SearchFiltersPanel({
  draft,
  onChange,
  activeCount,
  version,
  report,
}: {
  draft: FilterDraft
  onChange: (draft: FilterDraft) => void
  activeCount: number
  version: number
  report: (error: unknown) => void
}) {
  const [open, setOpen] = useState(false)
  const panelId = useId()
  const sources = useSources(version, report)
  const tags = useTagCounts(version, report)
  const set = <K extends keyof FilterDraft>(field: K, value: FilterDraft[K]): void =>
    onChange({ ...draft, [field]: value })
  // A chosen source (or tag) that has since left the archive stays selectable, so the select never lies.
  const listed = draft.source && !sources.some((s) => s.source === draft.source)
  const tagListed = draft.tag && !tags.some((t) => t.tag === draft.tag)

  return (
    <div className="search-filters">
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
          <button type="button" className="small subtle" onClick={() => onChange(NO_FILTERS)}>
            Clear filters
          </button>
        )}
      </div>
      {open && (
        <div id={panelId} className="filters-panel" role="group" aria-label="Filters">
          <div className="filter-dates">
            <label>
              Published from
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
                aria-label="Published to"
                value={draft.to}
                placeholder="YYYY-MM-DD"
                title={`${DATE_HINT}; the whole period is included`}
                inputMode="numeric"
                onChange={(e) => set('to', e.target.value)}
              />
            </label>
          </div>
          <label>
            Source
            <select value={draft.source} onChange={(e) => set('source', e.target.value)}>
              <option value="">Any source</option>
              {listed && <option value={draft.source}>{draft.source}</option>}
              {sources.map((s) => (
                <option key={s.source} value={s.source}>
                  {s.source} ({s.count})
                </option>
              ))}
            </select>
          </label>
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
          <label className="filter-check">
            <input
              type="checkbox"
              checked={draft.hasHighlights}
              onChange={(e) => set('hasHighlights', e.target.checked)}
            />
            Only articles with highlights
          </label>
        </div>
      )}
    </div>
  )
}
