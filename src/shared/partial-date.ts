/**
 * Dates written YYYY, YYYY-MM or YYYY-MM-DD: search filters and events (an event known only to its year or
 * month is common in reporting). One definition for the contract, the engine and the entity form, so the
 * form refuses what the engine would, in the same words.
 */
export const PARTIAL_DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/

export const PARTIAL_DATE_FORMAT = 'a date is written YYYY, YYYY-MM or YYYY-MM-DD'

/** The first and last day a partial date can mean, to compare partial dates. */
export function partialDateBounds(date: string): { first: string; last: string } {
  const [year, month, day] = date.split('-')
  if (day) return { first: date, last: date }
  if (month) return { first: `${year}-${month}-01`, last: `${year}-${month}-31` }
  return { first: `${year}-01-01`, last: `${year}-12-31` }
}

/** What is wrong with a date range whose ends are well written (either may be absent); null if nothing. */
export function dateRangeOrderProblem(start: string | null, end: string | null): string | null {
  if (end && !start) return 'a date range needs its first date'
  if (start && end && partialDateBounds(end).last < partialDateBounds(start).first)
    return `the range ends (${end}) before it starts (${start})`
  return null
}
