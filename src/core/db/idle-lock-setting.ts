import type { Database } from 'better-sqlite3-multiple-ciphers'
import {
  DEFAULT_IDLE_LOCK_MINUTES,
  IDLE_LOCK_CHOICES,
  type IdleLockMinutes,
  NO_KEYCHAIN,
  type LockState,
} from '../../shared/lock-state'
import { readSetting, writeSetting } from './settings'

/** The `settings` row holding the idle lock, in the archive so that it travels with it. */
const KEY = 'idleLockMinutes'

/**
 * The stored choice; unset (or hand-edited to nonsense) means the default for an encrypted archive. A plain
 * archive never locks: there is no key to drop, so the setting would only pretend to protect it.
 */
export function readIdleLockMinutes(db: Database, encrypted: boolean): IdleLockMinutes | null {
  if (!encrypted) return null
  const stored = readSetting(db, KEY)
  if (stored === null) return null
  return (IDLE_LOCK_CHOICES as readonly unknown[]).includes(stored)
    ? (stored as IdleLockMinutes)
    : DEFAULT_IDLE_LOCK_MINUTES
}

export function writeIdleLockMinutes(db: Database, minutes: IdleLockMinutes | null): void {
  writeSetting(db, KEY, minutes)
}

/** What an open engine answers to 'archive.lockState'. */
export function openLockState(db: Database, encrypted: boolean): LockState {
  return {
    state: 'open',
    encrypted,
    idleLockMinutes: readIdleLockMinutes(db, encrypted),
    recovery: null,
    keychain: NO_KEYCHAIN,
  }
}
