import lunr from 'lunr'
import { SKELETON_MARK, skeletonOf } from './name-fold'
import { DEFAULT_ANALYSIS, stemOf } from './stemming'

export { analysisOf, DEFAULT_ANALYSIS } from './stemming'

/**
 * The token pipeline shared by indexing, querying and snippet marking, so the three always agree on
 * what a "word" is. lunr's own trimmer strips every non-ASCII letter (it deletes Cyrillic words whole),
 * so it is replaced with one that trims by Unicode letter and number classes. Latin diacritics are folded
 * (München = Munchen); English words get lunr's Porter stemmer and Russian words the Snowball Russian
 * stemmer of lunr-languages (файлы = файл); Kazakh words, with their own letters, are kept whole. An
 * article in another language with a Snowball stemmer has its Latin-script words stemmed by that one
 * instead (see stemming.ts): what a text's words become depends on its "analysis", and a query word is
 * looked up under each analysis the archive holds (see alternativesOf).
 * Every word that has one also gets a transliteration skeleton term, so names meet across scripts.
 */

/**
 * Words are split on white space, dashes, slashes and `*` (lunr reads a `*` inside a term as a wildcard);
 * punctuation around words is trimmed afterwards.
 */
export const WORD_SEPARATOR = /[\s\-\u2010-\u2015/\\|*]+/u
lunr.tokenizer.separator = WORD_SEPARATOR

const PLAIN_WORD = /^[a-z0-9]+$/
const EDGE_PUNCTUATION = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu
const POSSESSIVE = /['’]s$/u
const LATIN_WITH_MARKS = /^[\p{Script=Latin}\p{M}\p{N}'’._]+$/u

/** "München" → "munchen": Latin letters lose their diacritics; other scripts keep theirs (й is not и). */
function foldLatin(word: string): string {
  return LATIN_WITH_MARKS.test(word) ? word.normalize('NFD').replace(/\p{M}/gu, '') : word
}

const ARABIC_SCRIPT = /[\u0600-\u06ff]/
/** Short-vowel marks and tatweel (the stretching stroke): written or not, the word is the same. */
const ARABIC_MARKS = /[\u064b-\u065f\u0670\u0640]/g

/**
 * Persian and Arabic keyboards write yeh and kaf as different code points (ی/ي, ک/ك), and texts mix them;
 * they are folded to the Persian forms, and optional vowel marks dropped, so either spelling finds the other.
 */
export function foldArabicScript(word: string): string {
  if (!ARABIC_SCRIPT.test(word)) return word
  return word
    .replace(ARABIC_MARKS, '')
    .replace(/\u064a/g, '\u06cc')
    .replace(/\u0643/g, '\u06a9')
}

interface WordMetadata {
  /** The word as written, trimmed, where folding its diacritics changed it: a language's stemmer reads it. */
  unfolded?: string
}

/**
 * Trims what is not a letter or digit (in any script) off both ends, then a possessive ending, so
 * "“Tokayev’s," is found by "Tokayev", and folds Latin diacritics. Most tokens are plain ASCII words and
 * skip all of it.
 */
export const unicodeTrimmer: lunr.PipelineFunction = (token) =>
  PLAIN_WORD.test(token.toString())
    ? token
    : token.update((s, metadata) => {
        const trimmed = s.replace(EDGE_PUNCTUATION, '').replace(POSSESSIVE, '')
        const folded = foldArabicScript(foldLatin(trimmed))
        if (folded !== trimmed) (metadata as WordMetadata).unfolded = trimmed
        return folded
      })
lunr.Pipeline.registerFunction(unicodeTrimmer, 'casebookUnicodeTrimmer')

/**
 * lunr's tokenizer, plus a note on each token of whether it was written with a capital letter: only those
 * (names, acronyms, the first word of a sentence) get a skeleton term, which keeps the index small.
 * (A regular expression test here doubled the time of an index build; comparing with the lower case does not.)
 */
export function casebookTokenizer(value?: unknown): lunr.Token[] {
  if (value === null || value === undefined) return []
  const tokens: lunr.Token[] = []
  for (const piece of String(value).split(WORD_SEPARATOR)) {
    if (!piece) continue
    const lower = piece.toLowerCase()
    const words = MAY_HAVE_CJK.test(piece) ? splitCjk(lower) : [lower]
    for (const word of words)
      tokens.push(new lunr.Token(word, { index: tokens.length, capitalised: lower !== piece }))
  }
  return tokens
}

/** Chinese, Japanese and Korean are written without spaces: their runs are indexed as overlapping bigrams. */
export const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u
const CJK_RUNS = /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+)/u
/** A cheap first look (no CJK below U+2E80) before the regular expression. */
const MAY_HAVE_CJK = /[\u2e80-\uffff]/

/** Splits a word into its non-CJK parts and the bigrams of its CJK runs ("東京都" → 東京, 京都). */
export function splitCjk(word: string): string[] {
  const parts: string[] = []
  for (const part of word.split(CJK_RUNS)) {
    if (!part) continue
    if (!CJK.test(part)) {
      parts.push(part)
      continue
    }
    const chars = [...part]
    if (chars.length === 1) parts.push(part)
    for (let i = 0; i + 1 < chars.length; i++) parts.push(`${chars[i]}${chars[i + 1]}`)
  }
  return parts
}

/** Adds a capitalised word's transliteration skeleton as a second term, where it differs from the word. */
export const skeletonExpander: lunr.PipelineFunction = (token) => {
  const metadata = (token as unknown as { metadata: { capitalised?: boolean } }).metadata
  if (!metadata.capitalised) return token
  const word = token.toString()
  const skeleton = skeletonOf(word)
  if (!skeleton || (PLAIN_WORD.test(word) && skeleton === word)) return token
  return [token, token.clone(() => SKELETON_MARK + skeleton)]
}
lunr.Pipeline.registerFunction(skeletonExpander, 'casebookSkeletonExpander')

/** A word's token stemmed under an analysis (see stemOf); skeletons, which start with a mark, stay as they are. */
function stemToken(token: lunr.Token, analysis: string): lunr.Token {
  const word = token.toString()
  const unfolded = (token as unknown as { metadata: WordMetadata }).metadata.unfolded
  const stem = stemOf(word, analysis, unfolded)
  return stem === word ? token : token.update(() => stem)
}

/**
 * The default analysis's stemmers on their own words: Porter on Latin-script words, Snowball Russian on
 * words in Russian letters; Kazakh words (with ә ғ қ ң ө ұ ү һ і) and other scripts stay whole, as do
 * skeletons. (Indexing and queries stem through stemToken, under each text's own analysis.)
 */
export const languageStemmer: lunr.PipelineFunction = (token) => stemToken(token, DEFAULT_ANALYSIS)
lunr.Pipeline.registerFunction(languageStemmer, 'casebookLanguageStemmer')

/** Drops tokens the trimmer emptied, so they are neither indexed nor required by a query. */
export const dropEmpty: lunr.PipelineFunction = (token) => (token.toString() ? token : null)
lunr.Pipeline.registerFunction(dropEmpty, 'casebookDropEmpty')

const INDEX_STEPS = [unicodeTrimmer, dropEmpty, lunr.stopWordFilter, skeletonExpander, languageStemmer]

export function configureBuilder(builder: lunr.Builder): void {
  builder.tokenizer = casebookTokenizer as typeof builder.tokenizer
  builder.pipeline.reset()
  builder.pipeline.add(...INDEX_STEPS)
  // Queries are turned into terms by termOf/alternativesOf, never by lunr's search pipeline.
  builder.searchPipeline.reset()
}

/** The index steps split in two, so that positions can be counted between them (see indexTokens). */
const trimSteps = new lunr.Pipeline()
trimSteps.add(unicodeTrimmer, dropEmpty)

const stopWordFilter = lunr.stopWordFilter as unknown as (token: lunr.Token) => lunr.Token | undefined
const trimWord = unicodeTrimmer as unknown as (token: lunr.Token) => lunr.Token
const dropWord = dropEmpty as unknown as (token: lunr.Token) => lunr.Token | null
const expandSkeleton = skeletonExpander as unknown as (token: lunr.Token) => lunr.Token | lunr.Token[]

/**
 * The steps after trimming (stop words dropped, skeletons added, words stemmed), in one loop rather than
 * lunr's pipeline: it is the hot part of indexing, and the stemmer depends on the text's analysis.
 */
function termTokens(words: lunr.Token[], analysis: string): lunr.Token[] {
  const terms: lunr.Token[] = []
  for (const word of words) {
    if (!stopWordFilter(word)) continue
    const expanded = expandSkeleton(word)
    if (Array.isArray(expanded)) {
      for (const token of expanded) terms.push(stemToken(token, analysis))
    } else terms.push(stemToken(expanded, analysis))
  }
  return terms
}

export interface PositionedTerm {
  term: string
  /**
   * The word's place among the text's words: stop words count, bare punctuation does not, so that a phrase
   * and a text agree on which words stand next to each other. A skeleton shares its word's position.
   */
  position: number
  /** A hash of the word as written (lower case, see formOf), so a phrase can be checked word for word. */
  form: number
}

/**
 * The word as a phrase query compares it: lower case, without the punctuation around it, with one kind of
 * apostrophe; stems and folded letters are not applied, so "united states" does not match "unite state".
 * Hashed (FNV-1a, 32 bits) to keep it to one number per occurrence in the index.
 */
export function formOf(word: string): number {
  // Most words are plain lower-case ASCII already (the tokenizer lower-cases): no regular expressions then.
  const form = PLAIN_WORD.test(word)
    ? word
    : foldArabicScript(word.toLowerCase().replace(EDGE_PUNCTUATION, '').replace(/’/g, "'"))
  let hash = 0x811c9dc5
  for (let i = 0; i < form.length; i++) {
    hash ^= form.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

/**
 * The index terms of a text with their positions and forms, exactly as the index holds them for a text of
 * that analysis (see analysisOf).
 */
export function indexTokens(text: string, analysis: string = DEFAULT_ANALYSIS): PositionedTerm[] {
  const terms: PositionedTerm[] = []
  visitIndexTokens(text, analysis, (term, position, form) => terms.push({ term, position, form }))
  return terms
}

/**
 * indexTokens without its array: `visit` gets each term in order (the segment builder stores them straight
 * away, so no object is made per word of the archive). Returns how many terms there were.
 */
export function visitIndexTokens(
  text: string,
  analysis: string,
  visit: (term: string, position: number, form: number) => void,
): number {
  if (text === null || text === undefined) return 0
  // The steps of casebookTokenizer, trimSteps and termTokens in one loop, each word's outcome remembered:
  // the hot part of an index build, where lunr's pipeline made an array per step and positions and forms
  // took two more passes, for words that mostly repeat.
  const known = wordCache(analysis)
  let position = 0
  let count = 0
  for (const piece of String(text).split(WORD_SEPARATOR)) {
    if (!piece) continue
    // A word seen before (only words without CJK are remembered): its terms depend on it alone.
    let word = known.get(piece)
    if (!word && !MAY_HAVE_CJK.test(piece)) {
      word = indexedWord(piece, analysis)
      if (known.size >= TERM_CACHE_LIMIT) known.clear()
      known.set(piece, word)
    }
    if (word) {
      if (!word.kept) continue
      const index = position++
      for (const term of word.terms) visit(term, index, word.form)
      count += word.terms.length
      continue
    }
    const lower = piece.toLowerCase()
    for (const part of splitCjk(lower)) {
      const indexed = indexedWord(part, analysis, lower !== piece)
      if (!indexed.kept) continue
      const index = position++
      for (const term of indexed.terms) visit(term, index, indexed.form)
      count += indexed.terms.length
    }
  }
  return count
}

/** What indexing makes of one word as written: whether it counts as a word, its terms, and its form. */
interface IndexedWord {
  /** Not emptied by trimming: it takes a position (a stop word too, which has no terms). */
  kept: boolean
  terms: string[]
  form: number
}

/** Per analysis: the words seen, as written (capitals and punctuation included), with what they index as. */
const wordCaches = new Map<string, Map<string, IndexedWord>>()

function wordCache(analysis: string): Map<string, IndexedWord> {
  let cache = wordCaches.get(analysis)
  if (!cache) wordCaches.set(analysis, (cache = new Map()))
  return cache
}

/**
 * One word through the index steps (the tokenizer's lower case and capital note, trimSteps, termTokens).
 * `capitalised` is given for a CJK part, whose piece was split; a whole piece is compared with its lower case.
 */
function indexedWord(written: string, analysis: string, capitalised?: boolean): IndexedWord {
  const word = capitalised === undefined ? written.toLowerCase() : written
  const token = new lunr.Token(word, { index: 0, capitalised: capitalised ?? word !== written })
  const form = formOf(word)
  if (!dropWord(trimWord(token))) return { kept: false, terms: [], form }
  if (!stopWordFilter(token)) return { kept: true, terms: [], form }
  const expanded = expandSkeleton(token)
  const tokens = Array.isArray(expanded) ? expanded : [expanded]
  return { kept: true, terms: tokens.map((t) => stemToken(t, analysis).toString()), form }
}

/**
 * A phrase's words as the index holds them (skeletons left out: they share their word's position), and
 * whether they are the whole phrase: when every word of it is indexed (no stop word, no CJK run, whose
 * spacing the index does not keep), matching terms, positions and forms is matching the phrase.
 */
export function phraseTokens(
  phrase: string,
  analysis: string = DEFAULT_ANALYSIS,
): { words: PositionedTerm[]; complete: boolean } {
  const words = indexTokens(phrase, analysis).filter(({ term }) => !term.startsWith(SKELETON_MARK))
  const wordCount = trimSteps.run(casebookTokenizer(phrase)).length
  return { words, complete: !CJK.test(phrase) && words.length === wordCount }
}

/** Words repeat heavily across texts: remembering their terms (per analysis) makes snippet marking cheap. */
const termCaches = new Map<string, Map<string, string | null>>()
const TERM_CACHE_LIMIT = 100_000

const trimPipeline = new lunr.Pipeline()
trimPipeline.add(unicodeTrimmer, dropEmpty, lunr.stopWordFilter)

/**
 * The index term for one raw word in a text of the given analysis (its first term; a skeleton may follow
 * it in the index), or null if the word is not indexed (a stop word, punctuation).
 */
export function termOf(word: string, analysis: string = DEFAULT_ANALYSIS): string | null {
  let cache = termCaches.get(analysis)
  if (!cache) termCaches.set(analysis, (cache = new Map()))
  const cached = cache.get(word)
  if (cached !== undefined) return cached
  const [first] = trimPipeline.run([new lunr.Token(word.toLowerCase(), {})])
  const term = first ? stemToken(first, analysis).toString() || null : null
  if (cache.size >= TERM_CACHE_LIMIT) cache.clear()
  cache.set(word, term)
  return term
}

/** The skeleton term a word is indexed with, if any. */
export function skeletonTermOf(word: string): string | null {
  const cached = skeletonCache.get(word)
  if (cached !== undefined) return cached
  const [trimmed] = trimPipeline.runString(word.toLowerCase())
  const skeleton = trimmed ? skeletonOf(trimmed) : null
  const term = skeleton ? SKELETON_MARK + skeleton : null
  if (skeletonCache.size >= TERM_CACHE_LIMIT) skeletonCache.clear()
  skeletonCache.set(word, term)
  return term
}

/** Transliteration is the slow part of marking names in snippets; words repeat, so it is remembered. */
const skeletonCache = new Map<string, string | null>()

/** The default analysis and the others given, once each: the analyses a query word is looked up under. */
function withDefault(analyses: readonly string[]): string[] {
  return [...new Set([DEFAULT_ANALYSIS, ...analyses])]
}

/**
 * Every index term a query word may be written as in the archive: its own term under the default analysis
 * and under each other analysis the archive holds (`analyses`: a German article holds "Wahlen" as "wahl",
 * an English one as "wahlen"), its skeleton term (a Cyrillic or differently romanised spelling of a name),
 * and the plain term of its skeleton (the Latin spelling that is its own skeleton).
 * "Tokayev" → tokayev, ≈tokaev, tokaev.
 */
export function alternativesOf(word: string, analyses: readonly string[] = []): string[] {
  const all = withDefault(analyses)
  const own = all.map((analysis) => termOf(word, analysis))
  if (!own[0]) return []
  const skeletonTerm = skeletonTermOf(word)
  const alternatives = own.filter((term): term is string => term !== null)
  if (skeletonTerm) {
    const skeleton = skeletonTerm.slice(SKELETON_MARK.length)
    alternatives.push(skeletonTerm)
    for (const analysis of all) alternatives.push(termOf(skeleton, analysis) ?? skeleton)
  }
  return [...new Set(alternatives)]
}

/**
 * The terms a document matched, with the analysis of the document: what its words are taken as when its
 * snippet is marked (see matchingSpans), so that the marks agree with what matched.
 */
export class MatchedTerms extends Set<string> {
  constructor(
    terms: Iterable<string>,
    readonly analysis: string,
  ) {
    super(terms)
  }
}

/** The analysis matched terms are marked with: their document's, or the default for a plain set. */
export function analysisOfTerms(terms: ReadonlySet<string>): string {
  return terms instanceof MatchedTerms ? terms.analysis : DEFAULT_ANALYSIS
}

export interface WordSpan {
  start: number
  end: number
  word: string
  term: string
}

export const WORD = "[\\p{L}\\p{N}][\\p{L}\\p{N}\\p{M}'’_.]*[\\p{L}\\p{N}\\p{M}]|[\\p{L}\\p{N}]"
const WORDS = new RegExp(WORD, 'gu')
/**
 * Where a capitalised word may start: a Latin or Russian capital, or any character but white space, the
 * rest of ASCII and Russian lower-case letters (checked for \p{Lu} then). A plain set of characters lets
 * the regular expression engine skip through the text: \p{Lu} and a look-behind tried at every character
 * cost 0.3 ms in a 5 KB English text, about four times this; a name's mentions scan hundreds of texts.
 */
const CAPITAL_CANDIDATE = /[A-Z\u0410-\u042f\u0401]|[^\s!-\x7f\u0430-\u044f\u0451]/g
const UPPER_CASE = /^\p{Lu}$/u
/** The rest of a word after its first letter, as WORD has it. */
const WORD_REST = /(?:[\p{L}\p{N}\p{M}'’_.]*[\p{L}\p{N}\p{M}])?/uy

/** The character (code point) ending just before `index`. */
function characterBefore(text: string, index: number): string {
  const low = text.charCodeAt(index - 1)
  return low >= 0xdc00 && low <= 0xdfff && index > 1 ? text.slice(index - 2, index) : text.charAt(index - 1)
}

/** The words of a text that start with a capital letter (not preceded by a letter, digit or mark), in order. */
function* capitalisedWords(text: string): Generator<{ index: number; word: string }> {
  const candidates = new RegExp(CAPITAL_CANDIDATE)
  for (let found = candidates.exec(text); found; found = candidates.exec(text)) {
    const { index } = found
    const capital = String.fromCodePoint(text.codePointAt(index) ?? 0)
    candidates.lastIndex = index + capital.length
    if (capital.charCodeAt(0) >= 0x80 && !UPPER_CASE.test(capital)) continue
    if (index > 0 && LETTER_OR_DIGIT.test(characterBefore(text, index))) continue
    WORD_REST.lastIndex = index + capital.length
    const word = capital + (WORD_REST.exec(text)?.[0] ?? '')
    candidates.lastIndex = index + word.length
    yield { index, word }
  }
}

const WORD_AT = new RegExp(WORD, 'uy')
export const LETTER_OR_DIGIT = /[\p{L}\p{N}\p{M}]/u

/** Every indexed word of a text (of the given analysis) with its offsets. */
export function wordSpans(text: string, analysis: string = DEFAULT_ANALYSIS): WordSpan[] {
  const spans: WordSpan[] = []
  for (const match of text.matchAll(WORDS)) {
    const term = termOf(match[0], analysis)
    if (term) spans.push({ start: match.index, end: match.index + match[0].length, term, word: match[0] })
  }
  return spans
}

/**
 * The words of a text whose term is one of `terms`, in text order, each word taken as the index holds it
 * for a text of the given analysis — the text's own, so that what is marked is what matched. Instead of
 * running the pipeline on every word, it looks only where a term's stem (less its last letter, which
 * stemming may change: policy → polici) begins a word — snippets for a page of long articles stay cheap.
 */
export function matchingSpans(
  text: string,
  terms: ReadonlySet<string>,
  /** For a snippet: only spans up to this many characters past the first are needed. */
  within = Infinity,
  analysis: string = DEFAULT_ANALYSIS,
): WordSpan[] {
  const plain = new Set<string>()
  const skeletons = new Set<string>()
  for (const term of terms) (term.startsWith(SKELETON_MARK) ? skeletons : plain).add(term)
  const found = new Map<number, WordSpan>()
  let first = Infinity
  for (const span of plainSpans(text, plain, analysis)) {
    found.set(span.start, span)
    first = Math.min(first, span.start)
  }
  if (skeletons.size > 0) {
    // A name found through its skeleton may be written in another script. Only capitalised words carry
    // a skeleton in the index (see skeletonExpander), so only words starting with a capital are looked at.
    for (const { index, word } of capitalisedWords(text)) {
      if (index > first + within) break
      if (found.has(index)) continue
      const skeleton = skeletonTermOf(word)
      if (skeleton && skeletons.has(skeleton)) {
        found.set(index, { start: index, end: index + word.length, term: skeleton, word })
        first = Math.min(first, index)
      }
    }
  }
  return [...found.values()].sort((a, b) => a.start - b.start)
}

/** Latin letters with diacritics, each of which folds to one letter (see foldLatin). */
const FOLDABLE = /[\u00c0-\u024f\u1e00-\u1eff]/g
const MAY_FOLD = /[\u00c0-\u024f\u1e00-\u1eff]/

function plainSpans(text: string, terms: ReadonlySet<string>, analysis: string): WordSpan[] {
  if (terms.size === 0) return []
  const lower = text.toLowerCase()
  // Lower-casing can change lengths in a few scripts; then offsets would drift, so scan every word.
  if (lower.length !== text.length) return wordSpans(text, analysis).filter((span) => terms.has(span.term))
  // Terms hold Latin letters folded ("élections" is held as "elect"): they are looked for in a folded copy of
  // the text, one letter for one so that offsets agree, and each word found is checked as written.
  const searchable = MAY_FOLD.test(lower)
    ? lower.replace(FOLDABLE, (letter) => letter.normalize('NFD')[0] ?? letter)
    : lower
  const found = new Map<number, WordSpan>()
  for (const term of terms) {
    const stem = term.length > 3 ? term.slice(0, -1) : term
    for (let at = searchable.indexOf(stem); at !== -1; at = searchable.indexOf(stem, at + 1)) {
      if (found.has(at) || (at > 0 && LETTER_OR_DIGIT.test(text[at - 1] ?? ''))) continue
      WORD_AT.lastIndex = at
      const word = WORD_AT.exec(text)?.[0]
      if (word && termOf(word, analysis) === term)
        found.set(at, { start: at, end: at + word.length, term, word })
    }
  }
  return [...found.values()]
}

/**
 * The terms a fuzzy query word (word~1) is matched against. Russian stems of names are false friends
 * (Токаев stems to "тока", one edit from "ток"), so outside Latin script the unstemmed word is used, and
 * the skeleton carries the match across scripts. A Latin-script word is also tried as stemmed under each
 * analysis the archive holds.
 */
export function fuzzyAlternativesOf(word: string, analyses: readonly string[] = []): string[] {
  const [trimmed] = trimPipeline.runString(word.toLowerCase())
  if (!trimmed) return []
  const alternatives = [trimmed]
  if (/^[a-z]+$/.test(trimmed)) alternatives.unshift(termOf(word) ?? trimmed)
  for (const analysis of analyses) {
    if (analysis === DEFAULT_ANALYSIS) continue
    const stem = termOf(word, analysis)
    if (stem && stem !== trimmed && /^\p{Script=Latin}+$/u.test(stem)) alternatives.push(stem)
  }
  const skeletonTerm = skeletonTermOf(word)
  if (skeletonTerm) alternatives.push(skeletonTerm)
  return [...new Set(alternatives.map(String))]
}

/**
 * What a prefix query (`educat*`) looks for. Index terms are stems ("education" is held as "educ"), so the
 * prefix is tried as typed and as a stem (under each analysis the archive holds); and since a stem can be
 * shorter than what was typed ("cooperat*" is held as "cooper"), the typed prefix cut back by up to three
 * letters counts as a whole term.
 */
export function prefixForms(
  text: string,
  analyses: readonly string[] = [],
): { prefixes: string[]; wholeTerms: string[] } {
  const start = text.toLowerCase().replace(EDGE_PUNCTUATION, '')
  if (!start) return { prefixes: [], wholeTerms: [] }
  const stems = withDefault(analyses)
    .map((analysis) => termOf(start, analysis))
    .filter((stem): stem is string => stem !== null && stem.length >= 2)
  const prefixes = [...new Set([start, ...stems])]
  const wholeTerms: string[] = []
  for (let length = start.length - 1; length >= Math.max(4, start.length - 3); length--) {
    wholeTerms.push(start.slice(0, length))
  }
  return { prefixes, wholeTerms }
}

/**
 * How many leading letters of a fuzzy word (`word~1`) are kept as typed: typing mistakes are rarely in a
 * word's first letter, and letting it vary makes a stem like "gover" (goverment~1) reach "over" and
 * "cover" too. A skeleton term keeps its mark and first letter.
 */
export function fuzzyFixedLength(term: string): number {
  return term.startsWith(SKELETON_MARK) ? 2 : 1
}

/** The index terms of a piece of text, in order, as the index holds them (no skeletons): for phrases. */
export function textTerms(text: string, analysis: string = DEFAULT_ANALYSIS): string[] {
  const words = trimSteps.run(casebookTokenizer(text).map((token) => new lunr.Token(token.toString(), {})))
  return termTokens(words, analysis)
    .map(String)
    .filter((term) => !term.startsWith(SKELETON_MARK))
}
