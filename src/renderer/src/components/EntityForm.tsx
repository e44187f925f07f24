import { useEffect, useRef, useState, type FormEvent } from 'react'
import { ENTITY_TYPE_LABELS } from '../../../shared/entity-style'
import { ENTITY_TYPES, type EntityType } from '../../../shared/model'
import { parseAliases } from '../lib/format'
import { ModalForm } from './ModalForm'

export interface EntityDraft {
  type: EntityType
  name: string
  aliases: string[]
  description: string
}

/** A modal form for a new entity; Escape or Cancel closes it without saving. */
export function EntityForm({
  initialName,
  linking,
  onSubmit,
  onCancel,
}: {
  initialName: string
  /** True when the entity will be linked to a highlight on creation. */
  linking: boolean
  onSubmit: (draft: EntityDraft) => Promise<void>
  onCancel: () => void
}) {
  const [type, setType] = useState<EntityType>('person')
  const [name, setName] = useState(initialName)
  const [aliases, setAliases] = useState('')
  const [description, setDescription] = useState('')
  const [saving, setSaving] = useState(false)
  const nameInput = useRef<HTMLInputElement>(null)

  useEffect(() => {
    nameInput.current?.focus()
    nameInput.current?.select()
  }, [])

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    if (!name.trim() || saving) return
    setSaving(true)
    try {
      await onSubmit({
        type,
        name: name.trim(),
        aliases: parseAliases(aliases),
        description: description.trim(),
      })
    } finally {
      setSaving(false)
    }
  }

  return (
    <ModalForm className="entity-form" label="New entity" onCancel={onCancel} onSubmit={submit}>
      <h2>{linking ? 'New entity for this passage' : 'New entity'}</h2>
      <label>
        Type
        <select value={type} onChange={(e) => setType(e.target.value as EntityType)}>
          {ENTITY_TYPES.map((t) => (
            <option key={t} value={t}>
              {ENTITY_TYPE_LABELS[t]}
            </option>
          ))}
        </select>
      </label>
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
        Aliases <span className="muted">(comma separated)</span>
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
      <div className="form-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={!name.trim() || saving}>
          {saving ? 'Saving…' : linking ? 'Create and link' : 'Create entity'}
        </button>
      </div>
    </ModalForm>
  )
}
