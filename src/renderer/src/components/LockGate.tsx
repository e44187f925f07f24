import { Fragment, useCallback, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react'
import type { LockState } from '../../../shared/lock-state'
import { ApiError, call, onLocked } from '../lib/api'
import { BackupRecovery } from './BackupRecovery'

/** How often an open app asks whether the host locked the archive, so the lock screen appears unprompted. */
const LOCK_POLL_MS = 30_000

/** What the gate assumes when the shell does not answer at all: the app then shows its own error. */
const OPEN_BY_DEFAULT: LockState = {
  state: 'open',
  encrypted: false,
  idleLockMinutes: null,
  recovery: null,
  keychain: { available: false, reason: null, remembered: false },
}

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
      .catch(() => setState((known) => known ?? OPEN_BY_DEFAULT))
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

  // After an unlock or a restore the app mounts afresh, unless the archive turned out refused.
  const opened = (next: LockState) => {
    setGeneration((g) => g + 1)
    setState(next)
  }
  if (state === null) return null
  if (state.state === 'refused') return <RefusedScreen state={state} onRecovered={opened} />
  if (state.state === 'locked') return <UnlockScreen state={state} onUnlocked={opened} onRefused={refresh} />
  return <Fragment key={generation}>{children({ state, lockNow, update: setState })}</Fragment>
}

function UnlockScreen({
  state,
  onUnlocked,
  onRefused,
}: {
  state: LockState
  onUnlocked: (state: LockState) => void
  /** The passphrase was right but the archive is damaged: the gate fetches the refusal to show it. */
  onRefused: () => void
}) {
  const [passphrase, setPassphrase] = useState('')
  const [remember, setRemember] = useState(state.keychain.remembered)
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<string | null>(null)
  const [recovering, setRecovering] = useState(false)
  const input = useRef<HTMLInputElement>(null)
  const { keychain } = state

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (busy || passphrase === '') return
    setBusy(true)
    setMessage(null)
    call('archive.unlock', { passphrase, ...(keychain.available ? { remember } : {}) })
      .then(onUnlocked)
      .catch((error: unknown) => {
        if (error instanceof ApiError && error.code === 'archive_refused') return onRefused()
        setBusy(false)
        setPassphrase('')
        setMessage(error instanceof Error ? error.message : String(error))
        // After the re-render that ends busy: the field is typed into again at once.
        setTimeout(() => input.current?.focus(), 0)
      })
  }

  return (
    <main className="lock-screen">
      <div className="lock-card">
        <form className="lock-form" onSubmit={submit} aria-labelledby="lock-title">
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
          {keychain.available ? (
            <label className="lock-remember">
              <input
                type="checkbox"
                checked={remember}
                onChange={(event) => setRemember(event.target.checked)}
              />
              Remember on this computer (in its keychain)
            </label>
          ) : (
            // The desktop app says why it cannot remember (Linux's basic_text store); the browser shell never can.
            window.casebook &&
            keychain.reason && (
              <p className="muted">Cannot remember the passphrase here: {keychain.reason}.</p>
            )
          )}
          {message && (
            <p id="lock-message" className="lock-message" role="alert">
              {message}
            </p>
          )}
          <button type="submit" disabled={busy || passphrase === ''} aria-busy={busy}>
            {busy ? 'Unlocking…' : 'Unlock'}
          </button>
        </form>
        {(state.recovery?.backups.length ?? 0) > 0 &&
          (recovering ? (
            <BackupRecovery state={state} onRecovered={onUnlocked} />
          ) : (
            <button type="button" className="link-button" onClick={() => setRecovering(true)}>
              The passphrase is right but the archive will not open? Restore a backup…
            </button>
          ))}
      </div>
    </main>
  )
}

/**
 * The archive was refused before anything was shown or written (issue 6): what is wrong, where the file is,
 * and its backups, the newest good one chosen.
 */
function RefusedScreen({
  state,
  onRecovered,
}: {
  state: LockState
  onRecovered: (state: LockState) => void
}) {
  const path = state.recovery?.archivePath ?? ''
  const reason = refusalSummary(state.recovery?.reason ?? '', path)
  return (
    <main className="lock-screen">
      <div className="lock-card refused-card" role="alertdialog" aria-labelledby="refused-title">
        <h1 id="refused-title">Casebook cannot open this archive</h1>
        <p className="lock-message">{reason}</p>
        <p className="muted">
          {/Nothing was written/.test(reason) ? '' : 'Nothing was written to it. '}The file:{' '}
          <code>{path}</code>
        </p>
        <BackupRecovery state={state} onRecovered={onRecovered} />
      </div>
    </main>
  )
}

/** The engine's refusal without the path it starts with (the screen shows the path on its own line). */
function refusalSummary(reason: string, path: string): string {
  const prefix = `${path} cannot be opened: `
  const rest = path && reason.startsWith(prefix) ? reason.slice(prefix.length) : reason
  return rest.charAt(0).toUpperCase() + rest.slice(1)
}
