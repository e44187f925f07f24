import { useEffect, useRef, useState } from 'react'
import type { EntitySummary, Highlight } from '../../../shared/model'
import { EntityChip } from './EntityChip'
import { EntityPicker } from './EntityPicker'

export interface HighlightCardActions {
  select: (id: string) => void
  saveNote: (id: string, note: string) => Promise<void>
  remove: (id: string) => Promise<void>
  unlink: (id: string, entityId: string) => Promise<void>
  startLinking: (id: string) => void
  stopLinking: () => void
  link: (id: string, entity: EntitySummary) => Promise<void>
  createAndLink: (id: string, name: string) => void
  openEntity: (entityId: string) => void
  report: (error: unknown) => void
}

function NoteEditor({
  initial,
  onSave,
  onCancel,
}: {
  initial: string
  onSave: (note: string) => void
  onCancel: () => void
}) {
  const [note, setNote] = useState(initial)
  return (
    <div className="note-editor">
      <textarea
        autoFocus
        aria-label="Note"
        value={note}
        rows={3}
        onChange={(e) => setNote(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) onSave(note)
          if (e.key === 'Escape') {
            e.stopPropagation()
            onCancel()
          }
        }}
      />
      <div className="form-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="primary" onClick={() => onSave(note)}>
          Save note
        </button>
      </div>
    </div>
  )
}

/** One highlight in the right panel: its quote, note, linked entities and actions. */
export function HighlightCard({
  highlight,
  selected,
  linking,
  actions,
}: {
  highlight: Highlight
  selected: boolean
  linking: boolean
  actions: HighlightCardActions
}) {
  const [editing, setEditing] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const ref = useRef<HTMLLIElement>(null)

  useEffect(() => {
    if (selected) ref.current?.scrollIntoView({ block: 'nearest' })
  }, [selected])

  const save = (note: string): void => {
    setEditing(false)
    void actions.saveNote(highlight.id, note)
  }

  return (
    <li
      ref={ref}
      className={selected ? 'highlight-card selected' : 'highlight-card'}
      aria-current={selected ? 'true' : undefined}
      data-highlight-id={highlight.id}
    >
      <blockquote
        className={highlight.entities[0] ? `quote linked type-${highlight.entities[0].type}` : 'quote'}
        onClick={() => actions.select(highlight.id)}
        title="Show in the article"
      >
        {highlight.quote.exact}
      </blockquote>
      {editing ? (
        <NoteEditor initial={highlight.note} onSave={save} onCancel={() => setEditing(false)} />
      ) : highlight.note ? (
        <p className="note">{highlight.note}</p>
      ) : null}
      {highlight.entities.length > 0 && (
        <div className="chips" aria-label="Linked entities">
          {highlight.entities.map((e) => (
            <EntityChip
              key={e.id}
              entity={e}
              onOpen={() => actions.openEntity(e.id)}
              onRemove={() => void actions.unlink(highlight.id, e.id)}
            />
          ))}
        </div>
      )}
      {linking && (
        <EntityPicker
          excludeIds={highlight.entities.map((e) => e.id)}
          onPick={(entity) => void actions.link(highlight.id, entity)}
          onCreate={(name) => actions.createAndLink(highlight.id, name)}
          onClose={actions.stopLinking}
          report={actions.report}
        />
      )}
      {confirming ? (
        <div className="confirm" role="group" aria-label="Confirm deletion">
          <span>Delete this highlight{highlight.entities.length ? ' and its links' : ''}?</span>
          <button type="button" className="danger" onClick={() => void actions.remove(highlight.id)}>
            Delete
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Keep
          </button>
        </div>
      ) : (
        <div className="card-actions">
          {!editing && (
            <button type="button" className="small" onClick={() => setEditing(true)}>
              {highlight.note ? 'Edit note' : 'Add note'}
            </button>
          )}
          {!linking && (
            <button type="button" className="small" onClick={() => actions.startLinking(highlight.id)}>
              Link entity
            </button>
          )}
          <button
            type="button"
            className="small subtle"
            onClick={() => setConfirming(true)}
            aria-label="Delete highlight"
          >
            Delete
          </button>
        </div>
      )}
    </li>
  )
}
