import { restoreCommandLine } from '../../shared/backups'
import type { DatabaseFileOptions } from './database-file'
import { latestGoodBackup } from './restore-backup'

/**
 * What a refusal adds about backups: the latest good one and the command that restores it, or that there is
 * none. Shared by the CLI, the browser shell and the desktop app, so all three say the same.
 */
export function refusalHint(archivePath: string, options: DatabaseFileOptions = {}): string {
  let latest
  try {
    latest = latestGoodBackup(archivePath, options)
  } catch {
    latest = null
  }
  if (!latest) return 'No good backup of it was found.'
  return (
    `The latest good backup is ${latest.file} (made ${latest.createdAt}). To restore it ` +
    `(the current file is kept as a backup): ${restoreCommandLine(archivePath, latest.file)}`
  )
}
