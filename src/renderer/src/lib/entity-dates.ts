import { dateRangeOrderProblem, PARTIAL_DATE, PARTIAL_DATE_FORMAT } from '../../../shared/partial-date'

/**
 * Event dates as the engine stores them (src/shared/partial-date.ts), checked and shown in the renderer
 * before a save is attempted.
 */

/** What is wrong with an event's date or range, in the engine's words; null when it can be saved. */
export function dateRangeProblem(start: string, end: string): string | null {
  if (start && !PARTIAL_DATE.test(start)) return PARTIAL_DATE_FORMAT
  if (end && !PARTIAL_DATE.test(end)) return PARTIAL_DATE_FORMAT
  return dateRangeOrderProblem(start || null, end || null)
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
