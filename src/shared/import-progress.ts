/** Where a bulk import stands: files dealt with, files in all, and when it started (ms since the epoch). */
export interface ImportProgress {
  done: number
  total: number
  startedAt: number | null
}

/** "12 of 340 · 8.1 files/s · about 40 s left", once a few files give a rate worth showing. */
export function progressLine(state: ImportProgress, now: number): string {
  const at = `${Math.min(state.done + 1, state.total)} of ${state.total}`
  const seconds = state.startedAt === null ? 0 : (now - state.startedAt) / 1000
  if (state.done < 3 || seconds < 1) return at
  const rate = state.done / seconds
  const left = Math.ceil((state.total - state.done) / rate)
  const leftText = left < 90 ? `${left} s` : `${Math.round(left / 60)} min`
  return `${at} · ${rate >= 10 ? Math.round(rate) : rate.toFixed(1)} files/s · about ${leftText} left`
}
