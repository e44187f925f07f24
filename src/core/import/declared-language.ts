import { STOP_WORD_LANGUAGES, stopWordTest } from '../search/stemming'

/** Fewer words than this tell nothing by their function words alone. */
const MIN_WORDS = 20
/** The declared language's function words are at least this share of the words (English prose: 0.26–0.6). */
const MIN_SHARE = 0.25
/** …and at least this many times any other listed language's share (Spanish and Portuguese share many). */
const LEAD = 2
/** …in text written this much in the language's own script (Cyrillic for Russian, Latin for the rest). */
const MIN_SCRIPT_SHARE = 0.9

/**
 * Words of two letters or more: a letter alone is mostly an option (`-l`) or an initial, and French's list
 * holds l, d, j…
 */
const WORD = /\p{L}{2,}(?:['’]\p{L}+)*/gu
const LETTER = /\p{L}/gu
const LATIN = /\p{Script=Latin}/gu
const RUSSIAN = /[а-яё]/giu
/** Cyrillic letters Russian does not use (Ukrainian і, ї, є; Serbian ј, љ; Kazakh ә, қ, ң…): any is a no. */
const OTHER_CYRILLIC = /[^\P{Script=Cyrillic}а-яё]/iu
/**
 * Letters Russian writes often and Bulgarian, with the same alphabet otherwise, never: Russian text of this
 * length without either goes to the detector.
 */
const RUSSIAN_ONLY = /[ыэ]/iu

/** Remembers this many distinct words' lists at most before starting over (a few MB at most). */
const LISTS_CACHE_LIMIT = 50_000
/**
 * Which languages' lists hold a word, as bits in the order of STOP_WORD_LANGUAGES: natural text repeats its
 * words, so most words cost one lookup rather than one per language.
 */
const listsOfWord = new Map<string, number>()
let tests: Array<(word: string) => boolean> | undefined
// One bit per language in a 32-bit mask.
if (STOP_WORD_LANGUAGES.length > 31) throw new Error('more stop-word lists than bits in a mask')

function listsOf(word: string): number {
  let mask = listsOfWord.get(word)
  if (mask === undefined) {
    tests ??= STOP_WORD_LANGUAGES.map((language) => stopWordTest(language) ?? (() => false))
    mask = 0
    for (let i = 0; i < tests.length; i++) if (tests[i]?.(word)) mask |= 1 << i
    if (listsOfWord.size >= LISTS_CACHE_LIMIT) listsOfWord.clear()
    listsOfWord.set(word, mask)
  }
  return mask
}

const count = (text: string, pattern: RegExp): number => text.match(pattern)?.length ?? 0

/**
 * Whether a sample plainly reads as the language its file declares, by function words: a cheap yes that
 * spares the language detector (tinyld costs 1–2 ms a page; this ~0.08 ms), never a no. "Not plainly" is
 * left to the detector, so a template declaring English on a German page is still caught there.
 *
 * Plainly means: written in the language's script (Russian's own letters, for Russian), and the language's
 * stop words (lunr's and lunr-languages' lists) are a quarter of the words at least and twice any other
 * listed language's share.
 * On 1,703 samples of 300 characters from Debian's translated man pages and the Brown corpus, no sample was
 * taken for a language it is not written in, except text that was in fact in it (untranslated English
 * paragraphs) — see docs/benchmarks.md. Languages without a list always go to the detector.
 */
export function readsAsDeclared(sample: string, language: string): boolean {
  if (!STOP_WORD_LANGUAGES.includes(language)) return false
  const letters = count(sample, LETTER)
  const script = count(sample, language === 'ru' ? RUSSIAN : LATIN)
  if (letters === 0 || script < MIN_SCRIPT_SHARE * letters) return false
  if (language === 'ru' && (OTHER_CYRILLIC.test(sample) || !RUSSIAN_ONLY.test(sample))) return false
  const words = sample.toLowerCase().match(WORD) ?? []
  if (words.length < MIN_WORDS) return false
  // How many of the words each language's list holds.
  const counts = new Array<number>(STOP_WORD_LANGUAGES.length).fill(0)
  for (const word of words) {
    const mask = listsOf(word)
    for (let i = 0; mask >>> i !== 0; i++) if (mask & (1 << i)) counts[i] = (counts[i] ?? 0) + 1
  }
  const ownIndex = STOP_WORD_LANGUAGES.indexOf(language)
  const own = counts[ownIndex] ?? 0
  if (own < MIN_SHARE * words.length) return false
  return counts.every((n, i) => i === ownIndex || n * LEAD <= own)
}
