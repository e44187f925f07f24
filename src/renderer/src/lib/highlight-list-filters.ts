import type { HighlightFilters } from '../../../shared/contract'
import type { AnchorStatus, EntityRef, HighlightColor } from '../../../shared/model'

export type HighlightSort = 'created' | 'published'
export type HighlightDateOf = HighlightFilters['dateOf']

/** The highlight list's filters as the user edits them: dates stay raw text so a year or a month can be typed. */
export interface HighlightFilterDraft {
  /** A tag as tags.list spells it; '' for any. */
  tag: string
  entity: EntityRef | null
  /** Only the article open in the reader. */
  openArticleOnly: boolean
  color: HighlightColor | ''
  status: AnchorStatus | ''
  /** Whether the dates bound the article's publication or the highlight's making. */
  dateOf: HighlightDateOf
  from: string
  to: string
}

export const NO_HIGHLIGHT_FILTERS: HighlightFilterDraft = {
  tag: '',
  entity: null,
  openArticleOnly: false,
  color: '',
  status: '',
  dateOf: 'published',
  from: '',
  to: '',
}

/**
 * What the engine receives: empty fields are left out, so they never narrow anything; "only the open
 * article" narrows nothing while no article is open. Dates go as typed (trimmed): the engine judges their form.
 */
export function toHighlightFilters(
  draft: HighlightFilterDraft,
  openArticleId: string | null,
): HighlightFilters {
  const filters: HighlightFilters = { dateOf: draft.dateOf }
  const tag = draft.tag.trim()
  const from = draft.from.trim()
  const to = draft.to.trim()
  if (tag) filters.tag = tag
  if (draft.entity) filters.entityId = draft.entity.id
  if (draft.openArticleOnly && openArticleId) filters.articleId = openArticleId
  if (draft.color) filters.color = draft.color
  if (draft.status) filters.status = draft.status
  if (from) filters.from = from
  if (to) filters.to = to
  return filters
}

/** How many filters narrow the list, for the "Filters (2)" toggle; which dates are meant is no filter by itself. */
export function highlightFilterCount(filters: HighlightFilters): number {
  return Object.entries(filters).filter(([field, v]) => field !== 'dateOf' && v !== undefined && v !== '')
    .length
}
