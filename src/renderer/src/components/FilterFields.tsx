import { useId, useState, type ComponentProps, type ReactNode } from 'react'
import type { TagCount } from '../../../shared/model'
import { EntityFilter } from './EntityFilter'

/**
 * Controls the search's filters and the highlight list's filters share, so both panels look and behave
 * alike.
 */

const DATE_HINT = 'YYYY, YYYY-MM or YYYY-MM-DD'

/**
 * A "Filters" toggle that counts the active filters, "Clear filters" while any is set, and the panel the
 * toggle opens: collapsed by default so a list keeps its room until the user wants to narrow it.
 */
export function FiltersDisclosure({
  className,
  panelLabel,
  activeCount,
  onClear,
  children,
}: {
  className: string
  /** The accessible name of the panel's group. */
  panelLabel: string
  activeCount: number
  onClear: () => void
  children: ReactNode
}) {
  const [open, setOpen] = useState(false)
  const panelId = useId()
  return (
    <div className={className}>
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
          <button type="button" className="small subtle" onClick={onClear}>
            Clear filters
          </button>
        )}
      </div>
      {open && (
        <div id={panelId} className="filters-panel" role="group" aria-label={panelLabel}>
          {children}
        </div>
      )}
    </div>
  )
}

/**
 * "<word> from" and "to" as text, so a year or a month can be typed as well as a day; `word` says which
 * date the range is of ("Published", "Highlighted").
 */
export function DateRangeFields({
  word,
  from,
  to,
  onFrom,
  onTo,
}: {
  word: string
  from: string
  to: string
  onFrom: (from: string) => void
  onTo: (to: string) => void
}) {
  return (
    <div className="filter-dates">
      <label>
        {word} from
        <input
          value={from}
          placeholder="YYYY-MM-DD"
          title={DATE_HINT}
          inputMode="numeric"
          onChange={(e) => onFrom(e.target.value)}
        />
      </label>
      <label>
        to
        <input
          aria-label={`${word} to`}
          value={to}
          placeholder="YYYY-MM-DD"
          title={`${DATE_HINT}; the whole period is included`}
          inputMode="numeric"
          onChange={(e) => onTo(e.target.value)}
        />
      </label>
    </div>
  )
}

/**
 * A select of the values the archive holds (sources, tags) with how many carry each, "Any …" first. A chosen
 * value that has since left the archive stays listed, so the select never lies.
 */
export function CountedSelect({
  label,
  anyLabel,
  value,
  options,
  onChange,
}: {
  label: string
  anyLabel: string
  value: string
  options: Array<{ value: string; count: number }>
  onChange: (value: string) => void
}) {
  const gone = value !== '' && !options.some((o) => o.value === value)
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{anyLabel}</option>
        {gone && <option value={value}>{value}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.value} ({o.count})
          </option>
        ))}
      </select>
    </label>
  )
}

/**
 * The highlight tags with their counts. The caller loads them (useTagCounts) so they are ready, not fetched,
 * when the panel opens.
 */
export function TagSelect({
  value,
  tags,
  onChange,
}: {
  value: string
  tags: TagCount[]
  onChange: (tag: string) => void
}) {
  return (
    <CountedSelect
      label="Tag"
      anyLabel="Any tag"
      value={value}
      options={tags.map((t) => ({ value: t.tag, count: t.count }))}
      onChange={onChange}
    />
  )
}

/** A select of a fixed set of choices shown by their labels, "Any …" (the empty value) first. */
export function ChoiceSelect<T extends string>({
  label,
  anyLabel,
  value,
  choices,
  labels,
  onChange,
}: {
  label: string
  anyLabel: string
  value: T | ''
  choices: readonly T[]
  labels: Record<T, string>
  onChange: (value: T | '') => void
}) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value as T | '')}>
        <option value="">{anyLabel}</option>
        {choices.map((choice) => (
          <option key={choice} value={choice}>
            {labels[choice]}
          </option>
        ))}
      </select>
    </label>
  )
}

/** "Linked to" an entity, chosen with the type-ahead. */
export function LinkedEntityField(props: ComponentProps<typeof EntityFilter>) {
  return (
    <div className="filter-entity">
      <span>Linked to</span>
      <EntityFilter {...props} />
    </div>
  )
}
