import type { ImportResult, ImportStatus } from '../../../shared/model'
import { progressLine } from '../../../shared/import-progress'
import type { ImportState } from '../lib/use-import'

function describe(result: ImportResult): string {
  switch (result.status) {
    case 'imported':
      return result.title ? `imported as “${result.title}”` : 'imported'
    case 'updated':
      return result.message ?? `a new version of “${result.title ?? 'an article'}”`
    case 'duplicate':
      // The engine may phrase the whole message itself; otherwise name the article that holds the text.
      if (result.message && /already/i.test(result.message)) return result.message
      return `already in the archive as “${result.title ?? result.message ?? 'another article'}”`
    case 'failed':
      return `failed: ${result.message ?? 'unknown reason'}`
    case 'skipped':
      return result.message ?? 'skipped'
  }
}

function summary(results: ImportResult[]): string {
  const counts: Record<ImportStatus, number> = {
    imported: 0,
    updated: 0,
    duplicate: 0,
    failed: 0,
    skipped: 0,
  }
  for (const r of results) counts[r.status]++
  const parts = [`${counts.imported} imported`]
  if (counts.updated > 0) parts.push(`${counts.updated} new version${counts.updated === 1 ? '' : 's'}`)
  parts.push(`${counts.duplicate} already there`, `${counts.failed} failed`)
  if (counts.skipped > 0) parts.push(`${counts.skipped} skipped`)
  return `Import finished: ${parts.join(', ')}.`
}

/** A step the user may take from one file's result, styled as a link so the row stays a line of text. */
function ResultAction({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button type="button" className="link-button" onClick={onClick}>
      {label}
    </button>
  )
}

/** Progress of the running import and what became of each file. */
export function ImportReport({
  state,
  onDismiss,
  onCancel,
  onResume,
  onOpen,
  onReview,
}: {
  state: ImportState
  onDismiss: () => void
  /** Stops sending files; the one being read finishes. */
  onCancel?: () => void
  /** Sends the files a cancel left unsent. */
  onResume?: () => void
  onOpen: (articleId: string) => void
  /** Opens the review queue on this article's highlights that a new version left without words. */
  onReview?: (articleId: string) => void
}) {
  if (!state.running && state.results.length === 0) return null
  return (
    <section className="import-report" aria-label="Import">
      <div className="import-head">
        <span className="import-status" aria-live="polite">
          {state.running
            ? `Importing ${progressLine(state, state.updatedAt)}: ${state.current ?? ''}`
            : summary(state.results)}
          {!state.running && state.cancelled && (
            <span className="muted">
              {' '}
              {state.resumable > 0 && onResume
                ? `Cancelled: Resume imports the ${state.resumable} file${state.resumable === 1 ? '' : 's'} not yet sent.`
                : 'Cancelled: import the same files again to go on; those already in are recognised at once.'}
            </span>
          )}
        </span>
        {!state.running && state.resumable > 0 && onResume && (
          <button type="button" className="import-action" onClick={onResume}>
            Resume
          </button>
        )}
        {state.running && onCancel && (
          <button type="button" className="import-action" onClick={onCancel}>
            Cancel
          </button>
        )}
        {!state.running && (
          <button type="button" onClick={onDismiss} aria-label="Close import report">
            ×
          </button>
        )}
      </div>
      {state.running && <progress max={state.total} value={state.done} aria-label="Import progress" />}
      <ul className="import-results" aria-label="Import results">
        {state.results.map((r, i) => {
          const { articleId } = r
          return (
            <li key={`${i}-${r.file}`} className={`import-${r.status}`}>
              <span className="import-file">{r.file}</span>{' '}
              <span className="import-outcome">{describe(r)}</span>
              {(r.status === 'imported' || r.status === 'updated') && articleId && (
                <ResultAction label="Open" onClick={() => onOpen(articleId)} />
              )}
              {r.status === 'updated' && articleId && onReview && (r.reanchor?.orphaned ?? 0) > 0 && (
                <ResultAction label="Review" onClick={() => onReview(articleId)} />
              )}
            </li>
          )
        })}
      </ul>
    </section>
  )
}
