import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Test support for encryption at rest: a word no article, stemmer or dictionary would contain by chance.
 * Put together at run time so that it is not in this module's text: tsx caches compiled modules in TMPDIR,
 * and the scan must find only what the archive code wrote.
 */
export const MARKER = ['Zanzibar', 'quokka'].join('')

/** A text file whose title, body and a sentence to highlight all carry the marker. */
export function markerArticle(): string {
  return [
    `${MARKER} sighted at the harbour`,
    '',
    `Observers reported that ${MARKER} the elder met the harbour committee on Tuesday morning.`,
    `The committee said ${MARKER} would return with written testimony before the vote.`,
    '',
  ].join('\n')
}

/**
 * Every file under the folders (recursively) whose bytes contain the marker in any letter case, as UTF-8
 * or as UTF-16LE (SQLite's other text encoding) — the search index keeps words lower-cased, so the case
 * must not matter. Each hit is reported as "file (encoding)".
 */
export function filesContaining(folders: string[], marker: string = MARKER): string[] {
  const needle = marker.toLowerCase()
  const hits: string[] = []
  for (const folder of folders) {
    for (const file of listFiles(folder)) {
      const bytes = readFileSync(file)
      // Lower-casing byte-wise as latin1 keeps offsets; the marker is ASCII, so this is exact for it.
      if (bytes.toString('latin1').toLowerCase().includes(needle)) hits.push(`${file} (UTF-8)`)
      const utf16 = Buffer.from(needle, 'utf16le').toString('latin1')
      if (bytes.toString('latin1').toLowerCase().includes(utf16)) hits.push(`${file} (UTF-16LE)`)
    }
  }
  return hits
}

/** Every file under a folder (or the file itself), so a test can also show that it looked at something. */
export function listFiles(folder: string): string[] {
  if (statSync(folder).isFile()) return [folder]
  const files: string[] = []
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name)
    if (entry.isDirectory()) files.push(...listFiles(path))
    else if (entry.isFile()) files.push(path)
  }
  return files
}
