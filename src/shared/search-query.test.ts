import { describe, expect, it } from 'vitest'
import { parseQuery, QuerySyntaxError } from './search-query'

const term = (text: string, more: Partial<{ field: string; prefix: boolean; fuzzy: number }> = {}) => ({
  kind: 'term',
  text,
  field: null,
  prefix: false,
  fuzzy: 0,
  ...more,
})
const phrase = (text: string, field: string | null = null) => ({ kind: 'phrase', text, field })

function syntaxError(input: string): string {
  try {
    parseQuery(input)
  } catch (error) {
    expect(error).toBeInstanceOf(QuerySyntaxError)
    return (error as Error).message
  }
  throw new Error(`expected “${input}” to be refused`)
}

describe('parseQuery', () => {
  it('requires every word by default', () => {
    expect(parseQuery('election  observers')).toEqual({
      required: [[term('election')], [term('observers')]],
      excluded: [],
    })
  })

  it('joins words with OR into one group, binding to the neighbours only', () => {
    expect(parseQuery('almaty observers OR monitors')).toEqual({
      required: [[term('almaty')], [term('observers'), term('monitors')]],
      excluded: [],
    })
    expect(parseQuery('a OR b OR c').required).toEqual([[term('a'), term('b'), term('c')]])
    // Lower-case "or" is a word, not the operator.
    expect(parseQuery('this or that').required).toHaveLength(3)
  })

  it('excludes -words and -"phrases"', () => {
    expect(parseQuery('election -referendum -"snap poll"')).toEqual({
      required: [[term('election')]],
      excluded: [term('referendum'), phrase('snap poll')],
    })
    // A dash inside or alone is not an exclusion.
    expect(parseQuery('well-known - x').required).toEqual([[term('well-known')], [term('-')], [term('x')]])
  })

  it('reads phrases in straight, curly and guillemet quotes', () => {
    expect(parseQuery('"own civil society"').required).toEqual([[phrase('own civil society')]])
    expect(parseQuery('“own civil society” Reimer').required).toEqual([
      [phrase('own civil society')],
      [term('Reimer')],
    ])
    expect(parseQuery('«Ерkindik kanaty»').required).toEqual([[phrase('Ерkindik kanaty')]])
    expect(parseQuery('“mixed quotes"').required).toEqual([[phrase('mixed quotes')]])
  })

  it('reads prefix*, fuzzy~ and fields', () => {
    expect(parseQuery('observ* Tokayev~1 Tokaev~2 Reimer~').required).toEqual([
      [term('observ', { prefix: true })],
      [term('Tokayev', { fuzzy: 1 })],
      [term('Tokaev', { fuzzy: 2 })],
      [term('Reimer', { fuzzy: 1 })],
    ])
    expect(
      parseQuery('title:election Author:Marsh source:"Valley Courier" entity:Reimer -tag:draft'),
    ).toEqual({
      required: [
        [term('election', { field: 'title' })],
        [term('Marsh', { field: 'author' })],
        [phrase('Valley Courier', 'source')],
        [term('Reimer', { field: 'entity' })],
      ],
      excluded: [term('draft', { field: 'tag' })],
    })
    // An unknown prefix before a colon is part of the word (times, URLs).
    expect(parseQuery('10:30 https://x.org').required).toEqual([[term('10:30')], [term('https://x.org')]])
  })

  it('an empty query has no clauses', () => {
    expect(parseQuery('   ')).toEqual({ required: [], excluded: [] })
  })

  it('refuses malformed queries with a message that says what to change', () => {
    expect(syntaxError('"own civil society')).toMatch(/not closed/)
    expect(syntaxError('OR observers')).toMatch(/OR needs a word on each side/)
    expect(syntaxError('observers OR')).toMatch(/OR needs a word on each side/)
    expect(syntaxError('a OR OR b')).toMatch(/OR needs a word on each side/)
    expect(syntaxError('-referendum')).toMatch(/not only words to leave out/)
    expect(syntaxError('word~3')).toMatch(/1 or 2 edits/)
    expect(syntaxError('o*')).toMatch(/at least 2 letters/)
    expect(syntaxError('ob*erv')).toMatch(/\* may only end a word/)
    expect(syntaxError('observ*~1')).toMatch(/either \* or ~/)
    expect(syntaxError('""')).toMatch(/empty/)
    expect(syntaxError('title:*')).toMatch(/at least 2 letters|no word/)
  })
})
