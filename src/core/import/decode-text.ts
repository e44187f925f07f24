import { TextDecoder } from 'node:util'
import { CasebookError } from '../../shared/errors'

/** The encoding a saved page declares in its first bytes (`<meta charset>` or http-equiv), if any. */
function declaredCharset(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1')
  return /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1]?.toLowerCase() ?? null
}

function decoderFor(label: string): TextDecoder | null {
  try {
    return new TextDecoder(label, { fatal: true })
  } catch {
    return null
  }
}

/**
 * Decodes a file's bytes as text: UTF-8 (or UTF-16 with a byte-order mark), or for a web page the encoding
 * it declares (windows-1251 is common on Russian and Kazakh sites). Binary content and undecodable bytes
 * are refused with a reason the user can act on (the caller adds the file name).
 */
export function decodeText(bytes: Uint8Array, options: { html: boolean }): string {
  if (bytes.length === 0) throw new CasebookError('bad_file', 'the file is empty')
  const text = decodeBytes(bytes, options)
  // Control characters (other than tab, line feed, form feed, carriage return) do not occur in text.
  // eslint-disable-next-line no-control-regex -- finding them is the point
  if (/[\u0000-\u0008\u000b\u000e-\u001f]/.test(text.slice(0, 8192))) {
    throw new CasebookError('bad_file', 'it looks like a binary file, not text')
  }
  return text
}

function decodeBytes(bytes: Uint8Array, options: { html: boolean }): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes)
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes)
  if (bytes.subarray(0, 8192).includes(0))
    throw new CasebookError('bad_file', 'it looks like a binary file, not text')
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    const charset = options.html ? declaredCharset(bytes) : null
    const decoder = charset && charset !== 'utf-8' && charset !== 'utf8' ? decoderFor(charset) : null
    if (decoder) {
      try {
        return decoder.decode(bytes)
      } catch {
        throw new CasebookError('bad_file', `it is not valid ${charset} text, as the page declares`)
      }
    }
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
