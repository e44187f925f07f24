/** Bytes per btoa call: a multiple of 3 so the chunks' base64 concatenates without padding in between. */
const CHUNK_BYTES = 3 * 0x4000

/**
 * Base64 of arbitrary bytes. Converted in chunks because String.fromCharCode(...bytes) on a whole file
 * overflows the call stack, and one huge binary string would double the memory held.
 */
export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = []
  for (let at = 0; at < bytes.length; at += CHUNK_BYTES) {
    const chunk = bytes.subarray(at, at + CHUNK_BYTES)
    let binary = ''
    for (let i = 0; i < chunk.length; i++) binary += String.fromCharCode(chunk[i] as number)
    parts.push(btoa(binary))
  }
  return parts.join('')
}

/** Bytes of base64 text (a kept original file coming back from the engine). */
export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}
