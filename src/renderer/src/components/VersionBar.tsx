import { useRef, type ChangeEvent } from 'react'
import type { ArticleDetail, ArticleVersionSummary } from '../../../shared/model'
import { filesFromInput, IMPORT_ACCEPT, type PickedFile } from '../lib/file-collect'
import { formatDate, plural } from '../lib/format'
import { versionOrigin } from '../lib/use-versions'

export interface VersionBarActions {
  /** Opens a version; null for the current one. */
  openVersion: (versionId: string | null) => void
  compare: () => void
  editText: () => void
  importVersion: (files: PickedFile[]) => void
}

/** "Version 2 of 3 (current) · 28 Nov 2026": an option of the menu; where it came from is shown beside it. */
function versionLabel(version: ArticleVersionSummary, count: number): string {
  return `Version ${version.number} of ${count}${version.current ? ' (current)' : ''} · ${formatDate(version.createdAt)}`
}

/**
 * The article's versions above its text: which one is shown, a menu to open another, and the actions that
 * make or compare versions. Older versions are for reading: editing and importing start from the current one.
 */
export function VersionBar({
  article,
  versions,
  busy,
  actions,
}: {
  article: ArticleDetail
  /** Null while the list loads: the bar then shows what the article itself knows. */
  versions: ArticleVersionSummary[] | null
  /** An import or a save is running: the actions that would start another wait. */
  busy: boolean
  actions: VersionBarActions
}) {
  const fileInput = useRef<HTMLInputElement>(null)
  const shown = versions?.find((v) => v.id === article.versionId)
  const isCurrent = article.versionId === article.currentVersionId
  const several = article.versionCount > 1

  const picked = (event: ChangeEvent<HTMLInputElement>): void => {
    const files = filesFromInput(event.target.files).slice(0, 1)
    // Cleared so that choosing the same file again fires another change.
    event.target.value = ''
    actions.importVersion(files)
  }

  return (
    <div className="version-bar" role="group" aria-label="Versions">
      <span className="version-which">
        {several && versions ? (
          <select
            className="version-select"
            aria-label="Open version"
            value={article.versionId}
            onChange={(e) =>
              actions.openVersion(e.target.value === article.currentVersionId ? null : e.target.value)
            }
          >
            {[...versions].reverse().map((v) => (
              <option key={v.id} value={v.id}>
                {versionLabel(v, versions.length)}
              </option>
            ))}
          </select>
        ) : (
          <span>
            Version {article.versionNumber} of {article.versionCount}
            {shown ? ` · ${formatDate(shown.createdAt)}` : ''}
          </span>
        )}
        {shown && (
          <span className="version-origin" title={versionOrigin(shown)}>
            · {versionOrigin(shown)}
          </span>
        )}
      </span>
      <span className="version-actions">
        {several && (
          <button
            type="button"
            className="small"
            onClick={actions.compare}
            title="See what changed between two versions"
          >
            Compare
          </button>
        )}
        {isCurrent && (
          <>
            <button
              type="button"
              className="small"
              onClick={actions.editText}
              disabled={busy}
              title="Correct the text; the correction becomes a new version and the highlights follow it"
            >
              Edit text
            </button>
            <button
              type="button"
              className="small"
              onClick={() => fileInput.current?.click()}
              disabled={busy}
              title="Import a file (a page saved again, a corrected copy) as this article's next version"
            >
              Import a new version…
            </button>
            <input
              ref={fileInput}
              type="file"
              accept={IMPORT_ACCEPT}
              hidden
              aria-label="Choose a file to import as a new version"
              data-testid="import-version-input"
              onChange={picked}
            />
          </>
        )}
      </span>
    </div>
  )
}

/** Above an older version's text: it is read-only, and the way back. */
export function OlderVersionBanner({ article, onBack }: { article: ArticleDetail; onBack: () => void }) {
  return (
    <div className="version-banner older" role="note" aria-label="Older version">
      <span>
        You are reading version {article.versionNumber} of {article.versionCount} (older). Highlights show
        where they stood then.
      </span>
      <button type="button" className="small primary" onClick={onBack}>
        Back to the current version
      </button>
    </div>
  )
}

/** What became of the highlights when the article got a new version. */
export interface VersionNoticeInfo {
  articleId: string
  how: 'edit' | 'import'
  versionNumber: number
  anchored: number
  orphaned: number
}

export function VersionNotice({
  notice,
  onReview,
  onDismiss,
}: {
  notice: VersionNoticeInfo
  onReview: () => void
  onDismiss: () => void
}) {
  const verb = notice.how === 'edit' ? 'Saved' : 'Imported'
  return (
    <div className="version-banner notice" role="status">
      <span>
        {verb} as version {notice.versionNumber}: {plural(notice.anchored, 'highlight')} carried over,{' '}
        {notice.orphaned} to review.
        {notice.orphaned > 0 && (
          <>
            {' '}
            <button type="button" className="link-button" onClick={onReview}>
              Review {notice.orphaned === 1 ? 'it' : 'them'}
            </button>
          </>
        )}
      </span>
      <button type="button" className="banner-close" onClick={onDismiss} aria-label="Dismiss notice">
        ×
      </button>
    </div>
  )
}

/** On an article with orphans: they wait in the review queue. */
export function OrphanNotice({ count, onReview }: { count: number; onReview: () => void }) {
  return (
    <div className="version-banner orphans" role="note" aria-label="Highlights to review">
      <span>
        {count === 1 ? '1 highlight' : `${count} highlights`} of this article {count === 1 ? 'needs' : 'need'}{' '}
        review.
      </span>
      <button type="button" className="small" onClick={onReview}>
        Review
      </button>
    </div>
  )
}
