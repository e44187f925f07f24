import { useState, type FormEvent } from 'react'
import type { PassphraseChangeResult } from '../../../shared/passphrase-change'
import { call } from '../lib/api'
import { plural } from '../lib/format'
import type { LockControl } from './LockGate'
import { ModalForm } from './ModalForm'

/** Shorter passphrases are refused here: a few words are easy to type and far harder to guess. */
export const MIN_PASSPHRASE_LENGTH = 8

type Mode = 'set' | 'change' | 'remove'

/**
 * Sets, changes or removes the archive's passphrase (issue 6). The archive and its backups are rewritten,
 * each copy checked before it replaces the file, which takes a few seconds on a large archive.
 */
export function PassphraseDialog({ lock, onClose }: { lock: LockControl; onClose: () => void }) {
  const encrypted = lock.state.encrypted
  const [mode, setMode] = useState<Mode>(encrypted ? 'change' : 'set')
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [repeat, setRepeat] = useState('')
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const [result, setResult] = useState<PassphraseChangeResult | null>(null)
  const needsNew = mode !== 'remove'

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (busy) return
    if (result) return onClose()
    if (needsNew && next.length < MIN_PASSPHRASE_LENGTH)
      return setProblem(`Use at least ${MIN_PASSPHRASE_LENGTH} characters; a few words are best.`)
    if (needsNew && next !== repeat) return setProblem('The two new passphrases differ.')
    setBusy(true)
    setProblem(null)
    call('archive.passphrase.set', {
      ...(mode !== 'set' ? { current } : {}),
      ...(needsNew ? { next } : {}),
    })
      .then((done) => {
        setResult(done)
        lock.update(done.state)
      })
      .catch((error: unknown) => setProblem(error instanceof Error ? error.message : String(error)))
      .finally(() => {
        setBusy(false)
        setCurrent('')
      })
  }

  const title = { set: 'Set a passphrase', change: 'Change the passphrase', remove: 'Remove the passphrase' }[
    mode
  ]
  const working = { set: 'Encrypting…', change: 'Changing…', remove: 'Decrypting…' }[mode]
  const action = {
    set: 'Encrypt the archive',
    change: 'Change the passphrase',
    remove: 'Remove the passphrase',
  }[mode]

  return (
    <ModalForm
      className="passphrase-dialog"
      label={title}
      busy={busy}
      onCancel={() => !busy && onClose()}
      onSubmit={submit}
    >
      <h2>{title}</h2>
      {result ? (
        <Outcome result={result} />
      ) : (
        <fieldset disabled={busy}>
          {encrypted && (
            <div className="passphrase-modes" role="radiogroup" aria-label="What to do">
              <label>
                <input type="radio" checked={mode === 'change'} onChange={() => setMode('change')} /> Change
                it
              </label>
              <label>
                <input type="radio" checked={mode === 'remove'} onChange={() => setMode('remove')} /> Remove
                it
              </label>
            </div>
          )}
          <p className="muted">
            {mode === 'set'
              ? 'The archive, its search index and its backups will be encrypted (AES-256). Without the passphrase nobody can open it again — you included: there is no way to recover it.'
              : mode === 'change'
                ? 'The archive and its backups are encrypted again under the new passphrase; the old one stops working.'
                : 'The archive and its backups will be stored unencrypted: anyone with the files can read them.'}
          </p>
          {mode !== 'set' && (
            <PassphraseField label="Current passphrase" value={current} onChange={setCurrent} autoFocus />
          )}
          {needsNew && (
            <>
              <PassphraseField
                label="New passphrase"
                value={next}
                onChange={setNext}
                autoFocus={mode === 'set'}
              />
              <PassphraseField label="Repeat the new passphrase" value={repeat} onChange={setRepeat} />
            </>
          )}
        </fieldset>
      )}
      {problem && (
        <p className="lock-message" role="alert">
          {problem}
        </p>
      )}
      <div className="form-actions">
        {busy && <progress aria-label={working} />}
        {!result && (
          <button type="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
        )}
        <button
          type="submit"
          className={mode === 'remove' && !result ? 'danger' : 'primary'}
          aria-busy={busy}
        >
          {result ? 'Close' : busy ? working : action}
        </button>
      </div>
    </ModalForm>
  )
}

function PassphraseField(props: {
  label: string
  value: string
  onChange: (value: string) => void
  autoFocus?: boolean
}) {
  return (
    <label>
      {props.label}
      <input
        type="password"
        autoComplete="off"
        spellCheck={false}
        autoFocus={props.autoFocus}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
      />
    </label>
  )
}

function Outcome({ result }: { result: PassphraseChangeResult }) {
  const problems = [
    ...result.backupsRemoved.map((b) => ({ ...b, what: 'deleted' })),
    ...result.backupsLeft.map((b) => ({ ...b, what: 'left as it was' })),
  ]
  return (
    <div role="status">
      <p>
        {result.state.encrypted ? 'The archive is encrypted.' : 'The archive is no longer encrypted.'}{' '}
        {plural(result.backupsConverted, 'backup')} converted with it.
      </p>
      {problems.length > 0 && (
        <ul className="passphrase-problems">
          {problems.map((b) => (
            <li key={b.file}>
              <code>{b.file}</code> {b.what}: {b.reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
