import { CasebookError } from '../../shared/errors'

/**
 * Decodes a file's bytes as UTF-8 text, refusing binary content and invalid UTF-8 with a reason
 * the user can act on (the caller adds the file name).
 */
export function decodeUtf8(bytes: Uint8Array): string {
  if (bytes.length === 0) throw new CasebookError('bad_file', 'the file is empty')
  const sample = bytes.subarray(0, 8192)
  if (sample.includes(0)) throw new CasebookError('bad_file', 'it looks like a binary file, not text')
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    throw new CasebookError('bad_file', 'it is not valid UTF-8 text')
  }
}

/** Turns a file name like `kazakhstan-election_2022.txt` into a readable title. */
export function titleFromFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name
  const stem = base
    .replace(/\.[^.]+$/, '')
    .replace(/[-_]+/g, ' ')
    .trim()
  if (!stem) return 'Untitled'
  return stem.charAt(0).toLocaleUpperCase() + stem.slice(1)
}
