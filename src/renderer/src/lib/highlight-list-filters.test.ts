import { describe, expect, it } from 'vitest'
import { highlightFilterCount, NO_HIGHLIGHT_FILTERS, toHighlightFilters } from './highlight-list-filters'

const ARTICLE = '0192f5d4-7c1a-7000-8000-000000000001'

describe('toHighlightFilters', () => {
  it('leaves empty fields out, so nothing is narrowed', () => {
    const filters = toHighlightFilters(NO_HIGHLIGHT_FILTERS, ARTICLE)
    expect(filters).toEqual({ dateOf: 'published' })
    expect(highlightFilterCount(filters)).toBe(0)
  })

  it('sends every filter given, dates trimmed', () => {
    const filters = toHighlightFilters(
      {
        tag: ' fraud ',
        entity: { id: 'e', name: 'E', type: 'person' },
        openArticleOnly: true,
        color: 'green',
        status: 'orphan',
        dateOf: 'created',
        from: ' 2022 ',
        to: '2022-11',
      },
      ARTICLE,
    )
    expect(filters).toEqual({
      tag: 'fraud',
      entityId: 'e',
      articleId: ARTICLE,
      color: 'green',
      status: 'orphan',
      dateOf: 'created',
      from: '2022',
      to: '2022-11',
    })
    expect(highlightFilterCount(filters)).toBe(7)
  })

  it('narrows to the open article only while one is open', () => {
    const filters = toHighlightFilters({ ...NO_HIGHLIGHT_FILTERS, openArticleOnly: true }, null)
    expect(filters.articleId).toBeUndefined()
    expect(highlightFilterCount(filters)).toBe(0)
  })
})
