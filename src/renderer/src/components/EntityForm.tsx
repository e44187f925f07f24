import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react'
import { ENTITY_TYPE_LABELS } from '../../../shared/entity-style'
import { ENTITY_TYPES, type Entity, type EntityRef, type EntityType } from '../../../shared/model'
import { call } from '../lib/api'
import { dateRangeProblem } from '../lib/entity-dates'
import { errorMessage, parseAliases } from '../lib/format'
import { EntityChip } from './EntityChip'
import { EntityPicker } from './EntityPicker'
import { ModalForm } from './ModalForm'

/**
 * What the form saves. Details the chosen type cannot have are sent as null (not left out), so an edit that
 * changes an event into a person clears its dates rather than being refused for them.
 */
export interface EntityDraft {
  type: EntityType
  name: string
  aliases: string[]
  description: string
  customType: string | null
  dateStart: string | null
  dateEnd: string | null
  parentId: string | null
  properties: Record<string, string>
}

/** The type select's values: a built-in type, one of the user's own types in use, or a new one to name. */
const CUSTOM_PREFIX = 'custom:'
const NEW_TYPE = 'new-type'

interface PropertyRow {
  key: number
  name: string
  value: string
  /** Added by "Add property": its name field takes the focus as it appears. */
  added: boolean
}

/** The first thing wrong with the properties, or null; the engine would refuse a nameless one too. */
function propertiesProblem(rows: readonly PropertyRow[]): string | null {
  const seen = new Set<string>()
  for (const row of rows) {
    const name = row.name.trim()
    if (!name) {
      if (row.value.trim()) return 'a property needs a name'
      continue
    }
    const folded = name.toLocaleLowerCase()
    if (seen.has(folded)) return `two properties are named “${name}”: give each its own name`
    seen.add(folded)
  }
  return null
}

/**
 * A modal form to create an entity or edit one (`initial`): its type (built-in or the user's own), names,
 * description, and what its type can have — an event's date or range, a place's parent place — and free-form
 * properties. Escape or Cancel closes it without saving; a refusal from the engine is shown in the form.
 */
export function EntityForm({
  initialName,
  initial,
  initialType = 'person',
  initialCustomType = null,
  linking,
  heading,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initialName: string
  /** The entity being edited, and its parent place as the page shows it. */
  initial?: { entity: Entity; parent: EntityRef | null }
  /** A new entity's type to start from (what is split off is most often of the same type). */
  initialType?: EntityType
  initialCustomType?: string | null
  /** True when the entity will be linked to a highlight on creation. */
  linking: boolean
  /** Overrides the heading (splitting passages off names what happens to them). */
  heading?: string
  submitLabel?: string
  /** Throws to keep the form open with the engine's message. */
  onSubmit: (draft: EntityDraft) => Promise<void>
  onCancel: () => void
}) {
  const entity = initial?.entity
  const [typeChoice, setTypeChoice] = useState<string>(() =>
    entity
      ? entity.type === 'other' && entity.customType
        ? CUSTOM_PREFIX + entity.customType
        : entity.type
      : initialType === 'other' && initialCustomType
        ? CUSTOM_PREFIX + initialCustomType
        : initialType,
  )
  const [newType, setNewType] = useState('')
  const [customTypes, setCustomTypes] = useState<string[]>([])
  const [name, setName] = useState(entity?.name ?? initialName)
  const [aliases, setAliases] = useState(entity?.aliases.join(', ') ?? '')
  const [description, setDescription] = useState(entity?.description ?? '')
  const [dateStart, setDateStart] = useState(entity?.dateStart ?? '')
  const [dateEnd, setDateEnd] = useState(entity?.dateEnd ?? '')
  const [datesChecked, setDatesChecked] = useState(false)
  const [parent, setParent] = useState<EntityRef | null>(initial?.parent ?? null)
  const [pickingParent, setPickingParent] = useState(false)
  // Row keys: the initial rows take 0…n-1, rows added later count on from there.
  const nextKey = useRef(Object.keys(entity?.properties ?? {}).length)
  const [properties, setProperties] = useState<PropertyRow[]>(() =>
    Object.entries(entity?.properties ?? {}).map(([n, v], i) => ({
      key: i,
      name: n,
      value: v,
      added: false,
    })),
  )
  const [error, setError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const nameInput = useRef<HTMLInputElement>(null)
  // Stable, so the parent picker does not search again on every render.
  const reportInForm = useCallback((e: unknown) => setError(errorMessage(e)), [])

  useEffect(() => {
    nameInput.current?.focus()
    nameInput.current?.select()
  }, [])

  useEffect(() => {
    let current = true
    call('entities.types', {})
      .then((types) => {
        if (current) setCustomTypes(types)
      })
      .catch((e: unknown) => {
        if (current) reportInForm(e)
      })
    return () => {
      current = false
    }
  }, [reportInForm])

  // The entity page opens this form to edit or split, out of sight of App's Escape handler, so the form closes
  // itself on Escape; a picker open inside it keeps its own Escape from reaching here.
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape' && !saving) onCancel()
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [onCancel, saving])

  const customType = typeChoice.startsWith(CUSTOM_PREFIX)
    ? typeChoice.slice(CUSTOM_PREFIX.length)
    : typeChoice === NEW_TYPE
      ? newType.trim()
      : null
  const type: EntityType = customType !== null ? 'other' : (typeChoice as EntityType)
  const ownType = entity ? entity.customType : initialCustomType
  // The entity's own type stays offered while the list of types in use is loading, or if it is its only use.
  const typesOffered = ownType && !customTypes.includes(ownType) ? [ownType, ...customTypes] : customTypes
  const dateProblem = type === 'event' ? dateRangeProblem(dateStart.trim(), dateEnd.trim()) : null

  const chooseType = (value: string): void => {
    setTypeChoice(value)
    setError(null)
  }

  const addProperty = (): void => {
    const key = nextKey.current++
    setProperties((rows) => [...rows, { key, name: '', value: '', added: true }])
  }
  const changeProperty = (key: number, change: Partial<PropertyRow>): void =>
    setProperties((rows) => rows.map((row) => (row.key === key ? { ...row, ...change } : row)))

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    if (!name.trim() || saving) return
    setDatesChecked(true)
    const problem =
      (typeChoice === NEW_TYPE && !newType.trim() ? 'a type of your own needs a name' : null) ??
      dateProblem ??
      propertiesProblem(properties)
    if (problem) {
      // A date's problem shows under the dates (datesChecked), not twice.
      setError(problem === dateProblem ? null : problem)
      return
    }
    setSaving(true)
    setError(null)
    try {
      await onSubmit({
        type,
        name: name.trim(),
        aliases: parseAliases(aliases),
        description: description.trim(),
        customType: type === 'other' ? customType || null : null,
        dateStart: type === 'event' ? dateStart.trim() || null : null,
        dateEnd: type === 'event' ? dateEnd.trim() || null : null,
        parentId: type === 'place' ? (parent?.id ?? null) : null,
        properties: Object.fromEntries(
          properties.filter((row) => row.name.trim()).map((row) => [row.name.trim(), row.value.trim()]),
        ),
      })
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setSaving(false)
    }
  }

  const title =
    heading ?? (entity ? `Edit ${entity.name}` : linking ? 'New entity for this passage' : 'New entity')
  return (
    <ModalForm className="entity-form" label={title} busy={saving} onCancel={onCancel} onSubmit={submit}>
      <h2>{title}</h2>
      <label>
        Type
        <select value={typeChoice} onChange={(e) => chooseType(e.target.value)}>
          {ENTITY_TYPES.map((t) => (
            <option key={t} value={t}>
              {ENTITY_TYPE_LABELS[t]}
            </option>
          ))}
          {typesOffered.length > 0 && (
            <optgroup label="Your own types">
              {typesOffered.map((t) => (
                <option key={t} value={CUSTOM_PREFIX + t}>
                  {t}
                </option>
              ))}
            </optgroup>
          )}
          <option value={NEW_TYPE}>New type…</option>
        </select>
      </label>
      {typeChoice === NEW_TYPE && (
        <label>
          Name of the new type
          <input
            // Appears because the user chose "New type…": the name is what they type next.
            autoFocus
            value={newType}
            maxLength={60}
            placeholder="Vehicle, law, court case…"
            onChange={(e) => setNewType(e.target.value)}
          />
        </label>
      )}
      <label>
        Name
        <input
          ref={nameInput}
          value={name}
          required
          maxLength={300}
          onChange={(e) => setName(e.target.value)}
        />
      </label>
      <label>
        {/* One line: the label is a column of its text and its field. */}
        <span>
          Aliases <span className="muted">(comma separated)</span>
        </span>
        <input value={aliases} onChange={(e) => setAliases(e.target.value)} />
      </label>
      <label>
        Short description
        <textarea
          value={description}
          rows={3}
          maxLength={5000}
          onChange={(e) => setDescription(e.target.value)}
        />
      </label>
      {type === 'event' && (
        <fieldset className="entity-form-dates">
          <legend>
            When <span className="muted">(YYYY, YYYY-MM or YYYY-MM-DD)</span>
          </legend>
          <label>
            Date, or first day
            <input
              value={dateStart}
              inputMode="numeric"
              placeholder="2022-01-05"
              maxLength={10}
              aria-invalid={datesChecked && !!dateProblem}
              onChange={(e) => setDateStart(e.target.value)}
              onBlur={() => setDatesChecked(true)}
            />
          </label>
          <label>
            Last day
            <input
              value={dateEnd}
              inputMode="numeric"
              placeholder="for a range"
              maxLength={10}
              aria-invalid={datesChecked && !!dateProblem}
              onChange={(e) => setDateEnd(e.target.value)}
              onBlur={() => setDatesChecked(true)}
            />
          </label>
          {datesChecked && dateProblem && (
            <p className="field-problem" role="alert">
              {dateProblem}
            </p>
          )}
        </fieldset>
      )}
      {type === 'place' && (
        <div className="entity-form-field">
          <span className="field-label">Inside place</span>
          {pickingParent ? (
            <EntityPicker
              type="place"
              excludeIds={entity ? [entity.id] : []}
              allowCreate={false}
              label="Place it is in"
              onPick={(place) => {
                setParent({ id: place.id, name: place.name, type: place.type })
                setPickingParent(false)
              }}
              onCreate={() => undefined}
              onClose={() => setPickingParent(false)}
              report={reportInForm}
            />
          ) : (
            <span className="entity-form-parent">
              {parent ? <EntityChip entity={parent} /> : <span className="muted">None</span>}
              <button type="button" className="small" onClick={() => setPickingParent(true)}>
                {parent ? 'Change…' : 'Choose a place…'}
              </button>
              {parent && (
                <button type="button" className="small subtle" onClick={() => setParent(null)}>
                  Remove
                </button>
              )}
            </span>
          )}
        </div>
      )}
      <fieldset className="entity-form-properties">
        <legend>
          Properties <span className="muted">(born, registry number…)</span>
        </legend>
        {properties.map((row, i) => (
          <div key={row.key} className="property-row">
            <input
              // A row the user just added takes the focus as it appears.
              autoFocus={row.added}
              aria-label={`Property ${i + 1} name`}
              placeholder="Name"
              maxLength={100}
              value={row.name}
              onChange={(e) => changeProperty(row.key, { name: e.target.value })}
            />
            <input
              aria-label={`Property ${i + 1} value`}
              placeholder="Value"
              maxLength={2000}
              value={row.value}
              onChange={(e) => changeProperty(row.key, { value: e.target.value })}
            />
            <button
              type="button"
              className="small subtle"
              aria-label={`Remove property ${row.name.trim() || i + 1}`}
              onClick={() => setProperties((rows) => rows.filter((r) => r.key !== row.key))}
            >
              ×
            </button>
          </div>
        ))}
        <button type="button" className="small" onClick={addProperty}>
          Add property
        </button>
      </fieldset>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={!name.trim() || saving}>
          {saving
            ? 'Saving…'
            : (submitLabel ?? (entity ? 'Save' : linking ? 'Create and link' : 'Create entity'))}
        </button>
      </div>
    </ModalForm>
  )
}
