/** A date as the user reads it; ISO strings without a time stay date-only (no timezone shift). */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return ''
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(iso)
  const date = new Date(dateOnly ? `${iso}T00:00:00` : iso)
  if (Number.isNaN(date.getTime())) return iso
  return date.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' })
}

/** A file's size in KB or MB, as a list of files shows it. */
export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`
}

/** The last part of a path, on any platform. */
export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`
}

/** Splits a snippet into plain and marked runs; overlapping or unordered marks are tolerated. */
export function markRuns(
  text: string,
  marks: ReadonlyArray<readonly [number, number]>,
): Array<{ text: string; marked: boolean }> {
  const sorted = [...marks].sort((a, b) => a[0] - b[0])
  const runs: Array<{ text: string; marked: boolean }> = []
  let at = 0
  for (const [rawStart, rawEnd] of sorted) {
    const start = Math.max(at, Math.min(rawStart, text.length))
    const end = Math.min(rawEnd, text.length)
    if (end <= start) continue
    if (start > at) runs.push({ text: text.slice(at, start), marked: false })
    runs.push({ text: text.slice(start, end), marked: true })
    at = end
  }
  if (at < text.length) runs.push({ text: text.slice(at), marked: false })
  return runs
}

/** Splits "a, b ,c" into trimmed, non-empty, distinct aliases. */
export function parseAliases(input: string): string[] {
  return [
    ...new Set(
      input
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ]
}

/** An error's message to show in a form: the engine's words for a refusal. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
