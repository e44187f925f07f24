import { EVIDENCE, type Mention } from './entity-suggestion'

const OPENERS = new Set(['“', '«', '„', '"', '‘', "'", '(', '[', '—', '–', '-'])
const SENTENCE_ENDS = new Set(['.', '!', '?', '…', '\n', ':', ';'])

/**
 * Whether the word at `start` opens a sentence, a line or a quotation — a place where any word is capitalised,
 * so a capital letter there says nothing about a name.
 */
export function isSentenceInitial(text: string, start: number): boolean {
  let i = start - 1
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t' || text[i] === '\u00a0')) i--
  if (i < 0) return true
  const char = text[i] ?? ''
  if (SENTENCE_ENDS.has(char)) return true
  if (OPENERS.has(char) && (i === 0 || /[\s([“«„"‘'—–-]/u.test(text[i - 1] ?? ''))) return true
  return false
}

const WORD_BEFORE = /([\p{L}\p{M}][\p{L}\p{M}\p{Nd}'’-]*)[ \t\u00a0]+$/u
const WORD_AFTER = /^[ \t\u00a0]+([\p{L}\p{M}][\p{L}\p{M}\p{Nd}'’-]*)/u

/** The word just before `start`, lower-cased, if only spaces lie between (no punctuation, no line break). */
export function wordBefore(text: string, start: number): string | null {
  const match = WORD_BEFORE.exec(text.slice(Math.max(0, start - 40), start))
  return match?.[1] ? match[1].toLowerCase() : null
}

/** The word just after `end`, lower-cased, if only spaces lie between. */
export function wordAfter(text: string, end: number): string | null {
  const match = WORD_AFTER.exec(text.slice(end, end + 40))
  return match?.[1] ? match[1].toLowerCase() : null
}

/** A grouping key for a name: its letters and digits, lower-cased, words joined by one space. */
export function nameKey(name: string): string {
  return (name.toLowerCase().match(/[\p{L}\p{M}\p{Nd}]+/gu) ?? []).join(' ')
}

interface Quotation {
  /** The quoted words, without the quotation marks or the punctuation that ends them. */
  start: number
  end: number
  /** Offsets of the opening and closing marks. */
  open: number
  close: number
}

const QUOTATION = /([“«„"])([^“”«»„"\n]{2,80}?)([”»“"])/gu
const CLOSING = new Map([
  ['“', '”'],
  ['«', '»'],
  ['„', '“'],
  ['"', '"'],
])

function quotations(text: string): Quotation[] {
  const found: Quotation[] = []
  for (const match of text.matchAll(QUOTATION)) {
    const [whole, open = '', inner = '', close = ''] = match
    if (CLOSING.get(open) !== close && !(open === '„' && close === '”')) continue
    const at = match.index
    let start = at + open.length
    let end = at + whole.length - close.length
    while (start < end && /\s/u.test(text[start] ?? '')) start++
    while (end > start && /[\s,.;:]/u.test(text[end - 1] ?? '')) end--
    if (end - start < 2 || !/^\p{Lu}/u.test(inner.trimStart())) continue
    found.push({ start, end, open: at, close: at + whole.length - close.length })
  }
  return found
}

/**
 * Organisations named in quotation marks next to a word that says what they are: movement “Oyan, Qazaqstan!”,
 * “Erkindik Kanaty” foundation, партия «Аманат». Once a quoted name is known, its other quoted mentions count too.
 * `isOrganisationWord` decides on the lower-cased word before or after the quotation (Russian passes a lemma test).
 */
export function quotedOrganisations(text: string, isOrganisationWord: (word: string) => boolean): Mention[] {
  const all = quotations(text)
  const known = new Set<string>()
  const mentions: Mention[] = []
  const cued = (quote: Quotation): boolean => {
    const before = wordBefore(text, quote.open)
    const after = wordAfter(text, quote.close + 1)
    return (before !== null && isOrganisationWord(before)) || (after !== null && isOrganisationWord(after))
  }
  for (const quote of all) {
    if (cued(quote)) known.add(nameKey(text.slice(quote.start, quote.end)))
  }
  for (const quote of all) {
    const name = text.slice(quote.start, quote.end)
    const key = nameKey(name)
    if (!known.has(key)) continue
    mentions.push({
      start: quote.start,
      end: quote.end,
      key,
      parts: key.split(' '),
      name,
      type: 'organisation',
      weight: cued(quote) ? EVIDENCE.context : EVIDENCE.shape,
    })
  }
  return mentions
}

/**
 * A test of whether [start, end) overlaps any of `spans` (some span has `span.start < end && start < span.end`),
 * for asking about every word of a text: the spans are sorted once, then each question is a binary search
 * (O(log n)) instead of a walk over all of them — which, with a quoted name every few lines, grew with the
 * square of the text. Spans may overlap or nest; the answer is the same as checking each one.
 */
export function overlapTest(
  spans: readonly { start: number; end: number }[],
): (start: number, end: number) => boolean {
  const sorted = [...spans].sort((a, b) => a.start - b.start)
  const starts = sorted.map((span) => span.start)
  // furthest[i]: the furthest end among the first i + 1 spans in order of start.
  const furthest: number[] = []
  let max = -Infinity
  for (const span of sorted) {
    max = Math.max(max, span.end)
    furthest.push(max)
  }
  return (start, end) => {
    // The spans that start before `end` are a prefix of the sorted list; one of them overlaps if the furthest
    // end among them lies past `start`.
    let low = 0
    let high = starts.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if ((starts[middle] ?? Infinity) < end) low = middle + 1
      else high = middle
    }
    return low > 0 && (furthest[low - 1] ?? -Infinity) > start
  }
}
