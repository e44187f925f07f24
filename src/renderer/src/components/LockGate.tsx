import { Fragment, useCallback, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react'
import type { LockState } from '../../../shared/lock-state'
import { call, onLocked } from '../lib/api'

/** How often an open app asks whether the host locked the archive, so the lock screen appears unprompted. */
const LOCK_POLL_MS = 30_000

/** What the app's top bar needs to show "Lock now" and the idle-lock setting. */
export interface LockControl {
  state: LockState
  lockNow(): void
  /** The state the host answered after a change of the setting. */
  update(state: LockState): void
}

/**
 * Shows the app only while the archive is open (issue 6). When the host reports it locked — at start, after
 * the idle time, after "Lock now", or on any request answered 'locked' — the app is unmounted, not covered:
 * nothing of the archive stays in the page, and after unlocking it loads again from scratch.
 */
export function LockGate({ children }: { children: (lock: LockControl) => ReactNode }) {
  const [state, setState] = useState<LockState | null>(null)
  // A new generation after each unlock remounts the app, so it reloads everything it shows.
  const [generation, setGeneration] = useState(0)

  const refresh = useCallback(() => {
    call('archive.lockState', {})
      .then(setState)
      // No answer at all (the shell stopped): let the app show its own error rather than a lock screen.
      .catch(() => setState((known) => known ?? { state: 'open', encrypted: false, idleLockMinutes: null }))
  }, [])

  useEffect(() => {
    refresh()
    return onLocked(() => setState((known) => (known ? { ...known, state: 'locked' } : known)))
  }, [refresh])

  // Only an encrypted archive can lock by itself (idle time), so only then is its state polled.
  const encrypted = state?.encrypted ?? false
  useEffect(() => {
    if (!encrypted) return
    const timer = setInterval(refresh, LOCK_POLL_MS)
    return () => clearInterval(timer)
  }, [encrypted, refresh])

  const lockNow = useCallback(() => {
    call('archive.lock', {})
      .then(setState)
      .catch(() => refresh())
  }, [refresh])

  if (state === null) return null
  if (state.state === 'locked')
    return (
      <UnlockScreen
        onUnlocked={(opened) => {
          setGeneration((g) => g + 1)
          setState(opened)
        }}
      />
    )
  return <Fragment key={generation}>{children({ state, lockNow, update: setState })}</Fragment>
}

function UnlockScreen({ onUnlocked }: { onUnlocked: (state: LockState) => void }) {
  const [passphrase, setPassphrase] = useState('')
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<string | null>(null)
  const input = useRef<HTMLInputElement>(null)

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (busy || passphrase === '') return
    setBusy(true)
    setMessage(null)
    call('archive.unlock', { passphrase })
      .then(onUnlocked)
      .catch((error: unknown) => {
        setBusy(false)
        setPassphrase('')
        setMessage(error instanceof Error ? error.message : String(error))
        // After the re-render that ends busy: the field is typed into again at once.
        setTimeout(() => input.current?.focus(), 0)
      })
  }

  return (
    <main className="lock-screen">
      <form className="lock-card" onSubmit={submit} aria-labelledby="lock-title">
        <h1 id="lock-title">This archive is locked</h1>
        <p className="muted">Enter its passphrase to open it.</p>
        <label htmlFor="lock-passphrase">Passphrase</label>
        <input
          id="lock-passphrase"
          ref={input}
          type="password"
          autoComplete="off"
          autoFocus
          spellCheck={false}
          readOnly={busy}
          value={passphrase}
          onChange={(event) => setPassphrase(event.target.value)}
          aria-invalid={message !== null}
          aria-describedby={message ? 'lock-message' : undefined}
        />
        {message && (
          <p id="lock-message" className="lock-message" role="alert">
            {message}
          </p>
        )}
        <button type="submit" disabled={busy || passphrase === ''} aria-busy={busy}>
          {busy ? 'Unlocking…' : 'Unlock'}
        </button>
      </form>
    </main>
  )
}
