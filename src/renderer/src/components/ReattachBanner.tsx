import type { HighlightListItem } from '../../../shared/model'
import type { ToolbarPlace } from './SelectionToolbar'

/** Over the reader while an orphan is being re-attached: what it quoted, and what to do. */
export function ReattachBanner({ orphan, onCancel }: { orphan: HighlightListItem; onCancel: () => void }) {
  return (
    <div className="version-banner reattach" role="region" aria-label="Re-attach highlight">
      <div className="reattach-body">
        <p className="reattach-instruction">
          Select the words this highlight belongs to, then press <strong>Attach</strong> (or <kbd>a</kbd>).
        </p>
        <blockquote className="review-quote">{orphan.quote.exact}</blockquote>
        {orphan.note && (
          <p className="review-note">
            <span className="note-label">Note: </span>
            {orphan.note}
          </p>
        )}
      </div>
      <button type="button" className="small" onClick={onCancel} title="Leave it in the review queue (Esc)">
        Cancel
      </button>
    </div>
  )
}

/** The selection's toolbar in re-attach mode: one action. Mousedown keeps the selection alive, as in SelectionToolbar. */
export function AttachToolbar({ place, onAttach }: { place: ToolbarPlace; onAttach: () => void }) {
  return (
    <div
      className="selection-toolbar"
      role="toolbar"
      aria-label="Selection"
      style={{ top: place.top, left: place.left }}
      onMouseDown={(e) => e.preventDefault()}
      onMouseUp={(e) => e.stopPropagation()}
    >
      <button
        type="button"
        className="primary"
        onClick={onAttach}
        title="Attach the highlight to these words (a)"
      >
        Attach here
      </button>
    </div>
  )
}
