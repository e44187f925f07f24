import type { Database as Db } from 'better-sqlite3-multiple-ciphers'
import {
  DEFAULT_BACKUP_SETTINGS,
  MAX_BACKUP_INTERVAL_HOURS,
  MAX_BACKUPS_KEPT,
  type BackupSettings,
} from '../../shared/backups'

/** The `settings` row (migration 5) holding the backup preferences, stored in the archive so they travel with it. */
const KEY = 'backups'

function sane(value: unknown, fallback: number, min: number, max: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max
    ? value
    : fallback
}

export function getBackupSettings(db: Db): BackupSettings {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(KEY) as string | undefined
  let stored: Partial<Record<keyof BackupSettings, unknown>> = {}
  try {
    if (row) stored = JSON.parse(row) as typeof stored
  } catch {
    // A hand-edited, unreadable value falls back to the defaults rather than stopping backups.
  }
  return {
    keep: Math.round(sane(stored.keep, DEFAULT_BACKUP_SETTINGS.keep, 1, MAX_BACKUPS_KEPT)),
    everyHours: sane(stored.everyHours, DEFAULT_BACKUP_SETTINGS.everyHours, 0, MAX_BACKUP_INTERVAL_HOURS),
  }
}

export function setBackupSettings(db: Db, changes: Partial<BackupSettings>): BackupSettings {
  const next = { ...getBackupSettings(db), ...changes }
  db.prepare(
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run(KEY, JSON.stringify(next), new Date().toISOString())
  return getBackupSettings(db)
}
