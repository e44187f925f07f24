/**
 * Text folded for matching highlights across versions: the changes an editor or a re-import makes without
 * changing the words (white space reflowed, quotes made curly or straight, dashes retyped) disappear, and
 * every character of the folded text remembers where it came from so a match maps back to real offsets.
 */
export interface NormalisedText {
  /**
   * The text with every run of white space as one space, curly and low quotes, primes and guillemets as
   * straight quotes, dashes and the minus sign as `-`, `…` as `...`, and zero-width characters and soft
   * hyphens dropped.
   */
  text: string
  /** `offsets[i]`: where folded character `i` is in the original; `offsets[text.length]`: its length. */
  offsets: Int32Array
}

const SPACE = 0x20
const APOSTROPHE = 0x27
const QUOTATION_MARK = 0x22
const HYPHEN_MINUS = 0x2d
const ELLIPSIS = 0x2026

function isSpace(code: number): boolean {
  return (
    code === SPACE ||
    (code >= 0x09 && code <= 0x0d) ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  )
}

function isInvisible(code: number): boolean {
  return (
    code === 0x200b ||
    code === 0x200c ||
    code === 0x200d ||
    code === 0x2060 ||
    code === 0xfeff ||
    code === 0xad
  )
}

/** The folded form of one visible character (ellipsis aside). */
function fold(code: number): number {
  switch (code) {
    case 0x2018: // ‘
    case 0x2019: // ’
    case 0x201a: // ‚
    case 0x201b: // ‛
    case 0x2032: // ′
    case 0x02bc: // ʼ
      return APOSTROPHE
    case 0x201c: // “
    case 0x201d: // ”
    case 0x201e: // „
    case 0x201f: // ‟
    case 0x2033: // ″
    case 0xab: // «
    case 0xbb: // »
      return QUOTATION_MARK
    case 0x2010: // hyphen
    case 0x2011: // non-breaking hyphen
    case 0x2012: // figure dash
    case 0x2013: // –
    case 0x2014: // —
    case 0x2015: // ―
    case 0x2212: // −
      return HYPHEN_MINUS
    default:
      return code
  }
}

/**
 * Folds `original` for matching; see {@link NormalisedText}. Linear in the length of the text; the folded
 * text is assembled from slices of the original between the characters that change, usually few.
 */
export function normaliseForMatching(original: string): NormalisedText {
  const length = original.length
  let ellipses = 0
  for (let at = original.indexOf('…'); at !== -1; at = original.indexOf('…', at + 1)) ellipses++
  const offsets = new Int32Array(length + 2 * ellipses + 1)
  const pieces: string[] = []
  // Original characters from `copyFrom` up to the current one are kept as they are.
  let copyFrom = 0
  let size = 0
  let inSpace = false
  const replace = (at: number, replacement: string) => {
    if (at > copyFrom) pieces.push(original.slice(copyFrom, at))
    if (replacement) pieces.push(replacement)
    copyFrom = at + 1
  }
  for (let i = 0; i < length; i++) {
    const code = original.charCodeAt(i)
    if (isInvisible(code)) {
      replace(i, '')
      continue
    }
    if (isSpace(code)) {
      if (inSpace) replace(i, '')
      else {
        if (code !== SPACE) replace(i, ' ')
        offsets[size++] = i
        inSpace = true
      }
      continue
    }
    inSpace = false
    if (code === ELLIPSIS) {
      replace(i, '...')
      for (let dot = 0; dot < 3; dot++) offsets[size++] = i
      continue
    }
    const folded = fold(code)
    if (folded !== code) replace(i, String.fromCharCode(folded))
    offsets[size++] = i
  }
  if (copyFrom < length) pieces.push(original.slice(copyFrom))
  offsets[size] = length
  return { text: pieces.join(''), offsets: offsets.slice(0, size + 1) }
}

/** The first folded offset whose character comes from `originalOffset` or later. */
export function toNormalisedOffset(normalised: NormalisedText, originalOffset: number): number {
  const { offsets } = normalised
  let low = 0
  let high = offsets.length - 1
  while (low < high) {
    const middle = (low + high) >>> 1
    if ((offsets[middle] ?? 0) < originalOffset) low = middle + 1
    else high = middle
  }
  return low
}

/** The original range `[start, end)` that the folded range `[start, end)` (non-empty) came from. */
export function toOriginalRange(
  normalised: NormalisedText,
  start: number,
  end: number,
): { start: number; end: number } {
  const { offsets } = normalised
  return { start: offsets[start] ?? 0, end: (offsets[end - 1] ?? 0) + 1 }
}
