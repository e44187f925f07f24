export interface ShownError {
  id: number
  message: string
}

/** Errors the engine reported, kept until the user dismisses them. */
export function ErrorArea({ errors, onDismiss }: { errors: ShownError[]; onDismiss: (id: number) => void }) {
  if (errors.length === 0) return null
  return (
    <div className="errors">
      {errors.map((e) => (
        <div key={e.id} role="alert" className="error">
          <span>{e.message}</span>
          <button type="button" onClick={() => onDismiss(e.id)} aria-label="Dismiss message">
            ×
          </button>
        </div>
      ))}
    </div>
  )
}
