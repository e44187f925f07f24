import { TextDecoder } from 'node:util'
import { analyse } from 'chardet'
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

/** Text decoded from a file's bytes, and the encoding that was guessed for it when it declared none. */
export interface DecodedText {
  text: string
  /** The encoding chardet recognised (e.g. 'windows-1251'), or null when the file was UTF-8 or declared its encoding. */
  detectedEncoding: string | null
}

/**
 * Decodes a file's bytes as text: UTF-8 (or UTF-16 with a byte-order mark), or for a web page the encoding
 * it declares (windows-1251 is common on Russian and Kazakh sites). Bytes that are not UTF-8 and declare
 * nothing (an old windows-1251 or KOI8-R page, an ISO-8859-1 text) are decoded in the encoding chardet
 * recognises, when it is confident. Binary content and undecodable bytes are refused with a reason the user
 * can act on (the caller adds the file name).
 */
export function decodeText(bytes: Uint8Array, options: { html: boolean }): string {
  return decodeTextDetected(bytes, options).text
}

/** decodeText, telling also which encoding was detected (for a file that declared none and is not UTF-8). */
export function decodeTextDetected(bytes: Uint8Array, options: { html: boolean }): DecodedText {
  if (bytes.length === 0) throw new CasebookError('bad_file', 'the file is empty')
  const decoded = decodeBytes(bytes, options)
  // Control characters (other than tab, line feed, form feed, carriage return) do not occur in text.
  // eslint-disable-next-line no-control-regex -- finding them is the point
  if (/[\u0000-\u0008\u000b\u000e-\u001f]/.test(decoded.text.slice(0, 8192))) {
    throw new CasebookError('bad_file', 'it looks like a binary file, not text')
  }
  return decoded
}

function decodeBytes(bytes: Uint8Array, options: { html: boolean }): DecodedText {
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(bytes), detectedEncoding: null }
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder('utf-16be').decode(bytes), detectedEncoding: null }
  if (bytes.subarray(0, 8192).includes(0))
    throw new CasebookError('bad_file', 'it looks like a binary file, not text')
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), detectedEncoding: null }
  } catch {
    const charset = options.html ? declaredCharset(bytes) : null
    if (charset === 'utf-8' || charset === 'utf8')
      throw new CasebookError('bad_file', 'it is not valid UTF-8 text, as the page declares')
    const decoder = charset ? decoderFor(charset) : null
    if (decoder) {
      try {
        return { text: decode(decoder, bytes), detectedEncoding: null }
      } catch {
        throw new CasebookError('bad_file', `it is not valid ${charset} text, as the page declares`)
      }
    }
    // No usable declaration (none, or a name no decoder knows): the encoding is guessed from the bytes.
    return decodeDetected(bytes, options)
  }
}

/** How much of the file the detector reads: enough text for its statistics, bounded for large files. */
const DETECTION_SAMPLE = 64 * 1024
/**
 * The least chardet confidence (0–100) at which its guess is used. For single-byte encodings it is three
 * times the share of the sample's letter trigrams among the language's most common ones (98 above a
 * third): a paragraph of Russian in windows-1251 or KOI8-R scores about 60, a paragraph of French or
 * German in ISO-8859-1 80 to 98, random bytes under 10 (but for a handful of bytes). Technical English
 * with a few accented names (Debian's libxslt pages) scores only about 45: see MIN_CLEAR_CONFIDENCE.
 */
const MIN_CONFIDENCE = 50
/**
 * A guess this confident is still used when it is the clear winner (three times the next guess): a single
 * line of Russian ("Выборы в Алматы прошли спокойно.") scores 24 to 45, its runner-up 10.
 */
const MIN_CLEAR_CONFIDENCE = 20
/** The least textShare of a decoding that is used. */
const MIN_TEXT_SHARE = 0.9
/** Multi-byte (CJK) guesses need more: random high bytes score up to about 50 as Shift_JIS or GB18030. */
const MIN_MULTIBYTE_CONFIDENCE = 80
const MULTIBYTE = new Set(['Shift_JIS', 'Big5', 'EUC-JP', 'EUC-KR', 'GB18030'])
/** Detector answers that cannot be the encoding of bytes that failed as UTF-8 and carry no BOM. */
const NOT_CANDIDATES = new Set(['ASCII', 'UTF-8', 'UTF-16LE', 'UTF-16BE', 'UTF-32', 'UTF-32LE', 'UTF-32BE'])
/** C1 controls: a correct decoding of text has none; a wrong one (or binary data) does. */
const C1_CONTROLS = /[\u0080-\u009f]/

/**
 * The detector's sample, 64 KB from the first non-ASCII byte's neighbourhood (an English page may have
 * its one accented name far down). For a page, tags, comments, scripts and styles are dropped: ASCII
 * markup dilutes the letter statistics the detector relies on (ICU's detector filters it likewise).
 */
function detectionSample(bytes: Uint8Array, html: boolean): Uint8Array {
  const firstHigh = bytes.findIndex((b) => b >= 0x80)
  const from = Math.max(0, Math.min(firstHigh - 1024, bytes.length - DETECTION_SAMPLE))
  const window = bytes.subarray(from, from + DETECTION_SAMPLE)
  if (!html) return window
  const text = Buffer.from(window)
    .toString('latin1')
    .replace(/<(script|style)\b[\s\S]*?(<\/\1\s*>|$)/gi, ' ')
    .replace(/<!--[\s\S]*?(-->|$)/g, ' ')
    .replace(/<[^>]*>?/g, ' ')
    .replace(/&#?\w+;/g, ' ')
  const stripped = Buffer.from(text, 'latin1')
  // When every non-ASCII byte is in the markup (an attribute, a URL), the markup is the only evidence.
  return stripped.some((b) => b >= 0x80) ? stripped : window
}

/**
 * The share of a text's non-ASCII characters that are letters, punctuation, digits or spaces (or € and №);
 * 1 when it has none. Text in its right encoding scores near 1; random bytes in KOI8-R about 0.55 (half
 * box-drawing symbols), in windows-1252 about 0.75.
 */
function textShare(text: string): number {
  const nonAscii = text.slice(0, DETECTION_SAMPLE).match(/[^\p{ASCII}]/gu) ?? []
  if (nonAscii.length === 0) return 1
  return nonAscii.filter((ch) => /[\p{L}\p{M}\p{P}\p{N}\p{Zs}€№]/u.test(ch)).length / nonAscii.length
}

function decodeDetected(bytes: Uint8Array, options: { html: boolean }): DecodedText {
  const matches = analyse(detectionSample(bytes, options.html)).filter(
    (match) => !NOT_CANDIDATES.has(match.name) && decoderFor(match.name) !== null,
  )
  let likeliest: string | null = null
  for (const [i, match] of matches.entries()) {
    const runnerUp = matches[i + 1]?.confidence ?? 0
    const confident = MULTIBYTE.has(match.name)
      ? match.confidence >= MIN_MULTIBYTE_CONFIDENCE
      : match.confidence >= MIN_CONFIDENCE ||
        (match.confidence >= MIN_CLEAR_CONFIDENCE && match.confidence >= 3 * runnerUp)
    if (!confident) break
    likeliest ??= match.name
    const decoder = decoderFor(match.name)
    const text = decoder ? decodeOrNull(decoder, bytes) : null
    if (text === null || C1_CONTROLS.test(text) || textShare(text) < MIN_TEXT_SHARE) continue
    return { text, detectedEncoding: decoder?.encoding ?? match.name.toLowerCase() }
  }
  throw new CasebookError(
    'bad_file',
    likeliest
      ? `it is not valid UTF-8 text, declares no encoding, and is not text in ${likeliest} either (the likeliest guess)`
      : 'it is not valid UTF-8 text, declares no encoding, and its encoding could not be recognised with confidence',
  )
}

function decodeOrNull(decoder: TextDecoder, bytes: Uint8Array): string | null {
  try {
    return decode(decoder, bytes)
  } catch {
    return null
  }
}

/**
 * windows-1252 bytes 0x80–0x9F (curly quotes, dashes, €, Œ…), which Node 20.18.3+ decodes as ISO-8859-1
 * C1 controls (nodejs/node#60888); the five bytes the encoding leaves undefined stay controls.
 */
const WINDOWS_1252_C1 = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ'

/** TextDecoder.decode, with windows-1252 (and ISO-8859-1, its WHATWG alias) decoded as the standard says. */
function decode(decoder: TextDecoder, bytes: Uint8Array): string {
  const text = decoder.decode(bytes)
  return decoder.encoding === 'windows-1252' ? repairWindows1252(text) : text
}

/**
 * Puts back the windows-1252 characters that a decoder turned into C1 controls (see WINDOWS_1252_C1). For
 * text decoded by a library (postal-mime) whose charset is not known here: C1 controls are invisible and
 * never meant in a message or a page, while curly quotes and dashes are everywhere in old Western mail.
 */
export function repairWindows1252(text: string): string {
  return text.replace(/[\u0080-\u009f]/g, (ch) => WINDOWS_1252_C1[ch.charCodeAt(0) - 0x80] ?? ch)
}

/** Bytes in the charset a MIME part declares (never fatal), or null when Node knows no such charset. */
export function decodeDeclared(bytes: Uint8Array, label: string): string | null {
  let decoder: TextDecoder
  try {
    decoder = new TextDecoder(label)
  } catch {
    return null
  }
  return decode(decoder, bytes)
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
