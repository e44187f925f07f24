import { describe, expect, it } from 'vitest'
import { tagSuggestions, tagToAdd } from './tag-suggestions'

const ALL = [
  { tag: 'Follow up', count: 9 },
  { tag: 'election fraud', count: 5 },
  { tag: 'Elections', count: 3 },
  { tag: 'selection bias', count: 2 },
  { tag: 'Выборы', count: 1 },
]

describe('tag suggestions', () => {
  it('offers tags starting with the text (or a word of them) before those containing it', () => {
    expect(tagSuggestions(ALL, 'elect', []).map((t) => t.tag)).toEqual([
      'election fraud',
      'Elections',
      'selection bias',
    ])
    expect(tagSuggestions(ALL, 'FRAUD', []).map((t) => t.tag)).toEqual(['election fraud'])
    expect(tagSuggestions(ALL, 'выб', []).map((t) => t.tag)).toEqual(['Выборы'])
  })

  it("leaves out the highlight's own tags, in any case, and offers the busiest with nothing typed", () => {
    expect(tagSuggestions(ALL, 'elect', ['ELECTIONS']).map((t) => t.tag)).toEqual([
      'election fraud',
      'selection bias',
    ])
    expect(tagSuggestions(ALL, '  ', ['follow up'], 2).map((t) => t.tag)).toEqual([
      'election fraud',
      'Elections',
    ])
  })

  it("adds a tag the archive has in the archive's spelling, and anything else tidied", () => {
    expect(tagToAdd(ALL, ' follow UP ')).toBe('Follow up')
    expect(tagToAdd(ALL, '  new   tag ')).toBe('new tag')
    expect(tagToAdd(ALL, '   ')).toBeNull()
  })
})
