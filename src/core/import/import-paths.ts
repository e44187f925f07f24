import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Database } from 'better-sqlite3'
import type { ImportResult } from '../../shared/model'
import { isImportableFile, SKIPPED_IN_FOLDER_MESSAGE } from '../../shared/import-formats'
import { importFile } from './import-file'

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
  return { files, failures, skipped }
}

export function importPath(db: Database, path: string): ImportResult {
  let bytes: Uint8Array
  try {
    bytes = readFileSync(path)
  } catch (error) {
    return {
      file: path,
      status: 'failed',
      message: `the file could not be read (${(error as Error).message})`,
    }
  }
  return importFile(db, path, bytes)
}
