import { ANCHOR_STATUSES, HIGHLIGHT_COLORS } from '../../../shared/model'
import { COLOR_LABELS, STATUS_LABELS } from '../lib/highlight-colors'
import {
  NO_HIGHLIGHT_FILTERS,
  type HighlightDateOf,
  type HighlightFilterDraft,
  type HighlightSort,
} from '../lib/highlight-list-filters'
import { useTagCounts } from '../lib/use-tag-counts'
import {
  ChoiceSelect,
  DateRangeFields,
  FiltersDisclosure,
  LinkedEntityField,
  TagSelect,
} from './FilterFields'

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
  const tags = useTagCounts(version, report)
  const set = <K extends keyof HighlightFilterDraft>(field: K, value: HighlightFilterDraft[K]): void =>
    onChange({ ...draft, [field]: value })

  return (
    <FiltersDisclosure
      className="highlight-filters"
      panelLabel="Highlight filters"
      activeCount={activeCount}
      onClear={() => onChange(NO_HIGHLIGHT_FILTERS)}
    >
      <div className="filter-dates">
        <ChoiceSelect
          label="Colour"
          anyLabel="Any colour"
          value={draft.color}
          choices={HIGHLIGHT_COLORS}
          labels={COLOR_LABELS}
          onChange={(color) => set('color', color)}
        />
        <ChoiceSelect
          label="Status"
          anyLabel="Any status"
          value={draft.status}
          choices={ANCHOR_STATUSES}
          labels={STATUS_LABELS}
          onChange={(status) => set('status', status)}
        />
      </div>
      <TagSelect value={draft.tag} tags={tags} onChange={(tag) => set('tag', tag)} />
      <LinkedEntityField value={draft.entity} onChange={(entity) => set('entity', entity)} report={report} />
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
      <DateRangeFields
        word={draft.dateOf === 'published' ? 'Published' : 'Highlighted'}
        from={draft.from}
        to={draft.to}
        onFrom={(from) => set('from', from)}
        onTo={(to) => set('to', to)}
      />
    </FiltersDisclosure>
  )
}
