import type { Database as Db } from 'better-sqlite3-multiple-ciphers'
import { CASEBOOK_APPLICATION_ID } from '../db/open-archive'
import { LATEST_SCHEMA_VERSION } from '../db/migrations'
import { openDatabaseFile, type DatabaseFileOptions } from './database-file'

/** Rows per table: the backup must hold exactly what the archive held when it was copied. */
export type TableCounts = Record<string, number>

export function tableCounts(db: Db): TableCounts {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[]
  const counts: TableCounts = {}
  for (const table of tables) {
    counts[table] = db
      .prepare(`SELECT count(*) FROM "${table.replace(/"/g, '""')}"`)
      .pluck()
      .get() as number
  }
  return counts
}

/** `PRAGMA quick_check`: null when the database is sound, else SQLite's first complaint. */
export function quickCheckProblem(db: Db): string | null {
  const rows = db.pragma('quick_check') as Array<{ quick_check: string }>
  const first = rows[0]?.quick_check ?? 'no answer'
  if (rows.length === 1 && first === 'ok') return null
  // SQLite's report starts with a '*** in database main ***' line; the first real complaint says enough.
  return first.split('\n').find((line) => line.trim() !== '' && !line.startsWith('***')) ?? first
}

export type CheckResult = { ok: true; schemaVersion: number } | { ok: false; reason: string }

function describeCounts(expected: TableCounts, found: TableCounts): string | null {
  const names = new Set([...Object.keys(expected), ...Object.keys(found)])
  for (const name of [...names].sort()) {
    if (expected[name] !== found[name])
      return `table ${name} has ${found[name] ?? 'no'} rows where the archive had ${expected[name] ?? 'none'}`
  }
  return null
}

/**
 * Opens a backup read-only and checks it as the archive would be checked on open: SQLite's quick_check,
 * Casebook's application_id, a schema this version reads, and — right after writing — the same rows per
 * table as the archive had. `full: false` skips quick_check and the counts (a listing's cheap look).
 */
export function checkBackupFile(
  file: string,
  options: DatabaseFileOptions,
  expected?: { counts: TableCounts; schemaVersion: number },
  full = true,
): CheckResult {
  let db: Db | undefined
  try {
    db = openDatabaseFile(file, true, options)
    const appId = db.pragma('application_id', { simple: true }) as number
    if (appId !== CASEBOOK_APPLICATION_ID) return { ok: false, reason: 'it is not a Casebook archive' }
    const schemaVersion = db.pragma('user_version', { simple: true }) as number
    if (schemaVersion > LATEST_SCHEMA_VERSION)
      return { ok: false, reason: `it was written by a newer Casebook (archive format ${schemaVersion})` }
    if (expected && schemaVersion !== expected.schemaVersion)
      return { ok: false, reason: `its archive format is ${schemaVersion}, not ${expected.schemaVersion}` }
    if (!full) return { ok: true, schemaVersion }
    const problem = quickCheckProblem(db)
    if (problem) return { ok: false, reason: `it is damaged (${problem})` }
    if (expected) {
      const mismatch = describeCounts(expected.counts, tableCounts(db))
      if (mismatch) return { ok: false, reason: mismatch }
    }
    return { ok: true, schemaVersion }
  } catch (error) {
    return { ok: false, reason: `it cannot be read (${(error as Error).message})` }
  } finally {
    db?.close()
  }
}
