import type { EntitySummary } from '../../../shared/model'
import { EntityPicker } from './EntityPicker'

export interface ToolbarPlace {
  /** Where the buttons go: above the selection, or below it when there is no room above. */
  top: number
  /** Below the selection: the type-ahead grows downwards and must not hide the words being linked. */
  below: number
  left: number
}

/**
 * Floats over the reader's selection. Its buttons keep the selection alive (mousedown is not allowed to
 * move focus), and "Link to entity…" turns it into a type-ahead right where the user is reading.
 */
export function SelectionToolbar({
  place,
  picking,
  initialQuery,
  onHighlight,
  onLinkNew,
  onStartPicking,
  onPick,
  onCreate,
  onClose,
  report,
}: {
  place: ToolbarPlace
  picking: boolean
  initialQuery: string
  onHighlight: () => void
  onLinkNew: () => void
  onStartPicking: () => void
  onPick: (entity: EntitySummary) => void
  onCreate: (name: string) => void
  onClose: () => void
  report: (error: unknown) => void
}) {
  return (
    <div
      className={picking ? 'selection-toolbar picking' : 'selection-toolbar'}
      role="toolbar"
      aria-label="Selection"
      style={{ top: picking ? place.below : place.top, left: place.left }}
      onMouseDown={(e) => {
        if (!(e.target instanceof HTMLInputElement)) e.preventDefault()
      }}
      onMouseUp={(e) => e.stopPropagation()}
    >
      {picking ? (
        <EntityPicker
          initialQuery={initialQuery}
          onPick={onPick}
          onCreate={onCreate}
          onClose={onClose}
          report={report}
        />
      ) : (
        <>
          <button type="button" onClick={onHighlight} title="Highlight (h)">
            Highlight
          </button>
          <button
            type="button"
            onClick={onLinkNew}
            title="Highlight and create an entity from the selected words"
          >
            Link to new entity
          </button>
          <button type="button" onClick={onStartPicking} title="Link to entity (l)">
            Link to entity…
          </button>
        </>
      )}
    </div>
  )
}
