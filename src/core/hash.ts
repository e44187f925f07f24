import { createHash } from 'node:crypto'

/** SHA-256 of the UTF-8 bytes of a text, in hex: the identity of an article version. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

/** SHA-256 of a file's bytes, in hex: the identity of a kept original. */
export function bytesSha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}
