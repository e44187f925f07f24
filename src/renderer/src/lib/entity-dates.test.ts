import { describe, expect, it } from 'vitest'
import { dateRangeProblem, formatDateRange, formatPartialDate } from './entity-dates'

describe('dateRangeProblem', () => {
  it('accepts a year, a month or a day, alone or as a range in order', () => {
    expect(dateRangeProblem('', '')).toBeNull()
    expect(dateRangeProblem('2022', '')).toBeNull()
    expect(dateRangeProblem('2022-01', '2022-01-05')).toBeNull()
    // A range may end within the month it starts in, however the month is written.
    expect(dateRangeProblem('2022-01-05', '2022-01')).toBeNull()
  })

  it('refuses what the engine refuses, in its words', () => {
    expect(dateRangeProblem('5 Jan 2022', '')).toBe('a date is written YYYY, YYYY-MM or YYYY-MM-DD')
    expect(dateRangeProblem('2022-13', '')).toBe('a date is written YYYY, YYYY-MM or YYYY-MM-DD')
    expect(dateRangeProblem('', '2022')).toBe('a date range needs its first date')
    expect(dateRangeProblem('2022-02', '2022-01-31')).toBe(
      'the range ends (2022-01-31) before it starts (2022-02)',
    )
  })
})

describe('formatPartialDate', () => {
  it('shows only as much as is known', () => {
    expect(formatPartialDate('2022')).toBe('2022')
    expect(formatPartialDate('2022-01')).toMatch(/2022/)
    expect(formatPartialDate('2022-01')).not.toMatch(/\b1\b/)
    expect(formatPartialDate('2022-01-05')).toMatch(/5/)
    expect(formatPartialDate('not a date')).toBe('not a date')
  })

  it('keeps the day whatever the time zone', () => {
    expect(formatPartialDate('2022-01-01')).toMatch(/\b1\b/)
    expect(formatPartialDate('2022-01-01')).toMatch(/2022/)
  })

  it('joins a range with a dash', () => {
    expect(formatDateRange('2022', null)).toBe('2022')
    expect(formatDateRange('2021', '2022')).toBe('2021 – 2022')
  })
})
