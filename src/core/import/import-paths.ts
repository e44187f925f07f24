import { closeSync, constants, fstatSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Database } from 'better-sqlite3-multiple-ciphers'
import { MAX_IMPORT_BYTES } from '../../shared/contract'
import type { ImportResult } from '../../shared/model'
import { inSavedPageAssets, isImportableFile, SKIPPED_IN_FOLDER_MESSAGE } from '../../shared/import-formats'
import { importFile, type Importer } from './import-file'

/**
 * Expands files and folders into the files to import. Folders are walked recursively; inside a folder only
 * importable files are taken (a folder of saved pages holds images and scripts) and the others are
 * reported as skipped, while a file named explicitly is always tried, so the user hears why it failed.
 */
export function expandPaths(paths: string[]): {
  files: string[]
  failures: ImportResult[]
  skipped: ImportResult[]
} {
  const files: string[] = []
  const failures: ImportResult[] = []
  const skipped: ImportResult[] = []
  const walk = (dir: string) => {
    let entries
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))
    } catch (error) {
      failures.push({
        file: dir,
        status: 'failed',
        message: `the folder could not be read (${(error as Error).message})`,
      })
      return
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (!entry.isFile()) continue
      else if (isImportableFile(entry.name)) files.push(path)
      else skipped.push({ file: path, status: 'skipped', message: SKIPPED_IN_FOLDER_MESSAGE })
    }
  }
  for (const path of paths) {
    let isDirectory: boolean
    try {
      isDirectory = statSync(path).isDirectory()
    } catch {
      failures.push({ file: path, status: 'failed', message: 'no such file or folder' })
      continue
    }
    if (isDirectory) walk(path)
    else files.push(path)
  }
  // A saved page's `Page_files` folder belongs to `Page.html`: its files are neither imported nor listed.
  const assets = inSavedPageAssets([...files, ...skipped.map((s) => s.file)])
  return {
    files: files.filter((f) => !assets(f)),
    failures,
    skipped: skipped.filter((s) => !assets(s.file)),
  }
}

/**
 * Reads a file to import, or says why not. The size is checked before reading (found by fuzzing: a
 * 200 MB file was read whole into memory, and a device such as /dev/zero never ends), with the limit
 * the UI enforces through the contract, so every shell refuses the same files.
 */
export function readImportFile(path: string): { bytes: Uint8Array } | { failure: ImportResult } {
  const fail = (message: string) => ({ failure: { file: path, status: 'failed' as const, message } })
  let fd: number
  try {
    // Non-blocking, so a named pipe is refused below instead of waiting for a writer forever.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
  } catch (error) {
    return fail(`the file could not be read (${(error as Error).message})`)
  }
  try {
    // fstat on the opened file, so what is checked is what is read.
    const stats = fstatSync(fd)
    if (!stats.isFile()) return fail('it is not a regular file')
    if (stats.size > MAX_IMPORT_BYTES) {
      return fail(
        `it is ${formatMegabytes(stats.size)}, larger than the ${formatMegabytes(MAX_IMPORT_BYTES)} Casebook imports`,
      )
    }
    return { bytes: readFileSync(fd) }
  } catch (error) {
    return fail(`the file could not be read (${(error as Error).message})`)
  } finally {
    closeSync(fd)
  }
}

function formatMegabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`
}

export function importPath(db: Database, path: string): ImportResult {
  const read = readImportFile(path)
  if ('failure' in read) return read.failure
  return importFile(db, path, read.bytes)
}

/** Through an engine's importer (its reading threads, its grouped commits): what the CLI uses. */
export async function importPathWith(
  importer: Importer,
  path: string,
  versionOf?: string,
): Promise<ImportResult> {
  const read = readImportFile(path)
  if ('failure' in read) return read.failure
  return importer.importFile(path, read.bytes, { versionOf })
}
