import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs'

// What an archive file is, encrypted or not, read with plain file I/O only: no driver is loaded, so
// Electron's main process and the shells can ask before they start the engine.

/** The first 16 bytes of every plain SQLite file. An encrypted archive has none: its first page is ciphertext. */
export const SQLITE_HEADER = 'SQLite format 3\0'

/**
 * What a file at an archive's path looks like, read without any key: absent, empty (both become a new
 * archive), a plain SQLite file, 'encrypted' — no SQLite header but whole pages of bytes, so an encrypted
 * archive or something else that only a passphrase can tell apart — or 'foreign': not SQLite, encrypted
 * or not (an encrypted archive's size is always a whole number of pages, at least 512 bytes each).
 */
export type ArchiveEncryption = 'absent' | 'empty' | 'plain' | 'encrypted' | 'foreign'

export function archiveEncryption(path: string): ArchiveEncryption {
  if (!existsSync(path)) return 'absent'
  const stats = statSync(path)
  if (stats.isDirectory()) return 'foreign'
  if (stats.size === 0) return 'empty'
  return encryptionOf(readFileStart(path, 16), stats.size)
}

/** The same from a file's first bytes (at least 16) and its size. */
export function encryptionOf(start: Buffer, size: number): 'plain' | 'encrypted' | 'foreign' {
  if (start.subarray(0, 16).toString('latin1') === SQLITE_HEADER) return 'plain'
  return size >= 512 && size % 512 === 0 ? 'encrypted' : 'foreign'
}

/** Up to `bytes` bytes from the start of a file (fewer if it is shorter). */
export function readFileStart(path: string, bytes: number): Buffer {
  const fd = openSync(path, 'r')
  try {
    const buffer = Buffer.alloc(bytes)
    const read = readSync(fd, buffer, 0, bytes, 0)
    return buffer.subarray(0, read)
  } finally {
    closeSync(fd)
  }
}

/** An empty passphrase means none: an environment variable set to '' must not create a keyless "encrypted" file. */
export function normalisePassphrase(passphrase: string | undefined): string | undefined {
  return passphrase === undefined || passphrase === '' ? undefined : passphrase
}
