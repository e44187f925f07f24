import lunr from 'lunr'
import danishPlugin from 'lunr-languages/lunr.da.js'
import dutchPlugin from 'lunr-languages/lunr.nl.js'
import finnishPlugin from 'lunr-languages/lunr.fi.js'
import frenchPlugin from 'lunr-languages/lunr.fr.js'
import germanPlugin from 'lunr-languages/lunr.de.js'
import hungarianPlugin from 'lunr-languages/lunr.hu.js'
import italianPlugin from 'lunr-languages/lunr.it.js'
import norwegianPlugin from 'lunr-languages/lunr.no.js'
import polishPlugin from 'lunr-languages/lunr.pl.js'
import portuguesePlugin from 'lunr-languages/lunr.pt.js'
import romanianPlugin from 'lunr-languages/lunr.ro.js'
import russianPlugin from 'lunr-languages/lunr.ru.js'
import spanishPlugin from 'lunr-languages/lunr.es.js'
import stemmerSupport from 'lunr-languages/lunr.stemmer.support.js'
import swedishPlugin from 'lunr-languages/lunr.sv.js'
import turkishPlugin from 'lunr-languages/lunr.tr.js'

/**
 * Which stemmer a word gets, by the language of the article it is in (articles.language, detected at
 * import, editable) — an "analysis". The default analysis, for English, Russian, other languages and no
 * language at all, is the one the index always had: Porter on plain Latin-script words, Snowball Russian
 * on words in Russian letters, every other word whole (Kazakh words, with their own letters, among them).
 * A language with a Snowball stemmer in lunr-languages has an analysis of its own, which differs only in
 * its Latin-script words: they get that language's stemmer (a German article's "Wahlen" is held as
 * "wahl"); its Cyrillic words still get the Russian stemmer and its other words stay whole.
 *
 * A stemmer is slow next to the rest of the pipeline, and natural text repeats its words heavily, so each
 * stemmer remembers the stems it made (up to a bound).
 */

/** The analysis of English, Russian, unknown and unstemmed languages; an empty string, so it is falsy. */
export const DEFAULT_ANALYSIS = ''

type Plugin = typeof russianPlugin

/**
 * Languages (ISO 639-1, as tinyld detects them) with a Snowball stemmer for Latin script. Plugins are
 * registered with lunr on first use only. Greek's stemmer in lunr-languages leaves accented words alone,
 * and the others (Arabic, Hebrew, Indic, CJK) are not Snowball stemmers fit for this index: left out.
 */
const LATIN_STEMMERS: Record<string, { name: string; plugin: Plugin }> = {
  da: { name: 'da', plugin: danishPlugin },
  de: { name: 'de', plugin: germanPlugin },
  es: { name: 'es', plugin: spanishPlugin },
  fi: { name: 'fi', plugin: finnishPlugin },
  fr: { name: 'fr', plugin: frenchPlugin },
  hu: { name: 'hu', plugin: hungarianPlugin },
  it: { name: 'it', plugin: italianPlugin },
  nl: { name: 'nl', plugin: dutchPlugin },
  no: { name: 'no', plugin: norwegianPlugin },
  nb: { name: 'no', plugin: norwegianPlugin },
  nn: { name: 'no', plugin: norwegianPlugin },
  pl: { name: 'pl', plugin: polishPlugin },
  pt: { name: 'pt', plugin: portuguesePlugin },
  ro: { name: 'ro', plugin: romanianPlugin },
  sv: { name: 'sv', plugin: swedishPlugin },
  tr: { name: 'tr', plugin: turkishPlugin },
}

/** The analysis an article's language is indexed with: its stemmer's name, or DEFAULT_ANALYSIS. */
export function analysisOf(language: string | null | undefined): string {
  if (!language) return DEFAULT_ANALYSIS
  return LATIN_STEMMERS[language.toLowerCase()]?.name ?? DEFAULT_ANALYSIS
}

/** Whether an analysis is one this index knows (a segment may hold one written by another version). */
export function isAnalysis(analysis: string): boolean {
  return analysis === DEFAULT_ANALYSIS || Object.values(LATIN_STEMMERS).some((s) => s.name === analysis)
}

type LunrLanguages = Record<
  string,
  { stemmer?: (word: string) => string; stopWordFilter?: (word: string) => unknown } | undefined
>

stemmerSupport(lunr)
russianPlugin(lunr)
const registered = new Set<string>(['ru'])

/** A lunr-languages plugin registered with lunr, the first time it is wanted. */
function register(name: string): void {
  if (registered.has(name)) return
  const entry = Object.values(LATIN_STEMMERS).find((s) => s.name === name)
  if (!entry) throw new Error(`no stemmer for ${name}`)
  entry.plugin(lunr)
  registered.add(name)
}

/** A language's stemmer on a lower-case word, its plugin registered with lunr the first time. */
function snowballStemmer(name: string): (word: string) => string {
  register(name)
  const stemmer = (lunr as unknown as LunrLanguages)[name]?.stemmer
  if (!stemmer) throw new Error(`lunr-languages did not register a stemmer for ${name}`)
  // Given a string rather than a token, a lunr-languages stemmer returns the stem.
  return (word) => stemmer(word)
}

/** Stems at most this many distinct words per stemmer before starting over (a few MB at most). */
export const STEM_CACHE_LIMIT = 50_000

/** A stemmer that remembers its stems: a word seen before costs one lookup. */
function remembering(stem: (word: string) => string): (word: string) => string {
  const stems = new Map<string, string>()
  return (word) => {
    let stemmed = stems.get(word)
    if (stemmed === undefined) {
      stemmed = stem(word)
      if (stems.size >= STEM_CACHE_LIMIT) stems.clear()
      stems.set(word, stemmed)
    }
    return stemmed
  }
}

const porterStemmer = lunr.stemmer as unknown as (token: lunr.Token) => lunr.Token
const porter = remembering((word) => porterStemmer(new lunr.Token(word, {})).toString())
const russian = remembering(snowballStemmer('ru'))
const latinStemmers = new Map<string, (word: string) => string>()

/** Latin letters' diacritics dropped ("élect" → "elect"), as the trimmer folds the words of the index. */
function foldDiacritics(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '')
}

function latinStemmer(analysis: string): (word: string) => string {
  let stemmer = latinStemmers.get(analysis)
  if (!stemmer) {
    const snowball = snowballStemmer(analysis)
    // Snowball stemmers know their language's accents ("elección", "elecciones" → "eleccion"), so they get
    // the word as written; the stem is folded afterwards, as every Latin-script term of the index is.
    stemmer = remembering((word) => {
      const stem = snowball(word.normalize('NFC'))
      return PLAIN_LATIN.test(stem) ? stem : foldDiacritics(stem)
    })
    latinStemmers.set(analysis, stemmer)
  }
  return stemmer
}

const PLAIN_LATIN = /^[a-z]+$/
const RUSSIAN_LETTERS = /^[а-яё]+$/
/** A word in Latin letters only, once its diacritics are folded (ß, æ, ø, ł and the like remain). */
const LATIN_LETTERS = /^\p{Script=Latin}+$/u

/**
 * The stem of a lower-case, trimmed and folded word under an analysis. `unfolded` is the word before its
 * diacritics were folded, when folding changed it (see the trimmer): a language's own stemmer reads that.
 */
export function stemOf(word: string, analysis: string, unfolded?: string): string {
  if (analysis !== DEFAULT_ANALYSIS && (PLAIN_LATIN.test(word) || LATIN_LETTERS.test(word))) {
    return latinStemmer(analysis)(unfolded ?? word)
  }
  if (PLAIN_LATIN.test(word)) return porter(word)
  if (RUSSIAN_LETTERS.test(word)) return russian(word)
  return word
}

/**
 * The languages (ISO 639-1) whose stop-word lists are at hand: lunr's English one, and the Snowball lists
 * lunr-languages ships with each stemmer (Russian's among them).
 */
export const STOP_WORD_LANGUAGES: readonly string[] = [
  'en',
  'ru',
  ...new Set(Object.values(LATIN_STEMMERS).map((s) => s.name)),
]

/** Whether a lower-case word is on a language's stop-word list; null for a language without one. */
export function stopWordTest(language: string): ((word: string) => boolean) | null {
  let filter: ((word: string) => unknown) | undefined
  if (language === 'en') filter = lunr.stopWordFilter as unknown as (word: string) => unknown
  else if (STOP_WORD_LANGUAGES.includes(language)) {
    if (language !== 'ru') register(language)
    filter = (lunr as unknown as LunrLanguages)[language]?.stopWordFilter
  }
  if (!filter) return null
  const keeps = filter
  // A lunr stop-word filter gives a word back unless it is a stop word (it reads a string as a token).
  return (word) => keeps(word) === undefined
}
