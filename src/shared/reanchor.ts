import { CONTEXT_LENGTH, describeRange, findQuoteOccurrences } from './anchoring'
import { alignAnchored, anchoredCosts, searchApproximate } from './edit-distance'
import type { TextPositionSelector, TextQuoteSelector } from './model'
import {
  normaliseForMatching,
  toNormalisedOffset,
  toOriginalRange,
  type NormalisedText,
} from './text-normalise'

/**
 * Finds a highlight again in a new version of its text (DESIGN.md, "Anchoring"): at its old position if the
 * quote and its context are still there; else the quote found exactly where its context agrees best (the
 * old position breaking ties); else found approximately near where its words and context are, scored on
 * quote, prefix, suffix and distance from the old position. A highlight that cannot be placed with
 * confidence is an orphan, never attached to words that merely look alike.
 *
 * Matching runs on folded text (text-normalise.ts: white space, quote marks and dashes as typed do not
 * count) and maps back to real offsets. Evidence is counted in agreeing characters: for the quote, its
 * length less twice its edits; for each side of context (the prefix before it, the suffix after it), its
 * length less three times its edits against the new text beside the match, so that unrelated text scores
 * about zero. A side *agrees* with at least {@link SIDE_EVIDENCE} such characters. It agrees *partly* when
 * only its part up to the edge of the quote's sentence or paragraph agrees (a sentence inserted or deleted
 * beside the quote, its paragraph moved), or when the quote begins or ends a sentence or paragraph in both
 * texts. A match is accepted when
 * - both sides agree but for a typo or two, and quote plus context reach `minEvidence`: a one-word quote
 *   anchors in its own sentence, and nowhere else;
 * - one side agrees to the letter and the other partly, with the same total;
 * - otherwise, when one side agrees (or both partly) and the quote has {@link ONE_SIDE_QUOTE} agreeing
 *   characters, or none does and it has {@link NO_SIDE_QUOTE} with at most a tenth of them edited.
 * Wrong attachments come from text repeated nearly word for word (a clause of a contract, a verse quoted
 * twice, the same step in two procedures), so: a quote changed by more than a typo (a word replaced) is
 * accepted only where both sides of its context agree; an approximate match that another place matches
 * about as well is an orphan; and so is an exact one whose context is not whole when another place fits.
 */

export interface AnchorSelectors {
  quote: Pick<TextQuoteSelector, 'exact' | 'prefix' | 'suffix'>
  position: Pick<TextPositionSelector, 'start' | 'end'>
}

export type AnchorMethod = 'position' | 'exact' | 'fuzzy'

export type ReanchorResult =
  | { status: 'anchored'; start: number; end: number; method: AnchorMethod; score: number }
  | { status: 'orphan'; method: 'none'; score: number; reason: string }

export interface ReanchorOptions {
  /** Largest share of the quote's characters a fuzzy match may edit (default 0.25). */
  maxQuoteErrors?: number
  /** Agreeing characters (quote plus context) needed when both sides of context agree (default 24). */
  minEvidence?: number
  /**
   * Where the quote is expected to start in the new text, if the caller knows better than the old start
   * (e.g. the old start carried through a diff of the two versions). Only breaks ties between equal matches.
   */
  hint?: number
}

/** A side of context agrees when at least this many of its characters do (net of its edits). */
const SIDE_EVIDENCE = 12
/** Edits a quote or its context may show and still count as unchanged but for typos. */
const QUOTE_TYPOS = 2
const CONTEXT_TYPOS = 2
/** A quote this long (in agreeing characters) may anchor with only one side of its context agreeing. */
const ONE_SIDE_QUOTE = 32
/** A quote this long (in agreeing characters) may anchor with neither side of its context agreeing. */
const NO_SIDE_QUOTE = 64

const DEFAULT_MAX_QUOTE_ERRORS = 0.25
const DEFAULT_MIN_EVIDENCE = 24
/** Context is compared over its own length plus this much slack, for edits inside it. */
const CONTEXT_SLACK = 8
/** Exact occurrences whose context is aligned in full: the best by a quick comparison, and the nearest. */
const SHORTLIST_BEST = 16
const SHORTLIST_NEAREST = 4
/** Words more frequent than this in the new text are too common to suggest where a quote went. */
const COMMON_WORD = 32
/** Regions of the text aligned against the quote in the fuzzy step, at most. */
const FUZZY_REGIONS = 4
/** A fuzzy match is doubtful if another place comes within this many agreeing characters of it. */
const AMBIGUITY_MARGIN = 4
/** How far a highlight may move unlike its neighbours: characters, plus a tenth of the distance to them. */
const SHIFT_TOLERANCE = 16
/** Most the distance from the old position adds to a candidate's rank: it breaks ties, no more. */
const POSITION_WEIGHT = 4
/** What a sentence edge adds to the agreeing characters of the context up to it. */
const EDGE_WEIGHT = 2
/**
 * What a paragraph break counts for when the context up to it agrees and the new text breaks there too:
 * the paragraph beyond may have moved or gone, but the quote's own paragraph agrees up to its edge.
 */
const PARAGRAPH_BREAK_EVIDENCE = SIDE_EVIDENCE - 1
/**
 * Each edit in a side of context takes this many characters off its agreeing ones: unrelated text differs
 * in about half its characters, and a near-copy of the context elsewhere (a repeated clause) in a good
 * part of them; either scores near zero, while a typo fixed beside the quote costs little.
 */
const CONTEXT_ERROR_WEIGHT = 3

/** A new version of a text, folded for matching on first need and then reused for every highlight. */
interface Target {
  raw: string
  normalised: NormalisedText | null
  words: Map<string, number[]> | null
}

interface Pattern {
  /** Folded quote and context. */
  quote: string
  prefix: string
  suffix: string
  /** The folded context within the quote's paragraph, where the old context crossed a line break. */
  prefixInParagraph: string | null
  suffixInParagraph: string | null
  /** The folded context within the quote's sentence, where the old context crossed a sentence end. */
  prefixInSentence: string | null
  suffixInSentence: string | null
  /** Whether the quote began and ended a sentence or paragraph in the old text. */
  prefixEdge: boolean
  suffixEdge: boolean
  /** Whether the quote began and ended on word boundaries. */
  startsWord: boolean
  endsWord: boolean
  /** Where the quote is expected, in the new text's folded offsets. */
  hint: number
  oldStart: number
  oldEnd: number
  maxErrors: number
}

/** How one side of context (the prefix, or the suffix) compares with the new text beside a match. */
interface Side {
  /** Edits between the old context and the new text (counted up to a limit: beyond it, it differs anyway). */
  errors: number
  /** Agreeing characters, net of edits: of the whole context, or of its part in the quote's sentence or paragraph. */
  evidence: number
  /** The whole context agrees: at least {@link SIDE_EVIDENCE} characters, net. */
  agrees: boolean
  /**
   * Only the part up to the edge of the quote's sentence or paragraph agrees (the text beyond was inserted,
   * deleted or moved), or the quote itself begins or ends a sentence or paragraph in both texts.
   */
  partly: boolean
}

interface Candidate {
  /** Folded offsets in the new text. */
  start: number
  end: number
  errors: number
  quoteEvidence: number
  contextEvidence: number
  before: Side
  after: Side
  rank: number
}

const WORD = /[\p{L}\p{N}]+/gu
const WORD_CHARACTER = /[\p{L}\p{N}]/u
/** Folded text before a quote that starts a sentence: the end of one, a space, maybe an opening quote mark. */
const SENTENCE_END = /[.!?]["')]* ["'(]?$/
/** A quote that ends a sentence, or folded text after a quote that ends one. */
const ENDS_SENTENCE = /[.!?]["')]*$/
const SENTENCE_ENDS_NEXT = /^[.!?]+["')]*( |$)/

function folded(target: Target): NormalisedText {
  target.normalised ??= normaliseForMatching(target.raw)
  return target.normalised
}

function isWordCode(text: string, at: number): boolean {
  const code = text.charCodeAt(at)
  if (code < 0x80)
    return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a)
  return WORD_CHARACTER.test(text[at] ?? '')
}

/** Folded offsets of every word (letters and digits) of the new text, by lower-cased word. */
function wordIndex(target: Target): Map<string, number[]> {
  if (target.words) return target.words
  const words = new Map<string, number[]>()
  const text = folded(target).text
  for (let at = 0; at < text.length;) {
    if (!isWordCode(text, at)) {
      at++
      continue
    }
    let end = at + 1
    while (end < text.length && isWordCode(text, end)) end++
    const key = text.slice(at, end).toLowerCase()
    const starts = words.get(key)
    if (starts) starts.push(at)
    else words.set(key, [at])
    at = end
  }
  target.words = words
  return words
}

function orphan(score: number, reason: string): ReanchorResult {
  return { status: 'orphan', method: 'none', score: round(score), reason }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000
}

function isWordCharacter(text: string, at: number): boolean {
  return at >= 0 && at < text.length && WORD_CHARACTER.test(text[at] ?? '')
}

function isWordStart(text: string, at: number): boolean {
  return isWordCharacter(text, at) && !isWordCharacter(text, at - 1)
}

function isWordEnd(text: string, at: number): boolean {
  return isWordCharacter(text, at - 1) && !isWordCharacter(text, at)
}

function isSpace(code: number): boolean {
  return (
    code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0xa0 || code === 0x2028 || code === 0x2029
  )
}

/** Whether the white space before (`direction` -1) or after `at` in the raw text breaks a line or reaches an end. */
function lineBreakBeside(raw: string, at: number, direction: 1 | -1): boolean {
  for (let i = direction === 1 ? at : at - 1; i >= 0 && i < raw.length; i += direction) {
    const code = raw.charCodeAt(i)
    if (code === 0x0a || code === 0x0d || code === 0x2029) return true
    if (!isSpace(code)) return false
  }
  return true
}

/**
 * A side's agreeing characters. An empty side (the quote began or ended the old text) agrees fully where
 * the match also begins or ends the new text. A side shorter than {@link SIDE_EVIDENCE} (the quote was near
 * an end of the old text) agrees fully when it matches exactly.
 */
function sideEvidence(context: string, errors: number, atTextEnd: boolean): number {
  if (context.trim() === '') return atTextEnd ? SIDE_EVIDENCE : 0
  if (context.length < SIDE_EVIDENCE) return errors === 0 ? SIDE_EVIDENCE : 0
  return Math.max(0, context.length - CONTEXT_ERROR_WEIGHT * errors)
}

/**
 * Scores a candidate at folded `[start, end)` with `errors` edits in the quote: aligns the prefix and suffix
 * against the text beside it and ranks it by agreeing characters, the hint breaking ties.
 */
function score(target: Target, pattern: Pattern, start: number, end: number, errors: number): Candidate {
  const normalised = folded(target)
  const text = normalised.text
  const prefixErrors = prefixCost(pattern, text, start)
  const suffixErrors = suffixCost(pattern, text, end)
  // Folded text has no run of spaces: at most one space lies between the match and an end of the text.
  const atTextStart = start === 0 || (start === 1 && text.charCodeAt(0) === 0x20)
  const atTextEnd = end === text.length || (end === text.length - 1 && text.charCodeAt(end) === 0x20)
  const startsSentence = (at: number) =>
    at <= 1 ||
    lineBreakBeside(target.raw, normalised.offsets[at] ?? 0, -1) ||
    SENTENCE_END.test(text.slice(Math.max(0, at - 6), at))
  const endsSentence = (at: number) =>
    at >= text.length - 1 ||
    lineBreakBeside(target.raw, (normalised.offsets[at - 1] ?? 0) + 1, 1) ||
    SENTENCE_ENDS_NEXT.test(text.slice(at, at + 6)) ||
    (text.charCodeAt(at) === 0x20 && ENDS_SENTENCE.test(text.slice(Math.max(0, at - 3), at)))

  const prefixFull = sideEvidence(pattern.prefix, prefixErrors, atTextStart)
  const prefixInSentence = pattern.prefixInSentence
  const prefixSentence =
    prefixInSentence !== null &&
    text.slice(start - prefixInSentence.length, start) === prefixInSentence &&
    startsSentence(start - prefixInSentence.length)
  const prefixWithin = Math.max(
    paragraphEvidence(target, pattern.prefixInParagraph, start, -1),
    prefixSentence ? (prefixInSentence?.length ?? 0) + EDGE_WEIGHT : 0,
  )
  const before: Side = {
    errors: prefixErrors,
    evidence: Math.max(prefixFull, prefixWithin),
    agrees: prefixFull >= SIDE_EVIDENCE,
    partly: prefixSentence || prefixWithin >= SIDE_EVIDENCE || (pattern.prefixEdge && startsSentence(start)),
  }

  const suffixFull = sideEvidence(pattern.suffix, suffixErrors, atTextEnd)
  const suffixInSentence = pattern.suffixInSentence
  const suffixSentence =
    suffixInSentence !== null &&
    text.slice(end, end + suffixInSentence.length) === suffixInSentence &&
    endsSentence(end + suffixInSentence.length)
  const suffixWithin = Math.max(
    paragraphEvidence(target, pattern.suffixInParagraph, end, 1),
    suffixSentence ? (suffixInSentence?.length ?? 0) + EDGE_WEIGHT : 0,
  )
  const after: Side = {
    errors: suffixErrors,
    evidence: Math.max(suffixFull, suffixWithin),
    agrees: suffixFull >= SIDE_EVIDENCE,
    partly: suffixSentence || suffixWithin >= SIDE_EVIDENCE || (pattern.suffixEdge && endsSentence(end)),
  }

  const quoteEvidence = Math.max(0, pattern.quote.length - 2 * errors)
  const contextEvidence = before.evidence + after.evidence
  const nearness = 1 - Math.min(1, Math.abs(start - pattern.hint) / Math.max(1, text.length))
  return {
    start,
    end,
    errors,
    quoteEvidence,
    contextEvidence,
    before,
    after,
    rank: quoteEvidence + contextEvidence + POSITION_WEIGHT * nearness,
  }
}

/**
 * Where the old context crossed a paragraph break: the agreeing characters of the part within the quote's
 * paragraph, plus {@link PARAGRAPH_BREAK_EVIDENCE} if the new text breaks the paragraph there too; else 0.
 */
function paragraphEvidence(target: Target, context: string | null, at: number, direction: 1 | -1): number {
  if (context === null) return 0
  const { text, offsets } = folded(target)
  const fit =
    context.trim() === ''
      ? { errors: 0, length: 0 }
      : alignAnchored(
          context,
          text,
          at,
          direction,
          context.length + CONTEXT_SLACK,
          context.length,
          contextLimit(context),
        )
  const agreeing = context.trim() === '' ? 0 : context.length - CONTEXT_ERROR_WEIGHT * fit.errors
  if (agreeing < 0) return 0
  const edge = direction === 1 ? at + fit.length : at - fit.length
  const rawEdge = direction === 1 ? (edge > 0 ? (offsets[edge - 1] ?? 0) + 1 : 0) : (offsets[edge] ?? 0)
  return lineBreakBeside(target.raw, rawEdge, direction) ? agreeing + PARAGRAPH_BREAK_EVIDENCE : 0
}

/** Edits beyond which a side of context counts for nothing, so they need not be counted exactly. */
function contextLimit(context: string): number {
  return Math.ceil(context.length / CONTEXT_ERROR_WEIGHT) + 1
}

function prefixCost(pattern: Pattern, text: string, start: number): number {
  const { prefix } = pattern
  return alignAnchored(
    prefix,
    text,
    start,
    -1,
    prefix.length + CONTEXT_SLACK,
    prefix.length,
    contextLimit(prefix),
  ).errors
}

function suffixCost(pattern: Pattern, text: string, end: number): number {
  const { suffix } = pattern
  return alignAnchored(
    suffix,
    text,
    end,
    1,
    suffix.length + CONTEXT_SLACK,
    suffix.length,
    contextLimit(suffix),
  ).errors
}

/** Both sides of the context agree, but for a typo or two. */
function contextIntact({ before, after }: Candidate): boolean {
  return before.agrees && after.agrees && before.errors + after.errors <= CONTEXT_TYPOS
}

function acceptable(candidate: Candidate, pattern: Pattern, minEvidence: number): boolean {
  const { errors, quoteEvidence, contextEvidence, before, after } = candidate
  if (errors > pattern.maxErrors) return false
  const intact = contextIntact(candidate)
  // More than a typo changed inside the quote: only where both sides of its context agree. Repeated text (a
  // clause of a contract, the same step in two procedures, a psalm quoted twice) is near-copies amid
  // near-copies of context; a changed quote with context on one side only is likelier such a copy.
  if (errors > QUOTE_TYPOS && !(before.agrees && after.agrees)) return false
  if (intact) return quoteEvidence + contextEvidence >= minEvidence
  // The text beyond one edge of the quote's sentence changed: the other side must agree to the letter, or a
  // sentence repeated nearly word for word elsewhere (its original removed) would pass on the words shared.
  const exactly = (side: Side) => side.agrees && side.errors === 0
  if ((exactly(before) && after.partly) || (exactly(after) && before.partly)) {
    return quoteEvidence + contextEvidence >= minEvidence
  }
  // Otherwise a short quote needs its context; a longer one is evidence enough with one side.
  if (before.agrees || after.agrees || (before.partly && after.partly)) return quoteEvidence >= ONE_SIDE_QUOTE
  return quoteEvidence >= NO_SIDE_QUOTE && errors * 10 <= pattern.quote.length
}

/** A 0–1 summary for people: quote similarity weighs most, then each side of context, then nearness. */
function similarity(candidate: Candidate, pattern: Pattern, textLength: number): number {
  const share = (errors: number, length: number) => (length === 0 ? 1 : Math.max(0, 1 - errors / length))
  const nearness = 1 - Math.min(1, Math.abs(candidate.start - pattern.hint) / Math.max(1, textLength))
  return (
    (50 * share(candidate.errors, pattern.quote.length) +
      20 * share(candidate.before.errors, pattern.prefix.length) +
      20 * share(candidate.after.errors, pattern.suffix.length) +
      10 * nearness) /
    100
  )
}

/** Characters of context that agree position by position with the text beside a match: a cheap first sort. */
function quickContextAgreement(pattern: Pattern, text: string, start: number, end: number): number {
  let agreeing = 0
  const { prefix, suffix } = pattern
  for (let i = 1; i <= prefix.length && start - i >= 0; i++) {
    if (prefix.charCodeAt(prefix.length - i) === text.charCodeAt(start - i)) agreeing++
  }
  for (let i = 0; i < suffix.length && end + i < text.length; i++) {
    if (suffix.charCodeAt(i) === text.charCodeAt(end + i)) agreeing++
  }
  return agreeing
}

/** Exact occurrences of the folded quote, the promising ones scored in full. */
function exactCandidates(target: Target, pattern: Pattern): Candidate[] {
  const text = folded(target).text
  const { quote } = pattern
  const starts: number[] = []
  for (let at = text.indexOf(quote); at !== -1; at = text.indexOf(quote, at + 1)) {
    // Where the old quote was whole words, so must the new one be: "a" is not the start of "arrears".
    if (pattern.startsWord && !isWordStart(text, at)) continue
    if (pattern.endsWord && !isWordEnd(text, at + quote.length)) continue
    starts.push(at)
  }
  let shortlist = starts
  if (starts.length > SHORTLIST_BEST + SHORTLIST_NEAREST) {
    const byAgreement = starts
      .map((start) => ({
        start,
        agreeing: quickContextAgreement(pattern, text, start, start + quote.length),
      }))
      .sort((a, b) => b.agreeing - a.agreeing)
      .slice(0, SHORTLIST_BEST)
      .map(({ start }) => start)
    const byNearness = [...starts]
      .sort((a, b) => Math.abs(a - pattern.hint) - Math.abs(b - pattern.hint))
      .slice(0, SHORTLIST_NEAREST)
    shortlist = [...new Set([...byAgreement, ...byNearness])]
  }
  return shortlist.map((start) => score(target, pattern, start, start + quote.length, 0))
}

/**
 * Regions where the quote may have gone. Each word of the quote, and of its context, found in the new text
 * votes for where the quote would start (by its letters, the quote's own words doubly); the regions with
 * the most votes are returned, down to half the best. A quote of three or more distinctive words (not
 * common in the new text) needs at least one of them in a region: a typo or two fixed leaves some intact,
 * and a quote with every one of them changed was rewritten, not corrected.
 */
function fuzzyRegions(pattern: Pattern, target: Target): number[] {
  const words = wordIndex(target)
  const starts: number[] = []
  const weights: number[] = []
  const ownWords: boolean[] = []
  let distinctive = 0
  const vote = (source: string, shift: number, weight: number, own: boolean) => {
    for (const match of source.matchAll(WORD)) {
      const found = words.get(match[0].toLowerCase())
      if (found && found.length > COMMON_WORD) continue
      if (own) distinctive++
      for (const at of found ?? []) {
        starts.push(at - (match.index + shift))
        weights.push(weight * match[0].length)
        ownWords.push(own)
      }
    }
  }
  vote(pattern.quote, 0, 2, true)
  vote(pattern.prefix, -pattern.prefix.length, 1, false)
  vote(pattern.suffix, pattern.quote.length, 1, false)
  const order = starts.map((_, i) => i).sort((a, b) => (starts[a] as number) - (starts[b] as number))
  const startOf = (n: number) => starts[order[n] as number] as number

  // The votes within a window after each vote: insertions and deletions inside the quote shift later
  // words, so the votes for one region spread over about the number of edits allowed.
  const width = pattern.maxErrors + 8
  const windows: Array<{ start: number; weight: number }> = []
  let weight = 0
  let own = 0
  let last = 0
  for (let first = 0; first < order.length; first++) {
    while (last < order.length && startOf(last) <= startOf(first) + width) {
      const i = order[last] as number
      weight += weights[i] as number
      if (ownWords[i]) own++
      last++
    }
    if (own > 0 || distinctive < 3) windows.push({ start: startOf(first), weight })
    const i = order[first] as number
    weight -= weights[i] as number
    if (ownWords[i]) own--
  }
  windows.sort((a, b) => b.weight - a.weight)
  const regions: number[] = []
  const apart = Math.max(width, pattern.quote.length / 2)
  const enough = (windows[0]?.weight ?? 0) / 2
  for (const window of windows) {
    if (regions.length >= FUZZY_REGIONS || window.weight < enough) break
    if (regions.every((start) => Math.abs(start - window.start) > apart)) regions.push(window.start)
  }
  if (regions.length === 0 && distinctive < 3) regions.push(pattern.hint)
  return regions
}

/**
 * The best length for one end of an approximate match, the other end fixed: among lengths whose quote edits
 * are within bounds and that end on a word boundary where the old quote did, the fewest edits in quote and
 * context together (so an edit at the edge of the quote does not pull the boundary into a neighbouring
 * word); ties go to the length nearest `preferred`.
 */
function bestLength(
  costs: Int32Array,
  maxErrors: number,
  preferred: number,
  contextCost: (length: number) => number,
  onBoundary: (length: number) => boolean,
): { length: number; errors: number } | null {
  // Lengths by their quote's cost, cheapest first: once a length's quote alone costs more than the best
  // total so far, no later one can win, and the context need not be aligned for it.
  const lengths: number[] = []
  for (let n = 1; n < costs.length; n++)
    if ((costs[n] as number) <= maxErrors && onBoundary(n)) lengths.push(n)
  lengths.sort((a, b) => (costs[a] as number) - (costs[b] as number))
  let best: { length: number; errors: number; total: number } | null = null
  for (const n of lengths) {
    const errors = costs[n] as number
    if (best && errors > best.total) break
    const total = errors + contextCost(n)
    if (
      !best ||
      total < best.total ||
      (total === best.total && Math.abs(n - preferred) < Math.abs(best.length - preferred))
    ) {
      best = { length: n, errors, total }
    }
  }
  return best && { length: best.length, errors: best.errors }
}

/** Approximate matches of the quote near each likely region, ends settled against the context, scored. */
function fuzzyCandidates(pattern: Pattern, target: Target): Candidate[] {
  const text = folded(target).text
  const { quote, maxErrors } = pattern
  const m = quote.length
  const width = maxErrors + 8
  const found: Candidate[] = []
  for (const region of fuzzyRegions(pattern, target)) {
    const from = Math.max(0, region - maxErrors - 2)
    const to = Math.min(text.length, region + width + m + maxErrors + 2)
    // The search counts a swap of two letters as two edits; the costs below, as one.
    const match = searchApproximate(quote, text, from, to, maxErrors + Math.min(maxErrors, 4), region + m)
    if (!match) continue
    // Settle the start against the prefix (the end fixed), then the end against the suffix. A length whose
    // quote costs more than the match found can still win on context, but by no more than a side of
    // context can cost: no need to count beyond that. The ends may cost more than the quote is allowed: a
    // word changed at its edge beyond the budget must not leave a match that quietly drops the word.
    const end0 = match.end
    const contextSpan = Math.max(contextLimit(pattern.prefix), contextLimit(pattern.suffix))
    const limit = Math.min(m, match.errors + contextSpan + 1)
    const back = anchoredCosts(quote, text, end0, -1, m + limit, limit)
    const startFit = bestLength(
      back,
      limit,
      m,
      (n) => prefixCost(pattern, text, end0 - n),
      (n) => !pattern.startsWord || isWordStart(text, end0 - n),
    )
    if (!startFit) continue
    const start = end0 - startFit.length
    const forward = anchoredCosts(quote, text, start, 1, m + limit, limit)
    const endFit = bestLength(
      forward,
      limit,
      startFit.length,
      (n) => suffixCost(pattern, text, start + n),
      (n) => !pattern.endsWord || isWordEnd(text, start + n),
    )
    if (!endFit) continue
    const end = start + endFit.length
    if (found.some((other) => other.start === start && other.end === end)) continue
    found.push(score(target, pattern, start, end, endFit.errors))
  }
  return found
}

function best(candidates: Candidate[]): Candidate | undefined {
  return candidates.reduce<Candidate | undefined>(
    (top, candidate) => (!top || candidate.rank > top.rank ? candidate : top),
    undefined,
  )
}

function overlaps(a: Candidate, b: Candidate): boolean {
  return a.start < b.end && b.start < a.end
}

function anchored(
  target: Target,
  pattern: Pattern,
  candidate: Candidate,
  method: Exclude<AnchorMethod, 'position'>,
): ReanchorResult {
  const normalised = folded(target)
  const { start, end } = toOriginalRange(normalised, candidate.start, candidate.end)
  const atOldPlace = start === pattern.oldStart && end === pattern.oldEnd
  return {
    status: 'anchored',
    start,
    end,
    method: atOldPlace && method === 'exact' ? 'position' : method,
    score: round(similarity(candidate, pattern, normalised.text.length)),
  }
}

/** The folded part of a context on the quote's side of its nearest line break, if it has one. */
function inParagraph(context: string, direction: 1 | -1): string | null {
  const lines = context.split(/[\n\r\u2029]/)
  if (lines.length < 2) return null
  return normaliseForMatching((direction === 1 ? lines[0] : lines.at(-1)) ?? '').text
}

/** The folded part of a folded context on the quote's side of the nearest sentence end in it, if any. */
function inSentence(context: string, direction: 1 | -1): string | null {
  if (direction === 1) {
    const end = /[.!?]+["')]*(?= |$)/.exec(context)
    return end ? context.slice(0, end.index + end[0].length) : null
  }
  let from = -1
  for (const end of context.matchAll(/[.!?]+["')]* ["'(]?/g)) from = end.index + end[0].length
  return from === -1 || from === context.length ? null : context.slice(from)
}

function patternOf(target: Target, selectors: AnchorSelectors, options: ReanchorOptions): Pattern {
  const { exact, prefix, suffix } = selectors.quote
  const quote = normaliseForMatching(exact).text
  const foldedPrefix = normaliseForMatching(prefix).text
  const foldedSuffix = normaliseForMatching(suffix).text
  const hint = options.hint ?? selectors.position.start
  return {
    quote,
    prefix: foldedPrefix,
    suffix: foldedSuffix,
    prefixInParagraph: inParagraph(prefix, -1),
    suffixInParagraph: inParagraph(suffix, 1),
    prefixInSentence: inSentence(foldedPrefix, -1),
    suffixInSentence: inSentence(foldedSuffix, 1),
    prefixEdge: prefix === '' || /\n\s*$/.test(prefix) || SENTENCE_END.test(foldedPrefix),
    suffixEdge:
      suffix === '' ||
      /^\s*\n/.test(suffix) ||
      SENTENCE_ENDS_NEXT.test(foldedSuffix) ||
      (ENDS_SENTENCE.test(quote) && /^\s/.test(suffix)),
    startsWord: isWordCharacter(quote, 0) && !isWordCharacter(foldedPrefix, foldedPrefix.length - 1),
    endsWord: isWordCharacter(quote, quote.length - 1) && !isWordCharacter(foldedSuffix, 0),
    hint: toNormalisedOffset(folded(target), Number.isFinite(hint) ? Math.max(0, hint) : 0),
    oldStart: selectors.position.start,
    oldEnd: selectors.position.end,
    maxErrors: Math.floor(quote.length * (options.maxQuoteErrors ?? DEFAULT_MAX_QUOTE_ERRORS)),
  }
}

interface Outcome {
  result: ReanchorResult
  /** The quote and its context occur alike in more than one place: only the hint chose between them. */
  tied: boolean
  /** Starts (in the new text) of the other places that also passed, less well: the quote repeated. */
  alternatives: number[]
}

function settled(result: ReanchorResult): Outcome {
  return { result, tied: false, alternatives: [] }
}

function reanchorIn(target: Target, selectors: AnchorSelectors, options: ReanchorOptions): Outcome {
  const { exact, prefix, suffix } = selectors.quote
  const { start: oldStart, end: oldEnd } = selectors.position
  const raw = target.raw
  if (exact.trim() === '') return settled(orphan(0, 'the highlight has no quote to look for'))
  if (raw.trim() === '') return settled(orphan(0, 'the new text is empty'))

  // (a) The common case, the text unchanged around the highlight: nothing to fold or search.
  const validPosition =
    Number.isInteger(oldStart) &&
    Number.isInteger(oldEnd) &&
    oldStart >= 0 &&
    oldStart < oldEnd &&
    oldEnd <= raw.length
  if (
    validPosition &&
    raw.slice(oldStart, oldEnd) === exact &&
    raw.slice(Math.max(0, oldStart - prefix.length), oldStart) === prefix &&
    raw.slice(oldEnd, oldEnd + suffix.length) === suffix
  ) {
    return settled({ status: 'anchored', start: oldStart, end: oldEnd, method: 'position', score: 1 })
  }

  const pattern = patternOf(target, selectors, options)
  const minEvidence = options.minEvidence ?? DEFAULT_MIN_EVIDENCE
  const textLength = folded(target).text.length

  // (a, b) The quote exactly (once folded), wherever its context agrees best; the hint breaks ties.
  const allExact = exactCandidates(target, pattern)
  const exactOnes = allExact.filter((candidate) => acceptable(candidate, pattern, minEvidence))
  const bestExact = best(exactOnes)
  if (bestExact) {
    const evidence = (candidate: Candidate) => candidate.quoteEvidence + candidate.contextEvidence
    const tied = exactOnes.some((other) => other !== bestExact && evidence(other) === evidence(bestExact))
    const offsets = folded(target).offsets
    const others = exactOnes.filter((other) => other !== bestExact && !overlaps(other, bestExact))
    // Where the quote's own context is not whole, another copy that also fits leaves it in doubt.
    if (!contextIntact(bestExact) && others.length > 0) {
      return settled(orphan(similarity(bestExact, pattern, textLength), 'the quote fits more than one place'))
    }
    const alternatives = others.map((other) => offsets[other.start] ?? 0)
    return { result: anchored(target, pattern, bestExact, 'exact'), tied, alternatives }
  }

  // (c) Approximately, near where the quote's words and context are found; a rival as good makes it doubtful.
  const fuzzyOnes = pattern.maxErrors > 0 ? fuzzyCandidates(pattern, target) : []
  const passing = fuzzyOnes.filter((candidate) => acceptable(candidate, pattern, minEvidence))
  const top = best(passing)
  if (!top) {
    const closest = best([...allExact, ...fuzzyOnes])
    if (!closest) return settled(orphan(0, 'the quote is not in the new text, even approximately'))
    const reason =
      closest.errors > pattern.maxErrors
        ? 'the closest match differs too much from the quote'
        : closest.errors === 0
          ? 'the quote occurs only where its context differs'
          : 'the closest match and its context differ too much'
    return settled(orphan(similarity(closest, pattern, textLength), reason))
  }
  const rival = passing.find(
    (other) => other !== top && !overlaps(other, top) && other.rank >= top.rank - AMBIGUITY_MARGIN,
  )
  if (rival) {
    return settled(
      orphan(similarity(top, pattern, textLength), 'two places match the quote about equally well'),
    )
  }
  return settled(anchored(target, pattern, top, 'fuzzy'))
}

/** Re-anchors one highlight in `newText`. See the module comment for the rules. */
export function reanchor(
  newText: string,
  selectors: AnchorSelectors,
  options: ReanchorOptions = {},
): ReanchorResult {
  return reanchorIn({ raw: newText, normalised: null, words: null }, selectors, options).result
}

/**
 * Re-anchors many highlights in the same `newText`, folding and indexing the text once for all of them.
 *
 * The highlights also vouch for each other where a passage occurs more than once (a clause of a contract,
 * a verse quoted twice, the same step in two procedures). The highlights that re-anchored without doubt
 * show how far the text moved around each old position (the nearest two on each side). Where a quote and
 * its context occur alike in several places, the old position and the old position moved as far must pick
 * the same copy; where the context points to one copy and the neighbours to another (a paragraph moved and
 * its word-for-word twin now stands where it stood), the highlight is an orphan.
 */
export function reanchorAll(
  newText: string,
  highlights: readonly AnchorSelectors[],
  options: Omit<ReanchorOptions, 'hint'> & { oldText?: string } = {},
): ReanchorResult[] {
  // Folded and indexed once, for the matching and for following the copies of a repeated passage.
  const target: Target = { raw: newText, normalised: null, words: null }
  const results = reanchorByNeighbours(target, highlights, options)
  if (options.oldText === undefined) return results
  return rescueUnique(
    options.oldText,
    newText,
    highlights,
    vetoTwins(options.oldText, target, highlights, results),
  )
}

/** A quote this long that both versions have once only is one passage, whatever happened around it. */
const UNIQUE_QUOTE = 20

/**
 * The selectors alone orphan a short quote whose context changed on both sides (a few words inserted
 * before it, a sentence after it) for fear of another passage worded alike. With the old text that fear can
 * be checked: a quote of some length that the old text had once, and the new text has once, is the same
 * passage, its context edited.
 */
function rescueUnique(
  oldText: string,
  newText: string,
  highlights: readonly AnchorSelectors[],
  results: ReanchorResult[],
): ReanchorResult[] {
  return results.map((result, i) => {
    const selectors = highlights[i]
    if (!selectors || result.status !== 'orphan') return result
    const { exact } = selectors.quote
    if (exact.trim().length < UNIQUE_QUOTE) return result
    const inOld = findQuoteOccurrences(oldText, exact)
    if (inOld.length !== 1 || inOld[0] !== selectors.position.start) return result
    const inNew = findQuoteOccurrences(newText, exact)
    const at = inNew[0]
    if (inNew.length !== 1 || at === undefined) return result
    return { status: 'anchored', start: at, end: at + exact.length, method: 'exact', score: result.score }
  })
}

/** How far on each side of a passage the wider surroundings are compared when it occurs twice. */
const SURROUNDINGS = 240

/** Runs of two words in a stretch of text, folded to lower case: what two stretches have in common. */
function wordPairs(text: string): Set<string> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
  const pairs = new Set<string>()
  for (let i = 1; i < words.length; i++) pairs.add(`${words[i - 1]} ${words[i]}`)
  return pairs
}

function shared(a: Set<string>, b: Set<string>): number {
  let n = 0
  for (const pair of a) if (b.has(pair)) n++
  return n
}

/** The text on both sides of [start, end), beyond the quote itself. */
function surroundings(text: string, start: number, end: number): Set<string> {
  return wordPairs(
    `${text.slice(Math.max(0, start - SURROUNDINGS), start)} \u0000 ${text.slice(end, end + SURROUNDINGS)}`,
  )
}

/**
 * With the old version's text at hand, the one case the selectors cannot settle is settled: a passage the
 * old text has twice, quote and context alike (a contract's clause, a verse quoted twice), whose
 * highlighted copy was reworded or removed while the other copy stayed. The selectors match the other copy
 * perfectly; its wider surroundings (a few sentences on each side) do not: they are the other copy's. Where
 * the surroundings of the match agree clearly better with another copy's old surroundings than with the
 * highlight's own, the match is that copy and the highlight an orphan. (A full diff of the versions would
 * say the same but costs seconds on a long text edited throughout.)
 */
function vetoTwins(
  oldText: string,
  target: Target,
  highlights: readonly AnchorSelectors[],
  results: ReanchorResult[],
): ReanchorResult[] {
  const newText = target.raw
  return results.map((result, i) => {
    const selectors = highlights[i]
    // Found where it stood, quote and context whole: that is its own copy.
    if (!selectors || result.status !== 'anchored' || result.method === 'position') return result
    const { start, end } = selectors.position
    if (oldText.slice(start, end) !== selectors.quote.exact) return result
    // Other places of the old text that read as the match does: copies of the quote, or (for a fuzzy
    // match) of the words matched, which the old text already had somewhere else.
    const found = newText.slice(result.start, result.end)
    const copies = [
      ...new Set([
        ...findQuoteOccurrences(oldText, selectors.quote.exact),
        ...findQuoteOccurrences(oldText, found),
      ]),
    ].filter((at) => at !== start)
    if (copies.length === 0) return result
    const around = surroundings(newText, result.start, result.end)
    const own = shared(surroundings(oldText, start, end), around)
    const isTwin = (at: number) => {
      const theirs = shared(surroundings(oldText, at, at + found.length), around)
      // Clearly the other copy's surroundings; or, where the copies stand close together (two steps of one
      // procedure) and share their surroundings, the other copy, followed into the new text, lands here
      // and stood nearer to here than the highlight's own.
      if (theirs >= Math.max(2 * own, own + TWIN_MARGIN)) return true
      // Both copies' selectors lead here once one copy is gone: the copy that stood nearer is the one left.
      if (theirs < own || Math.abs(at - result.start) >= Math.abs(start - result.start)) return false
      const followed = reanchorIn(target, describeRange(oldText, at, at + found.length), {}).result
      return followed.status === 'anchored' && followed.start === result.start
    }
    // The copies most alike in context first: a short quote ("a", "the") has hundreds, its twin among them.
    const likeness = (at: number) =>
      commonSuffix(oldText.slice(Math.max(0, at - CONTEXT_LENGTH), at), selectors.quote.prefix) +
      commonPrefix(
        oldText.slice(at + found.length, at + found.length + CONTEXT_LENGTH),
        selectors.quote.suffix,
      )
    return copies
      .map((at) => ({ at, alike: likeness(at) }))
      .sort((a, b) => b.alike - a.alike)
      .slice(0, MAX_COPIES_FOLLOWED)
      .some(({ at }) => isTwin(at))
      ? orphan(result.score, 'its words are gone; the same passage elsewhere is another copy')
      : result
  })
}

/** Word pairs by which another copy's surroundings must beat the highlight's own to veto a match. */
const TWIN_MARGIN = 8
function commonPrefix(a: string, b: string): number {
  let n = 0
  while (n < a.length && n < b.length && a[n] === b[n]) n++
  return n
}

function commonSuffix(a: string, b: string): number {
  let n = 0
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++
  return n
}

/** Copies looked at, most alike in context first: the rest differ in context and are settled by it. */
const MAX_COPIES_FOLLOWED = 8

function reanchorByNeighbours(
  target: Target,
  highlights: readonly AnchorSelectors[],
  options: Omit<ReanchorOptions, 'hint'>,
): ReanchorResult[] {
  const outcomes = highlights.map((selectors) => reanchorIn(target, selectors, options))
  const shifts = outcomes
    .flatMap(({ result, tied, alternatives }, i) => {
      const old = highlights[i]?.position.start ?? 0
      const sure = result.status === 'anchored' && !tied && alternatives.length === 0
      return sure ? [{ old, shift: result.start - old }] : []
    })
    .sort((a, b) => a.old - b.old)
  return outcomes.map(({ result, tied, alternatives }, i) => {
    const selectors = highlights[i]
    if (!selectors || result.status !== 'anchored') return result
    const old = selectors.position.start
    const around = neighbours(shifts, old)
    const closest = around[0]
    if (!closest) return result
    // Where the neighbours put this highlight, give or take what was edited between them and it.
    const fits = (start: number) =>
      around.some((n) => Math.abs(start - (old + n.shift)) <= SHIFT_TOLERANCE + Math.abs(old - n.old) / 10)
    if (tied) {
      const moved = reanchorIn(target, selectors, { ...options, hint: old + closest.shift }).result
      if (moved.status === 'anchored' && moved.start === result.start) return result
      return orphan(result.score, 'the quote and its context occur alike in several places')
    }
    if (!fits(result.start) && alternatives.some(fits)) {
      return orphan(result.score, 'its context points to one place, the highlights around it to another')
    }
    return result
  })
}

/** The confidently re-anchored highlights nearest `old` (by old start): two on each side, nearest first. */
function neighbours(
  shifts: ReadonlyArray<{ old: number; shift: number }>,
  old: number,
): Array<{ old: number; shift: number }> {
  let low = 0
  let high = shifts.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if ((shifts[middle]?.old ?? 0) < old) low = middle + 1
    else high = middle
  }
  return [shifts[low - 2], shifts[low - 1], shifts[low], shifts[low + 1]]
    .filter((n): n is { old: number; shift: number } => n !== undefined)
    .sort((a, b) => Math.abs(a.old - old) - Math.abs(b.old - old))
}
