import { crc32 } from 'node:zlib'
import { Deflate, deflateSync, strToU8 } from 'fflate'

/**
 * Test support: zips that misbehave, written entry by entry, so a test never holds what they unpack to.
 */

const LOCAL_HEADER = 0x04034b50
const CENTRAL_HEADER = 0x02014b50
const EOCD = 0x06054b50
const MB = 1024 * 1024

interface RawEntry {
  name: string
  crc: number
  size: number
  /** Raw deflate data, in pieces (the same piece may repeat). */
  pieces: Uint8Array[]
}

function writeZip(entries: RawEntry[]): Uint8Array {
  const parts: Uint8Array[] = []
  const central: Uint8Array[] = []
  let offset = 0
  const header = (signature: number, entry: RawEntry, compressed: number, extra: number) => {
    const name = strToU8(entry.name)
    const bytes = new Uint8Array(extra + name.length)
    const view = new DataView(bytes.buffer)
    const fields = signature === CENTRAL_HEADER ? 2 : 0 // the central header adds "version made by"
    view.setUint32(0, signature, true)
    view.setUint16(4 + fields, 20, true) // version needed
    view.setUint16(6 + fields, 0x800, true) // UTF-8 names
    view.setUint16(8 + fields, 8, true) // deflated
    view.setUint16(12 + fields, 0x21, true) // 1980-01-01
    view.setUint32(14 + fields, entry.crc, true)
    view.setUint32(18 + fields, compressed, true)
    view.setUint32(22 + fields, entry.size, true)
    view.setUint16(26 + fields, name.length, true)
    if (signature === CENTRAL_HEADER) view.setUint32(42, offset, true)
    bytes.set(name, extra)
    return bytes
  }
  for (const entry of entries) {
    const compressed = entry.pieces.reduce((sum, piece) => sum + piece.length, 0)
    central.push(header(CENTRAL_HEADER, entry, compressed, 46))
    const local = header(LOCAL_HEADER, entry, compressed, 30)
    parts.push(local, ...entry.pieces)
    offset += local.length + compressed
  }
  const directorySize = central.reduce((sum, c) => sum + c.length, 0)
  const end = new Uint8Array(22)
  const view = new DataView(end.buffer)
  view.setUint32(0, EOCD, true)
  view.setUint16(8, entries.length, true)
  view.setUint16(10, entries.length, true)
  view.setUint32(12, directorySize, true)
  view.setUint32(16, offset, true)
  const all = [...parts, ...central, end]
  const out = new Uint8Array(all.reduce((sum, part) => sum + part.length, 0))
  let at = 0
  for (const part of all) {
    out.set(part, at)
    at += part.length
  }
  return out
}

/**
 * A zip with the given small text entries and, last, `bombName` holding `size` zero bytes (a whole number of
 * MB). One MB of zeros is deflated once by fflate's streaming Deflate, flushed to a byte boundary without
 * ending the stream, and that piece repeated: 300 MB of zeros is then about 300 KB, built in milliseconds.
 */
export function zeroBombZip(bombName: string, size: number, others: Record<string, string> = {}): Uint8Array {
  const entries: RawEntry[] = Object.entries(others).map(([name, text]) => {
    const bytes = strToU8(text)
    return { name, crc: crc32(bytes), size: bytes.length, pieces: [deflateSync(bytes)] }
  })
  const zeros = new Uint8Array(MB)
  const flushed: Uint8Array[] = []
  const deflate = new Deflate({ level: 9 }, (chunk) => flushed.push(chunk))
  deflate.push(zeros)
  deflate.flush(true)
  const piece = new Uint8Array(flushed.reduce((sum, c) => sum + c.length, 0))
  flushed.reduce((at, chunk) => (piece.set(chunk, at), at + chunk.length), 0)
  let crc = 0
  const pieces: Uint8Array[] = []
  for (let i = 0; i < size / MB; i++) {
    crc = crc32(zeros, crc)
    pieces.push(piece)
  }
  pieces.push(new Uint8Array([0x03, 0x00])) // an empty final block ends the stream
  entries.push({ name: bombName, crc, size, pieces })
  return writeZip(entries)
}

/** The offset of `name`'s central directory header. */
function centralHeader(zip: Uint8Array, name: string): number {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength)
  for (let at = zip.length - 46; at >= 0; at--) {
    if (view.getUint32(at, true) !== CENTRAL_HEADER) continue
    const nameLength = view.getUint16(at + 28, true)
    if (new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength)) === name) return at
  }
  throw new Error(`no central header for ${name}`)
}

/** A copy of the zip whose directory declares `size` bytes for `name` (what a lying bomb does). */
export function declareSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const copy = zip.slice()
  new DataView(copy.buffer).setUint32(centralHeader(copy, name) + 24, size, true)
  return copy
}

/** A copy of the zip with `name` flagged as encrypted in its directory. */
export function flagEncrypted(zip: Uint8Array, name: string): Uint8Array {
  const copy = zip.slice()
  const view = new DataView(copy.buffer)
  const at = centralHeader(copy, name) + 8
  view.setUint16(at, view.getUint16(at, true) | 1, true)
  return copy
}
