import type { LockState } from './lock-state'

/** What setting, changing or removing an archive's passphrase from the app did (issue 6). */
export interface PassphraseChangeResult {
  state: LockState
  /** Backups brought to the archive's new key (or made plain with it). */
  backupsConverted: number
  /** Backups that could not be converted and might have held plaintext beside the encrypted archive: deleted. */
  backupsRemoved: BackupProblem[]
  /** Backups that could not be converted and were left as found. */
  backupsLeft: BackupProblem[]
}

export interface BackupProblem {
  file: string
  reason: string
}
