import { useEffect, useState } from 'react'
import { call } from '../lib/api'
import { type FilterDraft, NO_FILTERS } from '../lib/search-filters'
import { useTagCounts } from '../lib/use-tag-counts'
import {
  CountedSelect,
  DateRangeFields,
  FiltersDisclosure,
  LinkedEntityField,
  TagSelect,
} from './FilterFields'

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
  const sources = useSources(version, report)
  const tags = useTagCounts(version, report)
  const set = <K extends keyof FilterDraft>(field: K, value: FilterDraft[K]): void =>
    onChange({ ...draft, [field]: value })

  return (
    <FiltersDisclosure
      className="search-filters"
      panelLabel="Filters"
      activeCount={activeCount}
      onClear={() => onChange(NO_FILTERS)}
    >
      <DateRangeFields
        word="Published"
        from={draft.from}
        to={draft.to}
        onFrom={(from) => set('from', from)}
        onTo={(to) => set('to', to)}
      />
      <CountedSelect
        label="Source"
        anyLabel="Any source"
        value={draft.source}
        options={sources.map((s) => ({ value: s.source, count: s.count }))}
        onChange={(source) => set('source', source)}
      />
      <TagSelect value={draft.tag} tags={tags} onChange={(tag) => set('tag', tag)} />
      <LinkedEntityField value={draft.entity} onChange={(entity) => set('entity', entity)} report={report} />
      <label className="filter-check">
        <input
          type="checkbox"
          checked={draft.hasHighlights}
          onChange={(e) => set('hasHighlights', e.target.checked)}
        />
        Only articles with highlights
      </label>
    </FiltersDisclosure>
  )
}
