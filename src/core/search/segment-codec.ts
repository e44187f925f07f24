import { crc32 } from 'node:zlib'
import { FIELD_COUNT, Segment, type FieldPostings } from './segment'
import { DEFAULT_ANALYSIS } from './stemming'

/**
 * A segment as bytes, for the archive. The typed arrays are written as they are in memory, so loading a
 * segment is a checksum and a few views on the bytes — no parsing, which is what made loading lunr's JSON
 * slow. A checksum over the whole body means a damaged segment is refused (and rebuilt from the stored
 * texts) rather than answering wrongly.
 *
 * Layout (little-endian 32-bit words, every section 4-byte aligned):
 *   magic "CBSG", layout version, crc32 of the body, document count, term count, byte length of the
 *   terms, byte length of the analysis names, then for each field its posting and position counts;
 *   body: the terms (UTF-8, one per line), the analysis names (UTF-8, one per line, the default first),
 *   each document's analysis (its number among the names), field lengths, document frequencies, and for
 *   each field termStart, docs, posStart, positions, forms.
 */

const MAGIC = 0x47534243 // "CBSG" read as a little-endian word
const LAYOUT = 3
const FIXED_WORDS = 7

/** The distinct analyses of a segment's documents, the default first, and each document's number among them. */
function analysisTable(segment: Segment): { names: string[]; codes: Uint32Array } {
  const names = [DEFAULT_ANALYSIS]
  const codes = new Uint32Array(segment.docCount)
  segment.analyses.forEach((analysis, doc) => {
    let code = names.indexOf(analysis)
    if (code < 0) code = names.push(analysis) - 1
    codes[doc] = code
  })
  return { names, codes }
}

export class SegmentFormatError extends Error {}

function padded(bytes: number): number {
  return Math.ceil(bytes / 4) * 4
}

export function encodeSegment(segment: Segment): Buffer {
  const terms = Buffer.from(segment.terms.join('\n'), 'utf8')
  const { names, codes } = analysisTable(segment)
  const analyses = Buffer.from(names.join('\n'), 'utf8')
  const arrays: Uint32Array[] = [codes, segment.fieldLengths, segment.documentFrequency]
  for (const field of segment.fields) {
    arrays.push(field.termStart, field.docs, field.posStart, field.positions, field.forms)
  }
  const headerWords = FIXED_WORDS + 2 * FIELD_COUNT
  const bodyBytes =
    padded(terms.length) + padded(analyses.length) + arrays.reduce((n, a) => n + a.byteLength, 0)
  const out = Buffer.alloc(headerWords * 4 + bodyBytes)
  let at = headerWords * 4
  terms.copy(out, at)
  at += padded(terms.length)
  analyses.copy(out, at)
  at += padded(analyses.length)
  for (const array of arrays) {
    out.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), at)
    at += array.byteLength
  }
  const header = [MAGIC, LAYOUT, 0, segment.docCount, segment.terms.length, terms.length, analyses.length]
  for (const field of segment.fields) header.push(field.docs.length, field.positions.length)
  header[2] = crc32(out.subarray(headerWords * 4))
  header.forEach((word, i) => out.writeUInt32LE(word >>> 0, i * 4))
  return out
}

export function decodeSegment(stored: Uint8Array): Segment {
  // Typed-array views need 4-byte alignment; a copy is cheap next to parsing.
  const bytes = stored.byteOffset % 4 === 0 ? stored : new Uint8Array(stored)
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const headerWords = FIXED_WORDS + 2 * FIELD_COUNT
  if (buffer.length < headerWords * 4) throw new SegmentFormatError('segment is truncated')
  const word = (i: number) => buffer.readUInt32LE(i * 4)
  if (word(0) !== MAGIC) throw new SegmentFormatError('not a search segment')
  if (word(1) !== LAYOUT) throw new SegmentFormatError(`segment layout ${word(1)} is not ${LAYOUT}`)
  const [docCount, termCount, termBytes, analysisBytes] = [word(3), word(4), word(5), word(6)]
  const counts = Array.from({ length: FIELD_COUNT }, (_, f) => ({
    postings: word(FIXED_WORDS + 2 * f),
    positions: word(FIXED_WORDS + 2 * f + 1),
  }))
  const expected =
    headerWords * 4 +
    padded(termBytes) +
    padded(analysisBytes) +
    4 * (docCount + docCount * FIELD_COUNT + termCount) +
    counts.reduce((n, c) => n + 4 * (termCount + 1 + c.postings + c.postings + 1 + 2 * c.positions), 0)
  if (buffer.length !== expected) throw new SegmentFormatError('segment has the wrong length')
  if (crc32(buffer.subarray(headerWords * 4)) !== word(2))
    throw new SegmentFormatError('segment checksum does not match')
  let at = headerWords * 4
  const text = buffer.toString('utf8', at, at + termBytes)
  const terms = termCount === 0 ? [] : text.split('\n')
  if (terms.length !== termCount) throw new SegmentFormatError('segment terms do not match their count')
  at += padded(termBytes)
  const names = buffer.toString('utf8', at, at + analysisBytes).split('\n')
  at += padded(analysisBytes)
  const take = (length: number) => {
    const view = new Uint32Array(buffer.buffer, buffer.byteOffset + at, length)
    at += length * 4
    return view
  }
  const analyses = Array.from(take(docCount), (code) => {
    const name = names[code]
    if (name === undefined) throw new SegmentFormatError('segment has a document of no known analysis')
    return name
  })
  const fieldLengths = take(docCount * FIELD_COUNT)
  const documentFrequency = take(termCount)
  const fields: FieldPostings[] = counts.map((c) => ({
    termStart: take(termCount + 1),
    docs: take(c.postings),
    posStart: take(c.postings + 1),
    positions: take(c.positions),
    forms: take(c.positions),
  }))
  return new Segment(terms, fields, fieldLengths, documentFrequency, analyses)
}
