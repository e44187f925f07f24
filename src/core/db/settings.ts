import type { Database } from 'better-sqlite3-multiple-ciphers'
import { nowIso } from '../ids'

/**
 * The archive's own settings (migration 5): JSON values by key, kept in the archive so they travel with it.
 * Reads tolerate an archive older than the table (before migration 5): there is nothing set yet.
 */
export function readSetting(db: Database, key: string): unknown {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'settings'").get()
  if (!hasTable) return undefined
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined
  if (!row) return undefined
  try {
    return JSON.parse(row.value) as unknown
  } catch {
    return undefined
  }
}

export function writeSetting(db: Database, key: string, value: unknown): void {
  db.prepare(
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run(key, JSON.stringify(value), nowIso())
}
