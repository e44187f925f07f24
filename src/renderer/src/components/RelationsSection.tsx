import { useCallback, useId, useState, type FormEvent } from 'react'
import {
  RELATION_TYPES,
  isRelationTypeKey,
  type Entity,
  type EntityRef,
  type Relation,
  type RelationEvidence,
} from '../../../shared/model'
import { call } from '../lib/api'
import { errorMessage, formatDate } from '../lib/format'
import { STATUS_LABELS } from '../lib/highlight-colors'
import { EntityChip } from './EntityChip'
import { EntityPicker } from './EntityPicker'

/** A passage of this entity's page that can back a relation. */
export interface EvidenceChoice {
  highlightId: string
  exact: string
  articleTitle: string
  publishedAt: string | null
}

/** The type select's value for "my own words". */
const CUSTOM = 'custom'

/** One end of a relation: this entity in bold, any other a button that opens its page. */
function End({ end, current, onOpen }: { end: EntityRef; current: Entity; onOpen: (id: string) => void }) {
  if (end.id === current.id) return <strong className="relation-self">{end.name}</strong>
  return (
    <button
      type="button"
      className={`link-button relation-end type-${end.type}`}
      onClick={() => onOpen(end.id)}
      title={`Open ${end.name}`}
    >
      {end.name}
    </button>
  )
}

/** Subject — label → object, read as a sentence. */
function Sentence({
  subject,
  label,
  object,
  current,
  onOpen,
}: {
  subject: EntityRef
  label: string
  object: EntityRef
  current: Entity
  onOpen: (id: string) => void
}) {
  return (
    <span className="relation-sentence">
      <End end={subject} current={current} onOpen={onOpen} />{' '}
      <span className="relation-label">— {label} →</span>{' '}
      <End end={object} current={current} onOpen={onOpen} />
    </span>
  )
}

/** Checkboxes over passages, to choose a relation's evidence; with a word for the page that has none. */
function EvidenceChooser({
  entity,
  choices,
  chosen,
  onChange,
}: {
  entity: Entity
  choices: readonly EvidenceChoice[]
  chosen: ReadonlySet<string>
  onChange: (chosen: Set<string>) => void
}) {
  if (choices.length === 0)
    return (
      <p className="muted evidence-none">
        No passages are linked to {entity.name} yet: link one in an article to cite it here.
      </p>
    )
  const toggle = (id: string, on: boolean): void => {
    const next = new Set(chosen)
    if (on) next.add(id)
    else next.delete(id)
    onChange(next)
  }
  return (
    <ul className="evidence-choices" aria-label="Passages to cite">
      {choices.map((c) => (
        <li key={c.highlightId}>
          <label>
            <input
              type="checkbox"
              checked={chosen.has(c.highlightId)}
              onChange={(e) => toggle(c.highlightId, e.target.checked)}
            />
            <span className="evidence-choice-text">
              <span className="evidence-quote">{c.exact}</span>
              <span className="muted evidence-source">
                {c.articleTitle || 'Untitled'}
                {c.publishedAt && ` · ${formatDate(c.publishedAt)}`}
              </span>
            </span>
          </label>
        </li>
      ))}
    </ul>
  )
}

/** A relation's passages with their citation; each opens the article at the passage. */
function EvidenceList({
  evidence,
  onOpen,
}: {
  evidence: readonly RelationEvidence[]
  onOpen: (articleId: string, highlightId: string) => void
}) {
  if (evidence.length === 0) return null
  return (
    <ul className="relation-evidence" aria-label="Evidence">
      {evidence.map((e) => (
        <li key={e.highlightId}>
          <button
            type="button"
            className="evidence-passage"
            onClick={() => onOpen(e.articleId, e.highlightId)}
            title="Open in the reader"
          >
            <span className="evidence-quote">
              {e.status !== 'anchored' && (
                <span className={`status-badge status-${e.status}`}>{STATUS_LABELS[e.status]}</span>
              )}
              {e.exact}
            </span>
            <span className="muted evidence-source">
              {e.title || 'Untitled'}
              {e.siteName && ` · ${e.siteName}`}
              {e.publishedAt && ` · ${formatDate(e.publishedAt)}`}
            </span>
          </button>
        </li>
      ))}
    </ul>
  )
}

function RelationItem({
  relation,
  entity,
  choices,
  onOpenEntity,
  onOpenEvidence,
  onChanged,
}: {
  relation: Relation
  entity: Entity
  choices: readonly EvidenceChoice[]
  onOpenEntity: (id: string) => void
  onOpenEvidence: (articleId: string, highlightId: string) => void
  onChanged: () => void
}) {
  const [mode, setMode] = useState<'view' | 'edit' | 'evidence' | 'delete'>('view')
  const [chosen, setChosen] = useState<Set<string>>(new Set())
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  // Evidence already cited from the other entity's passages stays offered, so editing does not drop it.
  const offered: EvidenceChoice[] = [
    ...choices,
    ...relation.evidence
      .filter((e) => !choices.some((c) => c.highlightId === e.highlightId))
      .map((e) => ({
        highlightId: e.highlightId,
        exact: e.exact,
        articleTitle: e.title,
        publishedAt: e.publishedAt,
      })),
  ]

  const run = async (action: () => Promise<unknown>): Promise<void> => {
    setBusy(true)
    setError(null)
    try {
      await action()
      setMode('view')
      onChanged()
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <li
      className="relation"
      aria-label={`${relation.subject.name} ${relation.label} ${relation.object.name}`}
    >
      <div className="relation-line">
        <Sentence
          subject={relation.subject}
          label={relation.label}
          object={relation.object}
          current={entity}
          onOpen={onOpenEntity}
        />
        {mode === 'view' && (
          <span className="relation-actions">
            <button
              type="button"
              className="small subtle"
              onClick={() => {
                setChosen(new Set(relation.evidence.map((e) => e.highlightId)))
                setMode('evidence')
              }}
            >
              Edit evidence
            </button>
            <button type="button" className="small subtle" onClick={() => setMode('edit')}>
              Edit…
            </button>
            <button type="button" className="small subtle" onClick={() => setMode('delete')}>
              Delete
            </button>
          </span>
        )}
      </div>
      {relation.note && <p className="relation-note">{relation.note}</p>}
      {mode === 'edit' && (
        <RelationForm
          entity={entity}
          choices={offered}
          relation={relation}
          onCancel={() => setMode('view')}
          onDone={() => {
            setMode('view')
            onChanged()
          }}
        />
      )}
      {mode === 'delete' && (
        <p className="confirm relation-confirm" role="group" aria-label="Delete the relation">
          <span>Delete this relation? Its passages stay linked to their entities.</span>
          <button
            type="button"
            className="small danger"
            disabled={busy}
            onClick={() => void run(() => call('relations.delete', { id: relation.id }))}
          >
            {busy ? 'Deleting…' : 'Delete relation'}
          </button>
          <button type="button" className="small" onClick={() => setMode('view')}>
            Keep it
          </button>
        </p>
      )}
      {mode === 'evidence' ? (
        <div className="relation-evidence-edit">
          <EvidenceChooser entity={entity} choices={offered} chosen={chosen} onChange={setChosen} />
          <div className="form-actions">
            <button type="button" className="small" onClick={() => setMode('view')}>
              Cancel
            </button>
            <button
              type="button"
              className="small primary"
              disabled={busy}
              onClick={() =>
                void run(() => call('relations.update', { id: relation.id, evidenceIds: [...chosen] }))
              }
            >
              {busy ? 'Saving…' : 'Save evidence'}
            </button>
          </div>
        </div>
      ) : (
        <EvidenceList evidence={relation.evidence} onOpen={onOpenEvidence} />
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </li>
  )
}

/**
 * "Add a relation" (or, given `relation`, edit it): the other entity, the type, which way it reads, a note
 * and the passages that show it.
 */
function RelationForm({
  entity,
  choices,
  relation,
  onDone,
  onCancel,
}: {
  entity: Entity
  choices: readonly EvidenceChoice[]
  relation?: Relation
  onDone: () => void
  onCancel: () => void
}) {
  const wasSubject = relation ? relation.subject.id === entity.id : true
  const builtIn = !relation || isRelationTypeKey(relation.type)
  const [other, setOther] = useState<EntityRef | null>(
    relation ? (wasSubject ? relation.object : relation.subject) : null,
  )
  const [typeChoice, setTypeChoice] = useState<string>(
    relation ? (builtIn ? relation.type : CUSTOM) : 'related_to',
  )
  const [ownWords, setOwnWords] = useState(relation && !builtIn ? relation.type : '')
  const [isSubject, setIsSubject] = useState(wasSubject)
  const [note, setNote] = useState(relation?.note ?? '')
  const [evidence, setEvidence] = useState<Set<string>>(
    new Set(relation?.evidence.map((e) => e.highlightId) ?? []),
  )
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const directionName = useId()
  // Stable, so the picker does not search again whenever this form renders.
  const reportInForm = useCallback((e: unknown) => setError(errorMessage(e)), [])

  const type = typeChoice === CUSTOM ? ownWords.trim() : typeChoice
  const label =
    typeChoice === CUSTOM ? ownWords.trim() || '…' : RELATION_TYPES[typeChoice as keyof typeof RELATION_TYPES]
  const self: EntityRef = { id: entity.id, name: entity.name, type: entity.type }
  const otherRef: EntityRef = other ?? { id: '', name: 'the other entity', type: 'other' }
  const subject = isSubject ? self : otherRef
  const object = isSubject ? otherRef : self

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    if (saving) return
    if (!other) {
      setError('choose the entity it relates to')
      return
    }
    if (!type) {
      setError('a relation needs a type (member of, leads…)')
      return
    }
    setSaving(true)
    setError(null)
    try {
      const fields = {
        subjectId: subject.id,
        objectId: object.id,
        type,
        note: note.trim(),
        evidenceIds: [...evidence],
      }
      if (relation) await call('relations.update', { id: relation.id, ...fields })
      else await call('relations.create', fields)
      onDone()
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setSaving(false)
    }
  }

  return (
    <form
      className="relation-form"
      aria-label={relation ? 'Edit the relation' : 'Add a relation'}
      aria-busy={saving}
      onSubmit={submit}
    >
      <h3>{relation ? 'Edit the relation' : 'Add a relation'}</h3>
      <div className="relation-form-field">
        <span className="field-label">With</span>
        {other ? (
          <span className="relation-form-other">
            <EntityChip entity={other} />
            <button type="button" className="small" onClick={() => setOther(null)}>
              Change…
            </button>
          </span>
        ) : (
          <EntityPicker
            excludeIds={[entity.id]}
            allowCreate={false}
            label="Related entity"
            onPick={setOther}
            onCreate={() => undefined}
            onClose={onCancel}
            report={reportInForm}
          />
        )}
      </div>
      <label className="relation-form-field">
        <span className="field-label">Relation</span>
        <span className="relation-type-inputs">
          <select value={typeChoice} onChange={(e) => setTypeChoice(e.target.value)}>
            {Object.entries(RELATION_TYPES).map(([key, text]) => (
              <option key={key} value={key}>
                {text}
              </option>
            ))}
            <option value={CUSTOM}>In my own words…</option>
          </select>
          {typeChoice === CUSTOM && (
            <input
              aria-label="Relation in your own words"
              placeholder="funded by, met with…"
              maxLength={100}
              value={ownWords}
              onChange={(e) => setOwnWords(e.target.value)}
            />
          )}
        </span>
      </label>
      <fieldset className="relation-direction">
        <legend className="field-label">Reads</legend>
        <label>
          <input type="radio" name={directionName} checked={isSubject} onChange={() => setIsSubject(true)} />
          {entity.name} — {label} → {otherRef.name}
        </label>
        <label>
          <input
            type="radio"
            name={directionName}
            checked={!isSubject}
            onChange={() => setIsSubject(false)}
          />
          {otherRef.name} — {label} → {entity.name}
        </label>
      </fieldset>
      <label className="relation-form-field">
        <span className="field-label">
          Note <span className="muted">(optional)</span>
        </span>
        <textarea rows={2} maxLength={5000} value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <div className="relation-form-field">
        <span className="field-label">
          Evidence <span className="muted">(optional: passages that show it)</span>
        </span>
        <EvidenceChooser entity={entity} choices={choices} chosen={evidence} onChange={setEvidence} />
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={saving}>
          {saving ? 'Saving…' : relation ? 'Save relation' : 'Add relation'}
        </button>
      </div>
    </form>
  )
}

/**
 * An entity's relations (Roman Reimer — leads → League of Young Voters), each with the passages that show it;
 * added, given evidence, or deleted here.
 */
export function RelationsSection({
  entity,
  relations,
  choices,
  onOpenEntity,
  onOpenEvidence,
  onChanged,
}: {
  entity: Entity
  relations: readonly Relation[]
  /** This entity's passages, offered as evidence. */
  choices: readonly EvidenceChoice[]
  onOpenEntity: (id: string) => void
  onOpenEvidence: (articleId: string, highlightId: string) => void
  /** A relation was added, changed or deleted: the page loads again. */
  onChanged: () => void
}) {
  const [adding, setAdding] = useState(false)
  return (
    <section className="entity-section relations" aria-label="Relations">
      <div className="entity-section-head">
        <h2>Relations {relations.length > 0 && <span className="muted">{relations.length}</span>}</h2>
        {!adding && (
          <button type="button" className="small" onClick={() => setAdding(true)}>
            Add relation…
          </button>
        )}
      </div>
      {adding && (
        <RelationForm
          entity={entity}
          choices={choices}
          onCancel={() => setAdding(false)}
          onDone={() => {
            setAdding(false)
            onChanged()
          }}
        />
      )}
      {relations.length === 0 ? (
        !adding && (
          <p className="muted section-empty">
            No relations yet. Record how {entity.name} is tied to another entity (member of, leads, took part
            in…), with the passages that show it, using <strong>Add relation…</strong>.
          </p>
        )
      ) : (
        <ul className="relation-list">
          {relations.map((r) => (
            <RelationItem
              key={r.id}
              relation={r}
              entity={entity}
              choices={choices}
              onOpenEntity={onOpenEntity}
              onOpenEvidence={onOpenEvidence}
              onChanged={onChanged}
            />
          ))}
        </ul>
      )}
    </section>
  )
}
