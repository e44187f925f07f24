import { createInterface } from 'node:readline/promises'
import { CasebookError } from '../shared/errors'
import type { BackupInfo } from '../shared/backups'
import { auditRestore } from '../core/audit/backup-audit'
import { openArchive, type OpenArchiveOptions } from '../core/db/open-archive'
import { passphraseOf } from '../core/backup/database-file'
import { refusalHint } from '../core/backup/refusal-hint'
import { restoreBackup } from '../core/backup/restore-backup'
import { openEngine, type Engine, type EngineOptions } from '../core/engine'
import type { Flags, Output } from './commands'

/** The backup commands' lines of `--help` (issue 6, "Backups"). */
export const BACKUP_USAGE = `  backup                               back up the archive now (SQLite's online backup, checked
                                       after writing; the oldest beyond the kept number removed)
  backups [--json]                     list the backups, newest first, in <archive>.backups/
  restore <file> [--yes]               replace the archive with a backup (checked first; the archive
                                       as it was is saved as a backup); asks unless --yes
`

/**
 * Opens the archive, or explains a refusal with the latest good backup and the command that restores it
 * (the refusal itself names what is wrong and says nothing was written).
 */
export function openEngineOrExplain(archivePath: string, options: EngineOptions = {}): Engine {
  try {
    return openEngine(archivePath, options)
  } catch (error) {
    if (!(error instanceof CasebookError)) throw error
    const hint = refusalHint(archivePath, {
      nativeBinding: options.nativeBinding,
      passphrase: passphraseOf(options),
    })
    // A refused archive always gets the hint. One taken for encrypted ('locked') gets it only when a good
    // backup exists: a damaged header looks like encryption, and then the backup is what the user needs.
    if (error.code === 'archive_refused' || (error.code === 'locked' && !hint.startsWith('No good backup')))
      throw new CasebookError(error.code, `${error.message}\n${hint}`)
    throw error
  }
}

function describe(backup: BackupInfo): string {
  const size = `${(backup.bytes / 1024).toFixed(0)} KB`
  const kind = backup.beforeRestore ? 'before restore' : 'backup'
  return [backup.file, backup.createdAt, size, kind, backup.ok ? 'ok' : 'unreadable'].join('\t')
}

/** `backup`: one now, through the same operation as the app's "Back up now". */
export async function backupCommand(engine: Engine, io: Output): Promise<number> {
  const envelope = await engine.dispatchAsync('backups.create', {})
  if (!envelope.ok) throw new CasebookError(envelope.error.code, `no backup made: ${envelope.error.message}`)
  const backup = envelope.value as BackupInfo
  io.out(backup.file)
  io.err(`backed up and checked: ${describe(backup)}`)
  return 0
}

export function backupsCommand(engine: Engine, flags: Flags, io: Output): number {
  const envelope = engine.dispatch('backups.list', {})
  if (!envelope.ok) throw new CasebookError(envelope.error.code, envelope.error.message)
  const backups = envelope.value as BackupInfo[]
  if (flags.json) io.out(JSON.stringify(backups, null, 2))
  else for (const backup of backups) io.out(describe(backup))
  io.err(`${backups.length} backup${backups.length === 1 ? '' : 's'}`)
  return 0
}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false
  const prompt = createInterface({ input: process.stdin, output: process.stderr })
  try {
    return /^y(es)?$/i.test((await prompt.question(question)).trim())
  } finally {
    prompt.close()
  }
}

/**
 * `restore <file>`: runs before any engine opens the archive (a restore replaces its file), so it also works
 * on an archive the engine refuses — which is when it is needed most.
 */
export async function restoreCommand(
  archivePath: string,
  args: string[],
  flags: Flags & { yes?: boolean },
  io: Output,
  options: OpenArchiveOptions = {},
): Promise<number> {
  const [file] = args
  if (!file || args.length > 1) throw new CasebookError('invalid_input', 'restore needs one backup file')
  if (!flags.yes) {
    const asked = `Replace ${archivePath} with ${file}? The archive as it is now is kept as a backup. [y/N] `
    if (!(await confirm(asked))) {
      io.err(
        process.stdin.isTTY ? 'not restored' : 'not restored: confirm with --yes (no terminal to ask on)',
      )
      return 2
    }
  }
  const result = restoreBackup(archivePath, file, {
    nativeBinding: options.nativeBinding,
    passphrase: passphraseOf(options),
  })
  const restored = openArchive(archivePath, options)
  try {
    auditRestore(restored, result)
  } finally {
    restored.close()
  }
  io.out(archivePath)
  io.err(
    `restored ${result.restored}` +
      (result.savedAs ? `; the archive as it was is saved as ${result.savedAs}` : ''),
  )
  return 0
}
