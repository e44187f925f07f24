import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Database } from 'better-sqlite3'
import type { ImportResult } from '../../shared/model'
import { isSupportedFile } from './extract-article'
import { importFile } from './import-file'

/**
 * Expands files and folders into the files to import. Folders are walked recursively; inside a folder only
 * supported files are taken (a folder of saved pages holds images and scripts), while a file named
 * explicitly is always tried, so the user hears why it was not imported.
 */
export function expandPaths(paths: string[]): { files: string[]; failures: ImportResult[] } {
  const files: string[] = []
  const failures: ImportResult[] = []
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
      else if (entry.isFile() && isSupportedFile(entry.name)) files.push(path)
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
  return { files, failures }
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
