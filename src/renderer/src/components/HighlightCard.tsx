import { useEffect, useId, useRef, useState } from 'react'
import type { EntitySummary, Highlight, HighlightColor } from '../../../shared/model'
import { MAX_TAGS_PER_HIGHLIGHT, tagKey } from '../../../shared/tags'
import { colorClass } from '../lib/highlight-colors'
import { ColorPicker } from './ColorPicker'
import { EntityChip } from './EntityChip'
import { EntityPicker } from './EntityPicker'
import { MARKDOWN_HINT, NoteMarkdown } from './NoteMarkdown'
import { TagChip } from './TagChip'
import { TagInput } from './TagInput'
import type { PageSpan } from '../../../shared/source-pages'
import { PageCitation } from './PageCitation'

export interface HighlightCardActions {
  select: (id: string) => void
  saveNote: (id: string, note: string) => Promise<void>
  saveColor: (id: string, color: HighlightColor) => Promise<void>
  /** Replaces the highlight's tags; resolves to the tags stored, or null if that failed (and was reported). */
  saveTags: (id: string, tags: string[]) => Promise<string[] | null>
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
  const hintId = useId()
  return (
    <div className="note-editor">
      <textarea
        autoFocus
        aria-label="Note"
        aria-describedby={hintId}
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
      <p className="note-hint muted" id={hintId}>
        {MARKDOWN_HINT}
      </p>
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

/** One highlight in the right panel: its quote, note, tags, linked entities and actions. */
export function HighlightCard({
  highlight,
  selected,
  linking,
  actions,
  pages = null,
}: {
  highlight: Highlight
  selected: boolean
  linking: boolean
  actions: HighlightCardActions
  /** The pages of the source file the passage is on (a PDF's), shown for the citation. */
  pages?: PageSpan | null
}) {
  const [editing, setEditing] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const [tagging, setTagging] = useState(false)
  const ref = useRef<HTMLLIElement>(null)
  /**
   * Tag changes are saved one after another, each applied to the tags the one before left: two tags added
   * faster than the engine answers must both be kept, not the second replace the first.
   */
  const tagQueue = useRef<Promise<void>>(Promise.resolve())
  const currentTags = useRef<readonly string[]>(highlight.tags)
  const savingTags = useRef(0)

  useEffect(() => {
    if (selected) ref.current?.scrollIntoView({ block: 'nearest' })
  }, [selected])

  useEffect(() => {
    if (savingTags.current === 0) currentTags.current = highlight.tags
  }, [highlight.tags])

  const save = (note: string): void => {
    setEditing(false)
    void actions.saveNote(highlight.id, note)
  }

  const changeTags = (change: (tags: readonly string[]) => readonly string[]): void => {
    const { id } = highlight
    savingTags.current++
    tagQueue.current = tagQueue.current.then(async () => {
      const before = currentTags.current
      const after = change(before)
      if (after !== before) {
        currentTags.current = after
        currentTags.current = (await actions.saveTags(id, [...after])) ?? before
      }
      savingTags.current--
    })
  }
  const addTag = (tag: string): void =>
    changeTags((tags) => (tags.some((t) => tagKey(t) === tagKey(tag)) ? tags : [...tags, tag]))
  const removeTag = (tag: string): void =>
    changeTags((tags) => (tags.includes(tag) ? tags.filter((t) => t !== tag) : tags))
  const full = highlight.tags.length >= MAX_TAGS_PER_HIGHLIGHT

  return (
    <li
      ref={ref}
      className={selected ? 'highlight-card selected' : 'highlight-card'}
      aria-current={selected ? 'true' : undefined}
      data-highlight-id={highlight.id}
    >
      <blockquote
        className={`quote ${colorClass(highlight.color)}`}
        onClick={() => actions.select(highlight.id)}
        title="Show in the article"
      >
        {highlight.quote.exact}
      </blockquote>
      <PageCitation pages={pages} />
      <ColorPicker
        value={highlight.color}
        onChange={(color) => void actions.saveColor(highlight.id, color)}
      />
      {editing ? (
        <NoteEditor initial={highlight.note} onSave={save} onCancel={() => setEditing(false)} />
      ) : highlight.note ? (
        <NoteMarkdown text={highlight.note} />
      ) : null}
      {highlight.tags.length > 0 && (
        <div className="chips tag-chips" aria-label="Tags">
          {highlight.tags.map((tag) => (
            <TagChip key={tag} tag={tag} onRemove={() => removeTag(tag)} />
          ))}
        </div>
      )}
      {tagging &&
        (full ? (
          <p className="muted tag-limit">
            A highlight has at most {MAX_TAGS_PER_HIGHLIGHT} tags: remove one to add another.{' '}
            <button type="button" className="link-button" onClick={() => setTagging(false)}>
              Done
            </button>
          </p>
        ) : (
          <TagInput
            existing={highlight.tags}
            onAdd={addTag}
            onClose={() => setTagging(false)}
            report={actions.report}
          />
        ))}
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
          {!tagging && (
            <button type="button" className="small" onClick={() => setTagging(true)}>
              Add tag
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
