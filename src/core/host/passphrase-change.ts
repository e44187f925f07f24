import type { BackupKeyReport } from '../backup/backup-keys'
import { decryptArchive, encryptArchive, rekeyArchive } from '../db/archive-encryption'
import { CasebookError } from '../../shared/errors'
import type { BackupProblem } from '../../shared/passphrase-change'

export interface KeyChangeOutcome {
  encrypted: boolean
  backupsConverted: number
  backupsRemoved: BackupProblem[]
  backupsLeft: BackupProblem[]
}

/**
 * Converts a closed archive (and its backups) from the key it has to the one asked for: set when it has
 * none, removed when no new one is given, changed otherwise. `current` is what the engine was opened with;
 * the caller's `given` must match it, so a passphrase cannot be changed by whoever finds the app unlocked.
 */
export function changeArchiveKey(
  archivePath: string,
  current: string | undefined,
  request: { given: string | undefined; next: string | undefined },
  nativeBinding: string | undefined,
): KeyChangeOutcome {
  const { given, next } = request
  if (current !== undefined && given !== current)
    throw new CasebookError('locked', 'The current passphrase is wrong. Nothing was changed.')
  if (current === undefined && next === undefined)
    throw new CasebookError('invalid_input', 'this archive has no passphrase to remove')
  const options = { nativeBinding }
  let report: BackupKeyReport
  if (current === undefined) report = encryptArchive(archivePath, next ?? '', options)
  else if (next === undefined) report = decryptArchive(archivePath, current, options)
  else report = rekeyArchive(archivePath, current, next, options)
  return {
    encrypted: next !== undefined,
    backupsConverted: report.converted.length,
    backupsRemoved: report.removed,
    backupsLeft: report.left,
  }
}
