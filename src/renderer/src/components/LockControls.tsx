import { IDLE_LOCK_CHOICES, type IdleLockMinutes } from '../../../shared/lock-state'
import { call } from '../lib/api'
import type { LockControl } from './LockGate'

/** The top bar's "Lock after" setting and "Lock now" button, for an encrypted archive only. */
export function LockControls({ lock, report }: { lock: LockControl; report: (error: unknown) => void }) {
  const change = (value: string) => {
    const minutes = value === 'off' ? null : (Number(value) as IdleLockMinutes)
    call('archive.idleLock.set', { minutes }).then(lock.update).catch(report)
  }
  return (
    <span className="topbar-lock">
      <label>
        Lock after{' '}
        <select
          value={lock.state.idleLockMinutes === null ? 'off' : String(lock.state.idleLockMinutes)}
          onChange={(event) => change(event.target.value)}
          title="Lock the archive after this long without use"
        >
          <option value="off">never</option>
          {IDLE_LOCK_CHOICES.map((minutes) => (
            <option key={minutes} value={String(minutes)}>
              {minutes} min idle
            </option>
          ))}
        </select>
      </label>
      {lock.state.keychain.remembered && (
        <button
          type="button"
          title="Ask for the passphrase again the next time Casebook starts on this computer"
          onClick={() => call('archive.keychain.forget', {}).then(lock.update).catch(report)}
        >
          Forget passphrase
        </button>
      )}
      <button type="button" onClick={lock.lockNow}>
        Lock now
      </button>
    </span>
  )
}
