import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react'
import type { EntitySummary, EntityType } from '../../../shared/model'
import { call } from '../lib/api'
import { useDebounced } from '../lib/use-debounced'
import { EntityOptions } from './EntityOptions'

/**
 * Type-ahead over entity names and aliases. The last option creates a new entity with the typed name,
 * so linking never dead-ends on "not found".
 */
export function EntityPicker({
  initialQuery = '',
  excludeIds = [],
  type,
  allowCreate = true,
  label = 'Find an entity',
  onPick,
  onCreate,
  onClose,
  report,
}: {
  initialQuery?: string
  excludeIds?: readonly string[]
  /** Only entities of this type (a place's parent is a place). */
  type?: EntityType
  /** Offer "Create new entity" for a typed name (linking); not when only an existing one will do (merging). */
  allowCreate?: boolean
  label?: string
  onPick: (entity: EntitySummary) => void
  onCreate: (name: string) => void
  onClose: () => void
  report: (error: unknown) => void
}) {
  const [text, setText] = useState(initialQuery)
  const query = useDebounced(text.trim(), 120)
  const [options, setOptions] = useState<EntitySummary[]>([])
  const [active, setActive] = useState(0)
  const input = useRef<HTMLInputElement>(null)
  const listId = useId()
  // Compared by content: a new array holding the same ids must not fetch again.
  const excludeKey = excludeIds.join(',')

  useEffect(() => {
    input.current?.focus()
    input.current?.select()
  }, [])

  useEffect(() => {
    let current = true
    call('entities.list', type ? { query, type } : { query })
      .then((list) => {
        if (!current) return
        const excluded = new Set(excludeKey.split(','))
        setOptions(list.filter((e) => !excluded.has(e.id)).slice(0, 8))
        setActive(0)
      })
      .catch((error: unknown) => {
        if (current) report(error)
      })
    return () => {
      current = false
    }
  }, [query, type, excludeKey, report])

  const name = allowCreate ? text.trim() : ''
  const count = options.length + (name ? 1 : 0)

  const choose = (index: number): void => {
    const option = options[index]
    if (option) onPick(option)
    else if (name) onCreate(name)
  }

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'ArrowDown') {
      event.preventDefault()
      setActive((a) => (count ? (a + 1) % count : 0))
    } else if (event.key === 'ArrowUp') {
      event.preventDefault()
      setActive((a) => (count ? (a - 1 + count) % count : 0))
    } else if (event.key === 'Enter') {
      event.preventDefault()
      choose(active)
    } else if (event.key === 'Escape') {
      event.preventDefault()
      event.stopPropagation()
      onClose()
    }
  }

  return (
    <div className="entity-picker">
      <input
        ref={input}
        role="combobox"
        aria-label={label}
        aria-expanded={count > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        placeholder="Type a name or alias…"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <ul id={listId} role="listbox" aria-label="Entities">
        <EntityOptions options={options} active={active} onPick={onPick} onHover={setActive} showAliases />
        {name && (
          <li
            role="option"
            aria-selected={active === options.length}
            className={active === options.length ? 'active create' : 'create'}
            onMouseDown={(ev) => ev.preventDefault()}
            onClick={() => onCreate(name)}
            onMouseEnter={() => setActive(options.length)}
          >
            Create new entity “{name}”
          </li>
        )}
      </ul>
    </div>
  )
}
