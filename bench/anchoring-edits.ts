/**
 * Versions of a text made by construction for `npm run bench:anchoring`, with the ground truth of where
 * each old range went: a new version is a list of parts, each a stretch copied from the old text or new
 * text, so an old range that lies in copied stretches maps to its new offsets without running any matcher.
 */

export interface Range {
  start: number
  end: number
}

/**
 * A part of a new version: a stretch `[from, to)` of the old text, a string of new text, or new text that
 * replaces the old stretch `replaces` in place (a typo fixed, a quote mark retyped).
 */
export type Part = { from: number; to: number } | string | { text: string; replaces: Range }

interface Copy {
  oldStart: number
  newStart: number
  length: number
}

interface Replacement {
  old: Range
  new: Range
}

export interface Version {
  text: string
  copies: Copy[]
  replacements: Replacement[]
}

export interface Splice {
  at: number
  remove: number
  insert: string
  /** The inserted text replaces the removed text in place (a typo fixed), not cut and other text added. */
  inPlace?: boolean
}

export function buildVersion(old: string, parts: Part[]): Version {
  const pieces: string[] = []
  const copies: Copy[] = []
  const replacements: Replacement[] = []
  let length = 0
  for (const part of parts) {
    if (typeof part === 'string') {
      pieces.push(part)
      length += part.length
    } else if ('replaces' in part) {
      pieces.push(part.text)
      replacements.push({ old: part.replaces, new: { start: length, end: length + part.text.length } })
      length += part.text.length
    } else if (part.to > part.from) {
      pieces.push(old.slice(part.from, part.to))
      copies.push({ oldStart: part.from, newStart: length, length: part.to - part.from })
      length += part.to - part.from
    }
  }
  return { text: pieces.join(''), copies, replacements }
}

/** A version made of non-overlapping splices of the old text. */
export function spliceVersion(old: string, splices: Splice[]): Version {
  const parts: Part[] = []
  let at = 0
  for (const splice of [...splices].sort((a, b) => a.at - b.at)) {
    if (splice.at < at) throw new Error(`overlapping splices at ${splice.at}`)
    const replaces = { start: splice.at, end: splice.at + splice.remove }
    parts.push(
      { from: at, to: splice.at },
      splice.inPlace ? { text: splice.insert, replaces } : splice.insert,
    )
    at = splice.at + splice.remove
  }
  parts.push({ from: at, to: old.length })
  return buildVersion(old, parts)
}

function copyIndexOf(version: Version, offset: number): number {
  return version.copies.findIndex((copy) => offset >= copy.oldStart && offset < copy.oldStart + copy.length)
}

/** The new offset of an old range's start: in a copied stretch, or where a replacement starting there begins. */
function mapStart(version: Version, start: number): number | null {
  const copy = version.copies[copyIndexOf(version, start)]
  if (copy) return copy.newStart + start - copy.oldStart
  return version.replacements.find((r) => r.old.start === start)?.new.start ?? null
}

function mapEnd(version: Version, end: number): number | null {
  const copy = version.copies[copyIndexOf(version, end - 1)]
  if (copy) return copy.newStart + end - copy.oldStart
  return version.replacements.find((r) => r.old.end === end)?.new.end ?? null
}

/**
 * Where the old range is in the new version, or null if its text did not survive in order: both ends must
 * lie in copied stretches or at the edges of in-place replacements, and everything between them must have
 * been kept or replaced in place (a typo fixed, spaces changed inside the quote), not cut or moved away.
 */
export function mapRange(version: Version, range: Range): Range | null {
  const start = mapStart(version, range.start)
  const end = mapEnd(version, range.end)
  if (start === null || end === null || end <= start) return null
  // Every old character of the range must be copied or replaced, in order, into [start, end).
  let covered = 0
  for (const copy of version.copies) {
    const from = Math.max(copy.oldStart, range.start)
    const to = Math.min(copy.oldStart + copy.length, range.end)
    if (to <= from) continue
    const at = copy.newStart + from - copy.oldStart
    if (at < start || at + (to - from) > end) return null
    covered += to - from
  }
  for (const replacement of version.replacements) {
    const from = Math.max(replacement.old.start, range.start)
    const to = Math.min(replacement.old.end, range.end)
    if (to <= from) continue
    if (replacement.old.start < range.start || replacement.old.end > range.end) return null
    if (replacement.new.start < start || replacement.new.end > end) return null
    covered += to - from
  }
  return covered === range.end - range.start ? { start, end } : null
}

/** mulberry32, a small seeded generator: the same seed gives the same benchmark. */
export function seededRandom(seed: number): { next: () => number; int: (below: number) => number } {
  let state = seed
  const next = () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return { next, int: (below: number) => Math.floor(next() * below) }
}

export type Random = ReturnType<typeof seededRandom>

export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[random.int(items.length)]
  if (item === undefined) throw new Error('pick from an empty list')
  return item
}

/** The paragraphs, sentences and words of a text, as ranges. */
export interface Structure {
  paragraphs: Range[]
  sentences: Array<Range & { paragraph: number }>
  words: Array<Range & { sentence: number }>
}

const SENTENCE_END = /[.!?]+[”"’')]*(?=\s|$)/g

export function structureOf(text: string): Structure {
  const paragraphs: Range[] = []
  const sentences: Structure['sentences'] = []
  const words: Structure['words'] = []
  for (const line of text.matchAll(/[^\n]+/g)) {
    const paragraph = paragraphs.length
    paragraphs.push({ start: line.index, end: line.index + line[0].length })
    let start = line.index
    const ends = [...line[0].matchAll(SENTENCE_END)].map((m) => line.index + m.index + m[0].length)
    if (ends.at(-1) !== line.index + line[0].length) ends.push(line.index + line[0].length)
    for (const lineEnd of ends) {
      let end = lineEnd
      while (start < end && /\s/.test(text[start] ?? '')) start++
      while (end > start && /\s/.test(text[end - 1] ?? '')) end--
      if (end > start) {
        const sentence = sentences.length
        sentences.push({ start, end, paragraph })
        for (const word of text.slice(start, end).matchAll(/\S+/g)) {
          words.push({ start: start + word.index, end: start + word.index + word[0].length, sentence })
        }
      }
      start = lineEnd
    }
  }
  return { paragraphs, sentences, words }
}

export function overlaps(a: Range, b: Range): boolean {
  return a.start < b.end && b.start < a.end
}

const EDGE_PUNCTUATION = /^[\s“”"‘’'(),.;:!?]+|[\s“”"‘’'(),.;:!?]+$/g

/** A range of words trimmed of the punctuation at its edges, as a reader selects; null if nothing is left. */
export function trimPunctuation(text: string, range: Range): Range | null {
  const slice = text.slice(range.start, range.end)
  const leading = /^[\s“”"‘’'(),.;:!?]*/.exec(slice)?.[0].length ?? 0
  const trimmed = slice.replace(EDGE_PUNCTUATION, '')
  if (!/[\p{L}\p{N}]/u.test(trimmed)) return null
  return { start: range.start + leading, end: range.start + leading + trimmed.length }
}

/** A typing slip in a word of four letters or more: two letters swapped, one dropped, doubled or mistyped. */
export function typo(word: string, random: Random): string {
  for (;;) {
    const at = 1 + random.int(word.length - 2)
    const letter = String.fromCharCode(97 + random.int(26))
    const kind = random.int(4)
    const result =
      kind === 0
        ? word.slice(0, at) + (word[at + 1] ?? '') + (word[at] ?? '') + word.slice(at + 2)
        : kind === 1
          ? word.slice(0, at) + word.slice(at + 1)
          : kind === 2
            ? word.slice(0, at + 1) + word.slice(at)
            : word.slice(0, at) + letter + word.slice(at + 1)
    if (result !== word) return result
  }
}
