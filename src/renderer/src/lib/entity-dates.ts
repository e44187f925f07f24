/**
 * Event dates as the engine stores them: YYYY, YYYY-MM or YYYY-MM-DD (an event known only to its year or
 * month is common in reporting). These check and show them in the renderer, before a save is attempted.
 */

/** The same pattern the contract checks, so the form refuses what the engine would. */
const PARTIAL_DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/

/** The first and last day a partial date can mean, to compare a range's ends as the engine does. */
function bounds(date: string): { first: string; last: string } {
  const [year, month, day] = date.split('-')
  if (day) return { first: date, last: date }
  if (month) return { first: `${year}-${month}-01`, last: `${year}-${month}-31` }
  return { first: `${year}-01-01`, last: `${year}-12-31` }
}

/** What is wrong with an event's date or range, in the engine's words; null when it can be saved. */
export function dateRangeProblem(start: string, end: string): string | null {
  if (start && !PARTIAL_DATE.test(start)) return 'a date is written YYYY, YYYY-MM or YYYY-MM-DD'
  if (end && !PARTIAL_DATE.test(end)) return 'a date is written YYYY, YYYY-MM or YYYY-MM-DD'
  if (end && !start) return 'a date range needs its first date'
  if (start && end && bounds(end).last < bounds(start).first)
    return `the range ends (${end}) before it starts (${start})`
  return null
}

const MONTH = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', timeZone: 'UTC' })
const DAY = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
})

/** A partial date as the user reads it: "2022", "Jan 2022" or "5 Jan 2022"; anything else as written. */
export function formatPartialDate(date: string): string {
  if (!PARTIAL_DATE.test(date)) return date
  const [year, month, day] = date.split('-').map(Number) as [number, number?, number?]
  // UTC both ways, so no time zone moves a date to the day before.
  if (day) return DAY.format(new Date(Date.UTC(year, (month ?? 1) - 1, day)))
  if (month) return MONTH.format(new Date(Date.UTC(year, month - 1, 1)))
  return String(year)
}

/** An event's date, or its range joined by an en dash. */
export function formatDateRange(start: string, end: string | null): string {
  return end ? `${formatPartialDate(start)} – ${formatPartialDate(end)}` : formatPartialDate(start)
}
