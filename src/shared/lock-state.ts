/** Idle lock (issue 6, "Locked after an idle time the user sets"): the choices the UI offers, in minutes. */
export const IDLE_LOCK_CHOICES = [5, 15, 30, 60] as const
export type IdleLockMinutes = (typeof IDLE_LOCK_CHOICES)[number]

/** An encrypted archive that never chose locks after 15 minutes without use; a plain one cannot lock. */
export const DEFAULT_IDLE_LOCK_MINUTES: IdleLockMinutes = 15

/**
 * Whether the engine host holds the archive open. 'locked': an encrypted archive whose key is not in
 * memory — every operation but these lock ones answers with the error code 'locked'.
 */
export interface LockState {
  state: 'locked' | 'open'
  encrypted: boolean
  /** Minutes without a request before the host locks; null when off (always null for a plain archive). */
  idleLockMinutes: IdleLockMinutes | null
}
