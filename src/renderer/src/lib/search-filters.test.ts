import { describe, expect, it } from 'vitest'
import {
  activeFilterCount,
  filterErrorMessage,
  filtersKey,
  NO_FILTERS,
  toSearchFilters,
} from './search-filters'

describe('search filters', () => {
  it('leaves empty fields out and trims the rest', () => {
    expect(toSearchFilters(NO_FILTERS)).toEqual({})
    const entity = { id: 'e1', name: 'Port Selwyn', type: 'place' as const }
    const filters = toSearchFilters({
      from: ' 2022 ',
      to: '',
      source: 'Harbour Post',
      entity,
      tag: ' follow up ',
      hasHighlights: true,
    })
    expect(filters).toEqual({
      from: '2022',
      source: 'Harbour Post',
      entityId: 'e1',
      tag: 'follow up',
      hasHighlights: true,
    })
    expect(activeFilterCount(filters)).toBe(5)
    expect(activeFilterCount({})).toBe(0)
  })

  it('keys equal filters equally, whatever the property order', () => {
    expect(filtersKey({ from: '2020', source: 'x' })).toBe(filtersKey({ source: 'x', from: '2020' }))
    expect(filtersKey({ from: '2020' })).not.toBe(filtersKey({ to: '2020' }))
    expect(filtersKey({ tag: 'a' })).not.toBe(filtersKey({ tag: 'b' }))
  })

  it('names an invalid filter by its label and ignores other messages', () => {
    expect(filterErrorMessage('filters.from: a date is written YYYY, YYYY-MM or YYYY-MM-DD')).toBe(
      'Published from: a date is written YYYY, YYYY-MM or YYYY-MM-DD',
    )
    expect(filterErrorMessage('filters.tag: a tag is at most 64 characters')).toBe(
      'Tag: a tag is at most 64 characters',
    )
    expect(filterErrorMessage('search: the quote is not closed')).toBeNull()
  })
})
