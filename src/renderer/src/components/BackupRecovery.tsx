import { useState, type FormEvent } from 'react'
import type { LockState } from '../../../shared/lock-state'
import { call } from '../lib/api'
import { fileName, formatBytes } from '../lib/format'

/**
 * Brings an archive back from one of its backups while it cannot be opened (issue 6): refused (damaged,
 * foreign, from a newer Casebook) or locked with a passphrase that no longer opens it. The newest backup
 * known to be good is chosen first; the host checks the chosen one fully before it replaces anything, and
 * keeps the archive as it was as one more backup.
 */
export function BackupRecovery({
  state,
  onRecovered,
}: {
  state: LockState
  onRecovered: (state: LockState) => void
}) {
  const recovery = state.recovery
  const backups = recovery?.backups ?? []
  const firstChoice = recovery?.latestGood ?? backups.find((b) => b.ok !== false)?.file ?? null
  const [chosen, setChosen] = useState<string | null>(firstChoice)
  const [passphrase, setPassphrase] = useState('')
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<string | null>(null)

  if (backups.length === 0)
    return (
      <p className="muted" data-testid="no-backups">
        No backup of this archive was found beside it. Keep the file as it is (it may still be repaired), move
        it elsewhere and start Casebook again to begin a new archive, or open another archive.
      </p>
    )

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (busy || chosen === null) return
    setBusy(true)
    setMessage(null)
    call('archive.recover', { file: chosen, ...(passphrase ? { passphrase } : {}) })
      .then(onRecovered)
      .catch((error: unknown) => {
        setBusy(false)
        setMessage(error instanceof Error ? error.message : String(error))
      })
  }

  return (
    <form className="recovery" onSubmit={submit} aria-label="Restore a backup">
      <fieldset disabled={busy}>
        <legend>Restore a backup</legend>
        <ul className="recovery-list">
          {backups.map((b) => (
            <li key={b.file}>
              <label title={b.file}>
                <input
                  type="radio"
                  name="recovery-backup"
                  value={b.file}
                  checked={chosen === b.file}
                  onChange={() => setChosen(b.file)}
                />
                <span>{new Date(b.createdAt).toLocaleString()}</span>
                <span className="muted">
                  {formatBytes(b.bytes)}
                  {b.beforeRestore ? ' · saved before a restore' : ''}
                  {b.file === recovery?.latestGood ? ' · latest good' : ''}
                  {b.ok === false ? ' · unreadable' : ''}
                </span>
              </label>
            </li>
          ))}
        </ul>
        {state.encrypted && (
          <>
            <label htmlFor="recovery-passphrase">The archive’s passphrase (its backups use it too)</label>
            <input
              id="recovery-passphrase"
              type="password"
              autoComplete="off"
              spellCheck={false}
              value={passphrase}
              onChange={(event) => setPassphrase(event.target.value)}
            />
          </>
        )}
        <p className="muted">
          The archive as it is now is kept as a backup too, so this can be undone.
          {chosen ? ` Restoring ${fileName(chosen)}.` : ''}
        </p>
        {message && (
          <p className="lock-message" role="alert">
            {message}
          </p>
        )}
        <button type="submit" disabled={chosen === null} aria-busy={busy}>
          {busy ? 'Restoring…' : 'Restore this backup'}
        </button>
      </fieldset>
    </form>
  )
}
