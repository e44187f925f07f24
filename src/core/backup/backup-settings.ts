import type { Database as Db } from 'better-sqlite3-multiple-ciphers'
import {
  DEFAULT_BACKUP_SETTINGS,
  MAX_BACKUP_INTERVAL_HOURS,
  MAX_BACKUPS_KEPT,
  type BackupSettings,
} from '../../shared/backups'
import { readSetting, writeSetting } from '../db/settings'

/** The `settings` row (migration 5) holding the backup preferences, stored in the archive so they travel with it. */
const KEY = 'backups'

function sane(value: unknown, fallback: number, min: number, max: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max
    ? value
    : fallback
}

export function getBackupSettings(db: Db): BackupSettings {
  // A hand-edited, unreadable value falls back to the defaults rather than stopping backups.
  const value = readSetting(db, KEY)
  const stored = (typeof value === 'object' && value !== null ? value : {}) as Partial<
    Record<keyof BackupSettings, unknown>
  >
  return {
    keep: Math.round(sane(stored.keep, DEFAULT_BACKUP_SETTINGS.keep, 1, MAX_BACKUPS_KEPT)),
    everyHours: sane(stored.everyHours, DEFAULT_BACKUP_SETTINGS.everyHours, 0, MAX_BACKUP_INTERVAL_HOURS),
  }
}

export function setBackupSettings(db: Db, changes: Partial<BackupSettings>): BackupSettings {
  writeSetting(db, KEY, { ...getBackupSettings(db), ...changes })
  return getBackupSettings(db)
}
