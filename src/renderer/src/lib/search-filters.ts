import type { SearchFilters } from '../../../shared/contract'
import type { EntityRef } from '../../../shared/model'

/** The filter panel's fields as the user edits them: dates stay raw text so partial dates can be typed. */
export interface FilterDraft {
  from: string
  to: string
  source: string
  entity: EntityRef | null
  /** A highlight tag, as tags.list spells it; '' for any. */
  tag: string
  hasHighlights: boolean
}

export const NO_FILTERS: FilterDraft = {
  from: '',
  to: '',
  source: '',
  entity: null,
  tag: '',
  hasHighlights: false,
}

/**
 * What the engine receives: empty fields are left out, so they never narrow anything. Dates are sent as
 * typed (trimmed); the engine is the one judge of their form, and its message is shown in place.
 */
export function toSearchFilters(draft: FilterDraft): SearchFilters {
  const filters: SearchFilters = {}
  const from = draft.from.trim()
  const to = draft.to.trim()
  const source = draft.source.trim()
  const tag = draft.tag.trim()
  if (from) filters.from = from
  if (to) filters.to = to
  if (source) filters.source = source
  if (draft.entity) filters.entityId = draft.entity.id
  if (tag) filters.tag = tag
  if (draft.hasHighlights) filters.hasHighlights = true
  return filters
}

/** How many filters narrow the search, for the "Filters (2)" toggle. */
export function activeFilterCount(filters: SearchFilters): number {
  return Object.values(filters).filter((v) => v !== undefined && v !== false && v !== '').length
}

/** A stable key for a set of filters: requests and pages are matched to the filters they answer. */
export function filtersKey(filters: SearchFilters): string {
  return JSON.stringify([
    filters.from ?? '',
    filters.to ?? '',
    filters.source ?? '',
    filters.entityId ?? '',
    filters.tag ?? '',
    !!filters.hasHighlights,
  ])
}

const FIELD_NAMES: Record<string, string> = {
  'filters.from': 'Published from',
  'filters.to': 'Published to',
  'filters.source': 'Source',
  'filters.entityId': 'Entity',
  'filters.tag': 'Tag',
}

/**
 * The engine names an invalid filter by its path ("filters.from: a date is written …"); the user knows the
 * field by its label. Returns null for messages that are not about a filter (a query's syntax).
 */
export function filterErrorMessage(message: string): string | null {
  const parts = message.split('; ').filter((part) => part.startsWith('filters.'))
  if (parts.length === 0) return null
  return parts
    .map((part) => {
      const at = part.indexOf(':')
      const path = at === -1 ? part : part.slice(0, at)
      const reason = at === -1 ? '' : part.slice(at + 1).trim()
      return `${FIELD_NAMES[path] ?? path}: ${reason}`
    })
    .join('; ')
}
