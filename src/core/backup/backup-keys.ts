import { closeSync, existsSync, openSync, readdirSync, readSync } from 'node:fs'
import { join } from 'node:path'
import { openKeyed } from '../db/archive-key'
import {
  CONVERSION_SUFFIX,
  conversionFile,
  ConversionRefused,
  convertDatabaseFile,
  lockArchive,
  type ConversionOptions,
} from '../db/database-conversion'
import { archiveEncryption } from '../db/encryption-state'
import {
  backupFolder,
  listBackupFiles,
  PARTIAL_SUFFIX,
  removeDatabaseFile,
  type BackupFile,
} from './backup-files'

/**
 * Backups follow the archive's key (issue 6: backups are encrypted like the archive). When `encrypt`,
 * `rekey` or `decrypt` has converted the archive, each of its backups is converted the same way, by the
 * same crash-safe routine (copy beside, re-key, verify, rename: db/database-conversion.ts), so no plain
 * copy of an encrypted archive stays on the disk, no backup stays readable with a passphrase the user
 * gave up, and restore (which checks a backup with the archive's key) finds them all readable.
 *
 * The state to reach is read from the files themselves, not from a journal: a backup already under the
 * archive's key is left alone, so a second run after a crash converts only what the first did not reach.
 */

export interface BackupOutcome {
  file: string
  /** Why it could not be converted ("it is damaged (…), so it was not converted"). */
  reason: string
}

export interface BackupKeyReport {
  /** Brought to the archive's key (or made plain with it). */
  converted: string[]
  /** Already under the archive's key, or plain beside a plain archive: not touched. */
  unchanged: string[]
  /** Not converted, and possibly holding plaintext beside an encrypted archive: deleted. */
  removed: BackupOutcome[]
  /** Not converted, and holding nothing readable without a key (or the archive is plain): left as found. */
  left: BackupOutcome[]
  /** Temporary files that an interrupted conversion, backup or restore left behind: deleted. */
  leftovers: string[]
}

export interface BackupKeys {
  /** The archive's passphrase now; undefined for a plain archive. */
  to: string | undefined
  /** The passphrase the backups may still have (the archive's before). A plain backup needs none. */
  previous: string | undefined
}

/**
 * Brings every backup in the archive's folder (regular and before-restore ones) to the archive's key.
 * The archive is held under its exclusive lock meanwhile (which also proves `to` opens it), so the app
 * cannot write, rotate or restore a backup in the middle; a backup that fails never stops the others.
 *
 * A backup that cannot be converted — damaged, or under a passphrase other than `previous` — is left as
 * it is and reported, except beside an encrypted archive when it may hold plaintext (mayHoldPlaintext):
 * then it is deleted and reported, since a readable copy is exactly what encrypting the archive was to
 * end. It is simply unlinked: overwriting first would promise nothing on an SSD or a copy-on-write file
 * system, where the write lands elsewhere; the README says so (old blocks of plain files may remain).
 */
export function followArchiveKey(
  archivePath: string,
  keys: BackupKeys,
  options: ConversionOptions,
): BackupKeyReport {
  const lock = lockArchive(archivePath, keys.to, options)
  try {
    const report: BackupKeyReport = {
      converted: [],
      unchanged: [],
      removed: [],
      left: [],
      leftovers: removeLeftovers(archivePath),
    }
    for (const { file } of listBackupFiles(backupFolder(archivePath))) {
      const outcome = bringToKey(file, keys, options)
      if (outcome === 'converted' || outcome === 'unchanged') report[outcome].push(file)
      else if (keys.to !== undefined && mayHoldPlaintext(file)) {
        removeDatabaseFile(file)
        report.removed.push({ file, reason: outcome.reason })
      } else report.left.push({ file, reason: outcome.reason })
    }
    return report
  } finally {
    lock.close()
  }
}

function bringToKey(
  file: string,
  { to, previous }: BackupKeys,
  options: ConversionOptions,
): 'converted' | 'unchanged' | { reason: string } {
  const state = archiveEncryption(file)
  if (state !== 'plain' && state !== 'encrypted')
    return { reason: `it is not a database Casebook can read (${state})` }
  if (state === 'plain' && to === undefined) return 'unchanged'
  if (state === 'encrypted' && to !== undefined && opensWith(file, to, options)) return 'unchanged'
  // A plain backup is converted whatever the archive was before: after `rekey` too, one left plain by an
  // older Casebook's `encrypt` is encrypted rather than kept readable.
  const from = state === 'plain' ? undefined : previous
  if (state === 'encrypted' && (from === undefined || !opensWith(file, from, options))) {
    if (mayHoldPlaintext(file))
      return { reason: 'it is damaged: it has no SQLite header, yet is not ciphertext' }
    const keys = to !== undefined && from !== undefined ? "the archive's old and new ones" : "the archive's"
    return { reason: `it is encrypted with another passphrase than ${keys}, or damaged` }
  }
  try {
    convertDatabaseFile(file, from, to, options)
    return 'converted'
  } catch (error) {
    if (error instanceof ConversionRefused) return { reason: `it ${error.reason}` }
    return { reason: `it could not be converted (${(error as Error).message})` }
  }
}

function opensWith(file: string, passphrase: string, options: ConversionOptions): boolean {
  const db = openKeyed(file, {
    readonly: true,
    fileMustExist: true,
    nativeBinding: options.nativeBinding,
    passphrase,
  })
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get()
    return true
  } catch {
    return false
  } finally {
    db.close()
  }
}

/** Whether the passphrase opens one of the archive's encrypted backups (when it no longer opens the archive). */
export function someBackupOpensWith(
  archivePath: string,
  passphrase: string,
  options: ConversionOptions,
): boolean {
  return listBackupFiles(backupFolder(archivePath)).some(
    ({ file }) => archiveEncryption(file) === 'encrypted' && opensWith(file, passphrase, options),
  )
}

/**
 * Backups whose state, read from their first bytes without a key, is not the archive's: plain beside an
 * encrypted archive (readable by anyone with the disk) or encrypted beside a plain one (restore cannot
 * read it). What a conversion interrupted after the archive leaves, or an older Casebook's `encrypt`.
 */
export function backupsOutOfStep(archivePath: string): Array<BackupFile & { encrypted: boolean }> {
  const archive = archiveEncryption(archivePath)
  if (archive !== 'plain' && archive !== 'encrypted') return []
  return listBackupFiles(backupFolder(archivePath))
    .map((backup) => ({ ...backup, state: archiveEncryption(backup.file) }))
    .filter(({ state }) => (state === 'plain' || state === 'encrypted') && state !== archive)
    .map(({ state, ...backup }) => ({ ...backup, encrypted: state === 'encrypted' }))
}

/**
 * Copies that a conversion killed half-way leaves (`<file>.rekeying`, beside the archive or a backup).
 * One may hold the archive in plain text (encrypting copies the plain file first; decrypting turns the
 * copy plain before the rename); none is ever needed again, since a conversion starts from the original.
 */
export function conversionLeftovers(archivePath: string): string[] {
  return [conversionFile(archivePath), ...backupFilesEndingWith(archivePath, CONVERSION_SUFFIX)].filter(
    (file) => existsSync(file),
  )
}

/**
 * Every temporary file beside the archive or among its backups that a crash can leave: conversion copies,
 * backups not finished (`.partial`, never listed) and a restore's copy (`<archive>.restoring`, see
 * restore-backup.ts). Each is plaintext if what it copied was, and none is used again.
 */
export function leftoverFiles(archivePath: string): string[] {
  const restoring = `${archivePath}.restoring`
  return [
    ...conversionLeftovers(archivePath),
    ...backupFilesEndingWith(archivePath, PARTIAL_SUFFIX),
    ...(existsSync(restoring) ? [restoring] : []),
  ]
}

function backupFilesEndingWith(archivePath: string, suffix: string): string[] {
  const folder = backupFolder(archivePath)
  if (!existsSync(folder)) return []
  return readdirSync(folder)
    .filter((name) => name.endsWith(suffix))
    .map((name) => join(folder, name))
}

/** Removes the leftovers (with the journal files SQLite may have left beside each); returns them. */
function removeLeftovers(archivePath: string): string[] {
  const leftovers = leftoverFiles(archivePath)
  for (const file of leftovers) removeDatabaseFile(file)
  return leftovers
}

/** Bytes per block judged on its own, so a little plaintext in a large file is not averaged away. */
const BLOCK = 64 * 1024
/**
 * The chi-squared statistic of a block's 256 byte counts against even odds: random bytes (ciphertext)
 * give 255 ± 23 at any block size (the largest of 20,000 random blocks measured here was 360); a plain
 * SQLite page, with its zeros, headers and text, gives thousands. Above this, a block is not ciphertext.
 */
const MAX_RANDOM_CHI_SQUARED = 450

/**
 * Whether a file may hold plaintext: unless it has no SQLite header and every block of it reads as
 * ciphertext. A plain backup whose first bytes were damaged thus still counts as plain, and one encrypted
 * under a passphrase nobody typed here is recognised as holding nothing readable.
 */
export function mayHoldPlaintext(file: string): boolean {
  const state = archiveEncryption(file)
  if (state === 'plain') return true
  if (state === 'absent' || state === 'empty') return false
  const fd = openSync(file, 'r')
  try {
    const block = Buffer.alloc(BLOCK)
    for (let offset = 0; ; offset += BLOCK) {
      const read = readSync(fd, block, 0, BLOCK, offset)
      if (read === 0) return false
      if (chiSquared(block.subarray(0, read)) > MAX_RANDOM_CHI_SQUARED) return true
    }
  } finally {
    closeSync(fd)
  }
}

function chiSquared(bytes: Buffer): number {
  const counts = new Array<number>(256).fill(0)
  for (const byte of bytes) counts[byte] = (counts[byte] ?? 0) + 1
  const expected = bytes.length / 256
  return counts.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0)
}
