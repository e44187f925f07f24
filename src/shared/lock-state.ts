/** Idle lock (issue 6, "Locked after an idle time the user sets"): the choices the UI offers, in minutes. */
export const IDLE_LOCK_CHOICES = [5, 15, 30, 60] as const
export type IdleLockMinutes = (typeof IDLE_LOCK_CHOICES)[number]

/** An encrypted archive that never chose locks after 15 minutes without use; a plain one cannot lock. */
export const DEFAULT_IDLE_LOCK_MINUTES: IdleLockMinutes = 15

/**
 * Whether the engine host holds the archive open.
 * - 'open': the engine runs.
 * - 'locked': an encrypted archive whose key is not in memory.
 * - 'refused': the engine would not open the archive (damaged, foreign, from a newer Casebook) and wrote
 *   nothing to it; `recovery.reason` says why.
 * While not open, every operation but the lock ones and 'archive.recover' answers with the code 'locked'
 * or 'archive_refused'.
 */
export interface LockState {
  state: 'locked' | 'open' | 'refused'
  encrypted: boolean
  /** Minutes without a request before the host locks; null when off (always null for a plain archive). */
  idleLockMinutes: IdleLockMinutes | null
  /** While locked or refused: the archive's backups, so the screen can offer one. Null while open. */
  recovery: ArchiveRecovery | null
  /** Whether the passphrase can be remembered on this computer, and whether it is. */
  keychain: KeychainState
}

/** What the locked and refused screens show to bring an archive back from a backup. */
export interface ArchiveRecovery {
  archivePath: string
  /** Why the archive was refused, naming the file; null while it is merely locked. */
  reason: string | null
  /** The backups in the archive's backup folder, newest first. */
  backups: RecoveryBackup[]
  /** The newest backup that passed the full check, when it could be checked (not without the passphrase). */
  latestGood: string | null
}

export interface RecoveryBackup {
  file: string
  createdAt: string
  bytes: number
  beforeRestore: boolean
  /** The backup opens as a Casebook archive this version reads; null when it could not be looked at (locked). */
  ok: boolean | null
}

/**
 * The OS keychain (Electron's safeStorage) holding the passphrase of an encrypted archive, so that it opens
 * without asking. `reason` says why it cannot be used where it is not available (the browser shell, the
 * CLI, or Linux's `basic_text` store, which is not secure).
 */
export interface KeychainState {
  available: boolean
  reason: string | null
  remembered: boolean
}

/** Where no keychain is wired (a bare engine, the CLI): what LockState says about it. */
export const NO_KEYCHAIN: KeychainState = {
  available: false,
  reason: 'only the desktop app can remember a passphrase, in the keychain of the computer it runs on',
  remembered: false,
}
