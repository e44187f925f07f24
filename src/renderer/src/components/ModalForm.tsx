import type { FormEvent, ReactNode } from 'react'

/**
 * A form in a modal dialog over the app. A press on the backdrop itself (not one that started inside the form
 * and ended outside, as a text selection may) cancels it.
 */
export function ModalForm({
  className,
  label,
  busy,
  onCancel,
  onSubmit,
  children,
}: {
  /** Added to `modal`, for the dialog's own layout. */
  className: string
  label: string
  /** While saving; left out where the form has no such state. */
  busy?: boolean
  onCancel: () => void
  onSubmit: (event: FormEvent) => void
  children: ReactNode
}) {
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onCancel()}>
      <form
        className={`modal ${className}`}
        role="dialog"
        aria-modal="true"
        aria-label={label}
        aria-busy={busy}
        onSubmit={onSubmit}
      >
        {children}
      </form>
    </div>
  )
}
