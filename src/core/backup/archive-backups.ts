import type { Database as Db } from 'better-sqlite3-multiple-ciphers'
import type { BackupInfo, BackupSettings, BackupStatus } from '../../shared/backups'
import { backupFolder, listBackupFiles, type BackupFile } from './backup-files'
import { getBackupSettings, setBackupSettings } from './backup-settings'
import { checkBackupFile } from './check-backup'
import { createBackup } from './create-backup'
import type { DatabaseFileOptions } from './database-file'
import { auditBackup } from '../audit/backup-audit'

const HOUR_MS = 3_600_000
/** After a scheduled backup failed or was skipped, how long before the schedule tries again. */
const RETRY_AFTER_MS = HOUR_MS
/** The schedule looks at the folder at most this often (it is asked after every request). */
const SCHEDULE_LOOK_MS = 60_000

/** The backups of one open archive: listing, settings, one backup at a time, and the schedule. */
export class ArchiveBackups {
  readonly folder: string
  private running: Promise<BackupInfo> | null = null
  private progress = { totalPages: 0, remainingPages: 0 }
  private lastProblem: string | null = null
  private lastFailureAt = 0
  private lastScheduleLook = 0

  constructor(
    private readonly db: Db,
    private readonly archivePath: string,
    private readonly fileOptions: DatabaseFileOptions,
  ) {
    this.folder = backupFolder(archivePath)
  }

  settings(): BackupSettings {
    return getBackupSettings(this.db)
  }

  updateSettings(changes: Partial<BackupSettings>): BackupSettings {
    return setBackupSettings(this.db, changes)
  }

  /** Newest first, each with a cheap look (opens as a Casebook archive of a readable schema). */
  list(): BackupInfo[] {
    return listBackupFiles(this.folder)
      .reverse()
      .map((b) => this.info(b))
  }

  status(): BackupStatus {
    return {
      running: this.running !== null,
      ...this.progress,
      folder: this.folder,
      lastProblem: this.lastProblem,
    }
  }

  /** Writes a backup now; a request while one runs gets that one rather than a second copy. */
  create(): Promise<BackupInfo> {
    if (this.running) return this.running
    this.progress = { totalPages: 0, remainingPages: 0 }
    const run = createBackup(
      { db: this.db, archivePath: this.archivePath, fileOptions: this.fileOptions, folder: this.folder },
      { keep: this.settings().keep, onProgress: (p) => (this.progress = { ...p }) },
    )
      .then((written) => {
        this.lastProblem = null
        const info = this.info(written)
        auditBackup(this.db, info)
        return info
      })
      .catch((error: unknown) => {
        this.lastProblem = (error as Error).message
        this.lastFailureAt = Date.now()
        throw error
      })
      .finally(() => {
        this.running = null
      })
    this.running = run
    return run
  }

  /** Whether the schedule wants a backup: never on demand-only, else when the newest is older than the interval. */
  isDue(now = Date.now()): boolean {
    const { everyHours } = this.settings()
    if (everyHours <= 0 || this.running) return false
    if (now - this.lastFailureAt < RETRY_AFTER_MS) return false
    // An archive without an article has nothing to lose yet (a new one is not backed up the moment it exists).
    if (!this.db.prepare('SELECT 1 FROM articles LIMIT 1').get()) return false
    const newest = listBackupFiles(this.folder)
      .filter((b) => !b.beforeRestore)
      .at(-1)
    return !newest || now - Date.parse(newest.createdAt) >= everyHours * HOUR_MS
  }

  /** Runs a scheduled backup if one is due; a failure is kept for the status and logged, never thrown. */
  async runIfDue(now = Date.now()): Promise<BackupInfo | null> {
    if (now - this.lastScheduleLook < SCHEDULE_LOOK_MS) return null
    this.lastScheduleLook = now
    if (!this.isDue(now)) return null
    try {
      return await this.create()
    } catch (error) {
      console.error(`Casebook: scheduled backup not made: ${(error as Error).message}`)
      return null
    }
  }

  /** Waits for a backup in progress to end (closing the archive would abort it half-way). */
  async settle(): Promise<void> {
    await this.running?.catch(() => undefined)
  }

  private info(b: BackupFile): BackupInfo {
    return { ...b, ok: checkBackupFile(b.file, this.fileOptions, undefined, false).ok }
  }
}
