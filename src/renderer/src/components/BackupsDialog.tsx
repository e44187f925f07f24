import { useCallback, useEffect, useState, type FormEvent } from 'react'
import type { BackupInfo, BackupSettings, BackupStatus } from '../../../shared/backups'
import { call } from '../lib/api'
import { fileName, formatBytes } from '../lib/format'
import { ModalForm } from './ModalForm'

/** How often the dialog asks how far a running backup is. */
const PROGRESS_POLL_MS = 250

/**
 * The archive's backups (issue 6): the list, "Back up now" with its progress, how many to keep and how often,
 * and restore. A restore replaces the whole archive (the engine host closes, restores and reopens it), so the
 * page reloads afterwards to show the restored archive from scratch.
 */
export function BackupsDialog({
  onClose,
  report,
}: {
  onClose: () => void
  report: (error: unknown) => void
}) {
  const [backups, setBackups] = useState<BackupInfo[] | null>(null)
  const [settings, setSettings] = useState<BackupSettings | null>(null)
  const [status, setStatus] = useState<BackupStatus | null>(null)
  const [running, setRunning] = useState(false)
  const [confirming, setConfirming] = useState<string | null>(null)

  const refresh = useCallback(() => {
    Promise.all([call('backups.list', {}), call('backups.settings.get', {}), call('backups.status', {})])
      .then(([list, current, now]) => {
        setBackups(list)
        setSettings(current)
        setStatus(now)
        setRunning(now.running)
      })
      .catch(report)
  }, [report])
  useEffect(refresh, [refresh])

  // While a backup runs, its progress; the request itself is answered when the backup is written and checked.
  useEffect(() => {
    if (!running) return
    const timer = setInterval(() => {
      call('backups.status', {})
        .then(setStatus)
        .catch(() => undefined)
    }, PROGRESS_POLL_MS)
    return () => clearInterval(timer)
  }, [running])

  const backUpNow = () => {
    setRunning(true)
    call('backups.create', {})
      .catch(report)
      .finally(() => {
        setRunning(false)
        refresh()
      })
  }

  const saveSettings = (changes: Partial<BackupSettings>) => {
    call('backups.settings.set', changes).then(setSettings).catch(report)
  }

  const restore = (file: string) => {
    call('backups.restore', { file })
      .then(() => window.location.reload())
      .catch((error: unknown) => {
        setConfirming(null)
        report(error)
      })
  }

  const done = status && status.totalPages > 0 ? 1 - status.remainingPages / status.totalPages : 0

  return (
    <ModalForm
      className="backups-dialog"
      label="Backups"
      busy={running}
      onCancel={onClose}
      onSubmit={(e: FormEvent) => e.preventDefault()}
    >
      <h2>Backups</h2>
      <p className="muted">
        Copies of this archive, each checked after it is written, in <code>{status?.folder ?? '…'}</code>.
      </p>
      {settings && (
        <div className="backup-settings">
          <label>
            Keep
            <input
              type="number"
              min={1}
              max={100}
              value={settings.keep}
              onChange={(e) => e.target.valueAsNumber >= 1 && saveSettings({ keep: e.target.valueAsNumber })}
            />
          </label>
          <label>
            Back up
            <select
              value={settings.everyHours}
              onChange={(e) => saveSettings({ everyHours: Number(e.target.value) })}
            >
              <option value={0}>only on demand</option>
              <option value={1}>every hour</option>
              <option value={24}>daily</option>
              <option value={168}>weekly</option>
              {![0, 1, 24, 168].includes(settings.everyHours) && (
                <option value={settings.everyHours}>every {settings.everyHours} hours</option>
              )}
            </select>
          </label>
        </div>
      )}
      <div className="form-actions">
        <button type="button" className="primary" onClick={backUpNow} disabled={running}>
          {running ? 'Backing up…' : 'Back up now'}
        </button>
        {running && (
          <progress aria-label="Backup progress" max={1} value={done}>
            {Math.round(done * 100)}%
          </progress>
        )}
      </div>
      {status?.lastProblem && <p className="backup-problem">Last backup not made: {status.lastProblem}</p>}
      {backups === null ? (
        <p className="muted">Loading…</p>
      ) : backups.length === 0 ? (
        <p className="muted">No backup yet.</p>
      ) : (
        <ul className="backup-list" aria-label="Backups">
          {backups.map((b) => (
            <li key={b.file} title={b.file}>
              <span className="backup-when">{new Date(b.createdAt).toLocaleString()}</span>
              <span className="muted">
                {formatBytes(b.bytes)}
                {b.beforeRestore ? ' · before a restore' : ''}
                {b.ok ? '' : ' · unreadable'}
              </span>
              {confirming === b.file ? (
                <span className="confirm" role="group" aria-label={`Restore ${fileName(b.file)}?`}>
                  Replace the archive with it?
                  <button type="button" className="danger" onClick={() => restore(b.file)}>
                    Restore
                  </button>
                  <button type="button" onClick={() => setConfirming(null)}>
                    Cancel
                  </button>
                </span>
              ) : (
                <button type="button" disabled={!b.ok || running} onClick={() => setConfirming(b.file)}>
                  Restore…
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <p className="muted">
        A restore keeps the archive as it is now as one more backup, so it can be undone.
      </p>
      <div className="form-actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </ModalForm>
  )
}
