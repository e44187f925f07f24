import { useEffect, useId, useState, type KeyboardEvent } from 'react'
import type { EntityRef, EntitySummary } from '../../../shared/model'
import { call } from '../lib/api'
import { useDebounced } from '../lib/use-debounced'
import { EntityOptions } from './EntityOptions'

const MAX_OPTIONS = 8

/** The chosen entity as a chip whose × clears the filter. */
function ChosenEntity({ entity, onClear }: { entity: EntityRef; onClear: () => void }) {
  return (
    <span className={`chip type-${entity.type}`} title={entity.name}>
      <span className="chip-name">{entity.name}</span>
      <button
        type="button"
        className="chip-remove"
        onClick={onClear}
        aria-label={`Remove entity filter ${entity.name}`}
      >
        ×
      </button>
    </span>
  )
}

/**
 * Type-ahead over existing entities for the "linked to" filter. Unlike EntityPicker it never offers to
 * create one: a filter on an entity nobody linked would only ever match nothing.
 */
export function EntityFilter({
  value,
  onChange,
  report,
}: {
  value: EntityRef | null
  onChange: (entity: EntityRef | null) => void
  report: (error: unknown) => void
}) {
  const [text, setText] = useState('')
  const [open, setOpen] = useState(false)
  const query = useDebounced(text.trim(), 120)
  const [options, setOptions] = useState<EntitySummary[]>([])
  const [active, setActive] = useState(0)
  const listId = useId()

  useEffect(() => {
    if (!open || value) return
    let current = true
    call('entities.list', { query })
      .then((list) => {
        if (!current) return
        setOptions(list.slice(0, MAX_OPTIONS))
        setActive(0)
      })
      .catch((error: unknown) => {
        if (current) report(error)
      })
    return () => {
      current = false
    }
  }, [open, query, value, report])

  if (value) return <ChosenEntity entity={value} onClear={() => onChange(null)} />

  const pick = (entity: EntitySummary | undefined): void => {
    if (!entity) return
    onChange({ id: entity.id, name: entity.name, type: entity.type })
    setText('')
    setOpen(false)
  }

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault()
      setOpen(true)
      const step = event.key === 'ArrowDown' ? 1 : -1
      setActive((a) => (options.length ? (a + step + options.length) % options.length : 0))
    } else if (event.key === 'Enter') {
      event.preventDefault()
      pick(options[active])
    } else if (event.key === 'Escape' && open) {
      // Closes the list only; the search box's own Escape handling is not for this field.
      event.stopPropagation()
      setOpen(false)
    }
  }

  const shown = open && options.length > 0
  return (
    <div className="entity-filter">
      <input
        role="combobox"
        aria-label="Linked to entity"
        aria-expanded={shown}
        aria-controls={listId}
        aria-autocomplete="list"
        placeholder="Any entity"
        value={text}
        onChange={(e) => {
          setText(e.target.value)
          setOpen(true)
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      {shown && (
        <ul id={listId} role="listbox" aria-label="Entities" className="entity-filter-options">
          <EntityOptions options={options} active={active} onPick={pick} onHover={setActive} />
        </ul>
      )}
    </div>
  )
}
