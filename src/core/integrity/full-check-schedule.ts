import type { Database } from 'better-sqlite3-multiple-ciphers'
import { readSetting, writeSetting } from '../db/settings'

/**
 * SQLite's full `integrity_check` reads every page and checks every index against its table: minutes on a
 * large archive, so it is not run at every open (quick_check is, and catches most damage in a fraction of
 * the time). Weekly, because damage that only the full check sees (an index disagreeing with its table)
 * should be found while the rotating backups still hold a good copy, and a week is well inside how long
 * they are kept; and it costs a laptop user one slower start a week at most.
 */
export const FULL_CHECK_INTERVAL_MS = 7 * 24 * 60 * 60 * 1000

export const LAST_FULL_CHECK_KEY = 'integrity.lastFullCheck'

/** Whether the last full check (recorded in settings) is missing, unreadable or older than a week. */
export function fullCheckDue(db: Database, now = Date.now()): boolean {
  const last = readSetting(db, LAST_FULL_CHECK_KEY)
  const at = typeof last === 'string' ? Date.parse(last) : NaN
  // A time in the future (a clock set back, or a copied archive) does not postpone the check for ever.
  return Number.isNaN(at) || now - at >= FULL_CHECK_INTERVAL_MS || at > now
}

export function recordFullCheck(db: Database, at = new Date()): void {
  writeSetting(db, LAST_FULL_CHECK_KEY, at.toISOString())
}

/** SQLite's own check of the file: an empty list when it is sound, else its messages. */
export function sqliteCheck(db: Database, full: boolean): string[] {
  const rows = db.pragma(full ? 'integrity_check' : 'quick_check', { simple: false }) as Array<
    Record<string, string>
  >
  const messages = rows.map((row) => Object.values(row)[0] ?? '')
  return messages.length === 1 && messages[0] === 'ok' ? [] : messages
}
