/** Backups of an archive (issue 6, "Backups"): what the contract and the UI see of them. */

/** One backup file in the archive's backup folder. */
export interface BackupInfo {
  /** Absolute path of the backup file. */
  file: string
  /** When it was written (ISO 8601), from its sortable name. */
  createdAt: string
  bytes: number
  /** The file opens as a Casebook archive of a schema this version reads (a cheap check; restore checks fully). */
  ok: boolean
  /** A copy of the archive saved just before a restore replaced it (kept out of the rotation). */
  beforeRestore: boolean
}

export interface BackupSettings {
  /** How many regular backups to keep; older ones are removed once a new one has passed its check. */
  keep: number
  /** Hours between scheduled backups; 0 means on demand only. */
  everyHours: number
}

export const DEFAULT_BACKUP_SETTINGS: BackupSettings = { keep: 7, everyHours: 24 }
export const MAX_BACKUPS_KEPT = 100
export const MAX_BACKUP_INTERVAL_HOURS = 24 * 365

/** Whether a backup is being written, and how far it is, for a progress bar. */
export interface BackupStatus {
  running: boolean
  totalPages: number
  remainingPages: number
  /** The backup folder (beside the archive by default). */
  folder: string
  /** The last scheduled or requested backup that failed or was skipped, with the reason. */
  lastProblem: string | null
}

export interface RestoreResult {
  /** The backup whose contents are now the archive. */
  restored: string
  /** The archive as it was just before, saved as a backup (absent when there was no archive). */
  savedAs: string | null
}

/** The command a user runs to restore a backup when the app cannot open the archive. */
export function restoreCommandLine(archivePath: string, backupFile: string): string {
  const quote = (s: string) => (/^[\w./:\\-]+$/.test(s) ? s : `"${s.replace(/(["\\$`])/g, '\\$1')}"`)
  return `npm run casebook -- --archive ${quote(archivePath)} restore ${quote(backupFile)}`
}
