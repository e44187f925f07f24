/**
 * The little of MIME (RFC 2045–2047, 2387) that MHTML needs and postal-mime does not expose: a header
 * block, a header's parameters, a multipart body's parts and their transfer encodings. postal-mime parses
 * e-mail; a saved page needs the tree itself (which part is the root, where each part says it came from),
 * which postal-mime keeps internal and flattens (every text/html part of a page's frames joined into one).
 *
 * Everything works on a "binary string": the file's bytes decoded as latin1, one character a byte, so
 * offsets are byte offsets and a part's bytes come back unchanged with Buffer.from(part, 'latin1').
 */

export interface HeaderBlock {
  /** Field names lower-cased, values unfolded and trimmed; the first occurrence of a name wins. */
  fields: Map<string, string>
  /** Whether the block's first line is a header field (a file that is not MIME at all starts otherwise). */
  startsWithField: boolean
  /** Offset of the body: after the blank line that ends the headers, or `end`. */
  bodyStart: number
}

/** A field name is printable US-ASCII without the colon (RFC 5322 §2.2). */
const FIELD = /^([\x21-\x39\x3b-\x7e]+)[ \t]*:(.*)$/

/**
 * Reads the header block from `start`, no further than `end` (a part's headers never run into the next part),
 * leniently: a line that is no field is passed over.
 */
export function readHeaderBlock(raw: string, start = 0, end = raw.length): HeaderBlock {
  const fields = new Map<string, string>()
  let startsWithField = false
  let current: { name: string; value: string } | null = null
  const keep = () => {
    if (current && !fields.has(current.name)) fields.set(current.name, current.value.trim())
  }
  let position = start
  let first = true
  while (position < end) {
    const newline = raw.indexOf('\n', position)
    const lineEnd = newline === -1 || newline > end ? end : newline
    const line = raw.slice(position, raw[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd)
    position = lineEnd === end ? end : lineEnd + 1
    if (line === '') break
    if ((line.startsWith(' ') || line.startsWith('\t')) && current) {
      current.value += line
      continue
    }
    keep()
    const field = FIELD.exec(line)
    current = field ? { name: (field[1] ?? '').toLowerCase(), value: field[2] ?? '' } : null
    if (first) startsWithField = field !== null
    first = false
  }
  keep()
  return { fields, startsWithField, bodyStart: position }
}

export interface HeaderValue {
  /** The value before the first `;`, lower-cased (a media type, a disposition). */
  value: string
  /** Parameters by lower-cased name, quoted strings unquoted; the first occurrence of a name wins. */
  params: Map<string, string>
}

/**
 * Splits `multipart/related; type="text/html"; boundary="----X"` into its value and parameters. Quoted
 * strings may hold `;` and backslash escapes. RFC 2231 continuations and comments are not read: the
 * parameters MHTML needs (boundary, type, start, charset) never use them in what browsers write.
 */
export function parseHeaderValue(header: string): HeaderValue {
  const segments: string[] = []
  let segment = ''
  let quoted = false
  for (let i = 0; i < header.length; i++) {
    const char = header.charAt(i)
    if (quoted && char === '\\' && i + 1 < header.length) {
      segment += char + header.charAt(++i)
      continue
    }
    if (char === '"') quoted = !quoted
    if (char === ';' && !quoted) {
      segments.push(segment)
      segment = ''
    } else segment += char
  }
  segments.push(segment)
  const params = new Map<string, string>()
  for (const part of segments.slice(1)) {
    const equals = part.indexOf('=')
    if (equals === -1) continue
    const name = part.slice(0, equals).trim().toLowerCase()
    let value = part.slice(equals + 1).trim()
    if (value.startsWith('"'))
      value = value.slice(1, value.endsWith('"') ? -1 : undefined).replace(/\\(.)/g, '$1')
    if (name && !params.has(name)) params.set(name, value)
  }
  return { value: (segments[0] ?? '').trim().toLowerCase(), params }
}

export interface MultipartBody {
  /** Each part, headers and body, as [start, end) offsets into the input. */
  parts: Array<{ start: number; end: number }>
  /** Whether the closing delimiter (`--boundary--`) was found; a truncated file lacks it. */
  closed: boolean
}

/**
 * The parts of a multipart body that starts at `start`. A delimiter counts only at the start of a line and
 * followed by nothing but `--` and white space, so a boundary that begins another boundary is not taken
 * for it. The line break before a delimiter belongs to the delimiter, not to the part (RFC 2046 §5.1.1).
 */
export function splitMultipart(raw: string, start: number, boundary: string): MultipartBody {
  const delimiter = `--${boundary}`
  const parts: Array<{ start: number; end: number }> = []
  let partStart = -1
  for (let at = raw.indexOf(delimiter, start); at !== -1; at = raw.indexOf(delimiter, at + 1)) {
    if (at !== start && raw[at - 1] !== '\n') continue
    let after = at + delimiter.length
    const closing = raw.startsWith('--', after)
    if (closing) after += 2
    while (raw[after] === ' ' || raw[after] === '\t') after++
    if (after < raw.length && raw[after] !== '\r' && raw[after] !== '\n') continue
    if (partStart !== -1) {
      let end = at
      if (raw[end - 1] === '\n') end--
      if (raw[end - 1] === '\r') end--
      parts.push({ start: partStart, end: Math.max(partStart, end) })
    }
    if (closing) return { parts, closed: true }
    const newline = raw.indexOf('\n', after)
    partStart = newline === -1 ? raw.length : newline + 1
  }
  if (partStart !== -1 && partStart < raw.length) parts.push({ start: partStart, end: raw.length })
  return { parts, closed: false }
}

/**
 * Quoted-printable (RFC 2045 §6.7): white space at a line's end dropped (transports add it), soft line
 * breaks (`=` at the end) joined, `=XX` decoded, a stray `=` kept as it is. Line by line, with no regular
 * expression that could backtrack over a long run of spaces.
 */
function decodeQuotedPrintable(body: string): string {
  const out: string[] = []
  const lines = body.split('\n')
  lines.forEach((line, index) => {
    let end = line.length
    const carriageReturn = line.charCodeAt(end - 1) === 13
    if (carriageReturn) end--
    while (end > 0 && (line.charCodeAt(end - 1) === 32 || line.charCodeAt(end - 1) === 9)) end--
    const soft = line.charCodeAt(end - 1) === 61 // '='
    out.push(
      line
        .slice(0, soft ? end - 1 : end)
        .replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    )
    if (!soft && index < lines.length - 1) out.push(carriageReturn ? '\r\n' : '\n')
  })
  return out.join('')
}

/** A part body's bytes, its Content-Transfer-Encoding undone (7bit, 8bit and binary are as they are). */
export function decodeTransferEncoding(body: string, encoding: string | undefined): Uint8Array {
  const name = (encoding ?? '').trim().toLowerCase()
  if (name === 'base64') return Buffer.from(body, 'base64')
  if (name === 'quoted-printable') return Buffer.from(decodeQuotedPrintable(body), 'latin1')
  return Buffer.from(body, 'latin1')
}

/** A file's bytes as a binary string (see the top of this file), without copying them first. */
export function binaryString(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
}
