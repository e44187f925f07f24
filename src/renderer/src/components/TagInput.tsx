import { useEffect, useId, useMemo, useState, type KeyboardEvent } from 'react'
import type { TagCount } from '../../../shared/model'
import { MAX_TAG_LENGTH } from '../../../shared/tags'
import { call } from '../lib/api'
import { tagSuggestions, tagToAdd } from '../lib/tag-suggestions'

/**
 * Adds tags to a highlight: type a tag and press Enter (the field stays open for the next one), or pick one
 * of the archive's tags offered below (arrow keys, then Enter, or a click). Escape or "Done" closes it.
 */
export function TagInput({
  existing,
  onAdd,
  onClose,
  report,
}: {
  /** The highlight's tags, which are not offered again. */
  existing: readonly string[]
  onAdd: (tag: string) => void
  onClose: () => void
  report: (error: unknown) => void
}) {
  const [text, setText] = useState('')
  const [all, setAll] = useState<TagCount[]>([])
  /** The option the arrow keys are on; -1 is the text as typed. */
  const [active, setActive] = useState(-1)
  const listId = useId()

  useEffect(() => {
    let current = true
    call('tags.list', {})
      .then((list) => {
        if (current) setAll(list)
      })
      .catch((error: unknown) => {
        if (current) report(error)
      })
    return () => {
      current = false
    }
  }, [report])

  const options = useMemo(() => tagSuggestions(all, text, existing), [all, text, existing])

  const add = (tag: string | null | undefined): void => {
    if (!tag) return
    onAdd(tag)
    setText('')
    setActive(-1)
  }

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    // The arrows step from the typed text through the options and back (-1, 0, …, n-1, -1).
    const span = options.length + 1
    if (event.key === 'ArrowDown') {
      event.preventDefault()
      setActive((a) => ((a + 2) % span) - 1)
    } else if (event.key === 'ArrowUp') {
      event.preventDefault()
      setActive((a) => ((a + span) % span) - 1)
    } else if (event.key === 'Enter') {
      event.preventDefault()
      add(active >= 0 ? options[active]?.tag : tagToAdd(all, text))
    } else if (event.key === 'Escape') {
      event.preventDefault()
      event.stopPropagation()
      onClose()
    }
  }

  const optionId = (index: number): string => `${listId}-${index}`
  return (
    <div className="tag-input">
      <div className="tag-input-row">
        <input
          autoFocus
          role="combobox"
          aria-label="Add a tag"
          aria-expanded={options.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={active >= 0 ? optionId(active) : undefined}
          placeholder="Tag, then Enter"
          maxLength={MAX_TAG_LENGTH}
          value={text}
          onChange={(e) => {
            setText(e.target.value)
            setActive(-1)
          }}
          onKeyDown={onKeyDown}
        />
        <button type="button" className="small" onClick={onClose}>
          Done
        </button>
      </div>
      <ul id={listId} role="listbox" aria-label="Tags in the archive">
        {options.map((option, index) => (
          <li
            key={option.tag}
            id={optionId(index)}
            role="option"
            aria-selected={index === active}
            className={index === active ? 'active' : undefined}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => add(option.tag)}
            onMouseEnter={() => setActive(index)}
          >
            <span className="tag-option-name">{option.tag}</span>
            <span className="muted">{option.count}</span>
          </li>
        ))}
      </ul>
    </div>
  )
}
