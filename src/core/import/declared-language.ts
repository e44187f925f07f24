import { STOP_WORD_LANGUAGES, stopWordTest } from '../search/stemming'

/** Fewer words than this tell nothing by their function words alone. */
const MIN_WORDS = 20
/** The declared language's function words are at least this share of the words (English prose: 0.26–0.6). */
const MIN_SHARE = 0.25
/** …and at least this many times any other listed language's share (Spanish and Portuguese share many). */
const LEAD = 2
/** …in text written this much in the language's own script (Cyrillic for Russian, Latin for the rest). */
const MIN_SCRIPT_SHARE = 0.9

/** Words of two letters or more: a letter alone is mostly an option (`-l`) or an initial, and French's list holds l, d, j… */
const WORD = /\p{L}{2,}(?:['’]\p{L}+)*/gu
const LETTER = /\p{L}/gu
const LATIN = /\p{Script=Latin}/gu
const RUSSIAN = /[а-яё]/giu
/** Cyrillic letters Russian does not use (Ukrainian і, ї, є; Serbian ј, љ; Kazakh ә, қ, ң…): any is a no. */
const OTHER_CYRILLIC = /[^\P{Script=Cyrillic}а-яё]/iu

const tests = new Map<string, (word: string) => boolean>()
function stopWords(language: string): (word: string) => boolean {
  let test = tests.get(language)
  if (!test) {
    test = stopWordTest(language) ?? (() => false)
    tests.set(language, test)
  }
  return test
}

const count = (text: string, pattern: RegExp): number => text.match(pattern)?.length ?? 0

/**
 * Whether a sample plainly reads as the language its file declares, by function words: a cheap yes that
 * spares the language detector (tinyld costs 1–2 ms a page; this ~0.05 ms), never a no. "Not plainly" is
 * left to the detector, so a template declaring English on a German page is still caught there.
 *
 * Plainly means: written in the language's script (Russian's own letters, for Russian), and the language's stop words (lunr's and
 * lunr-languages' lists) are a quarter of the words at least and twice any other listed language's share.
 * On 1,300 samples of 300 characters from Debian's translated man pages and the Brown corpus, no sample was
 * taken for a language it is not written in, except text that was in fact in it (untranslated English
 * paragraphs) — see docs/benchmarks.md. Languages without a list always go to the detector.
 */
export function readsAsDeclared(sample: string, language: string): boolean {
  if (!STOP_WORD_LANGUAGES.includes(language)) return false
  const letters = count(sample, LETTER)
  const script = count(sample, language === 'ru' ? RUSSIAN : LATIN)
  if (letters === 0 || script < MIN_SCRIPT_SHARE * letters) return false
  if (language === 'ru' && OTHER_CYRILLIC.test(sample)) return false
  const words = sample.toLowerCase().match(WORD) ?? []
  if (words.length < MIN_WORDS) return false
  const shareOf = (lang: string): number => {
    const isStopWord = stopWords(lang)
    let n = 0
    for (const word of words) if (isStopWord(word)) n++
    return n / words.length
  }
  const own = shareOf(language)
  if (own < MIN_SHARE) return false
  return STOP_WORD_LANGUAGES.every((other) => other === language || shareOf(other) * LEAD <= own)
}
