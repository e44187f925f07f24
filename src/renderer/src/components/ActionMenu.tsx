import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react'

export interface MenuAction {
  label: string
  run: () => void
}

/**
 * A button opening a short menu of actions (menu-button pattern): arrow keys move between the items, Enter
 * runs one, Escape or a click elsewhere closes the menu and gives the focus back to the button.
 */
export function ActionMenu({
  label,
  actions,
  disabled = false,
}: {
  label: string
  actions: readonly MenuAction[]
  disabled?: boolean
}) {
  const [open, setOpen] = useState(false)
  const menuId = useId()
  const root = useRef<HTMLDivElement>(null)
  const button = useRef<HTMLButtonElement>(null)
  const items = useRef<Array<HTMLButtonElement | null>>([])

  useEffect(() => {
    if (!open) return
    items.current[0]?.focus()
    const onDown = (event: MouseEvent): void => {
      if (event.target instanceof Node && root.current?.contains(event.target)) return
      setOpen(false)
    }
    document.addEventListener('mousedown', onDown)
    return () => document.removeEventListener('mousedown', onDown)
  }, [open])

  const close = (): void => {
    setOpen(false)
    button.current?.focus()
  }

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key === 'Escape') {
      // The menu alone closes: Escape must not also close the reader's matches or a form behind it.
      event.stopPropagation()
      close()
      return
    }
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return
    event.preventDefault()
    const at = items.current.findIndex((item) => item === document.activeElement)
    const step = event.key === 'ArrowDown' ? 1 : -1
    items.current[(at + step + actions.length) % actions.length]?.focus()
  }

  return (
    <div className="action-menu" ref={root}>
      <button
        ref={button}
        type="button"
        className="small"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        disabled={disabled}
        onClick={() => setOpen((o) => !o)}
      >
        {label} <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div id={menuId} role="menu" aria-label={label} className="action-menu-items" onKeyDown={onKeyDown}>
          {actions.map((action, i) => (
            <button
              key={action.label}
              ref={(el) => {
                items.current[i] = el
              }}
              type="button"
              role="menuitem"
              tabIndex={-1}
              onClick={() => {
                close()
                action.run()
              }}
            >
              {action.label}
            </button>
          ))}
        </div>
      )}
    </div>
  )
}
