import { transliterate } from 'transliteration'
import {
  DEFAULT_ANALYSIS,
  LETTER_OR_DIGIT,
  skeletonTermOf,
  termOf,
  WORD,
  WORD_SEPARATOR,
} from './text-pipeline'

/**
 * A name as mention discovery looks for it in the text: each of its words in any spelling its skeleton
 * allows (Tokayev, Tokaev, Токаев, Тоқаев: see name-fold.ts) and, in Cyrillic, in any of its Russian case
 * forms (Токаеву, Токаевым, Астане, Казахстана). Neither the index's stems nor its skeletons give those
 * for every name: the Snowball stemmer stems Токаев to "тока" but Токаева to "токаев", Казахстан to
 * "казахста" but Казахстане to "казахстан"; and a skeleton folds only surname endings (-ev, -ov, -in), so
 * "Astana" and "Kazakhstan" never met Астане or Казахстана. So each word's case forms are spelled out
 * (base + ending, in the name's own script: Astan + e, Астан + е), and a Cyrillic word of the text is a
 * form of the name's word when its skeleton is one of theirs. The forms' skeletons are what the index
 * holds for a capitalised word, so the same forms, as query words, find the articles.
 */

/** The endings of Russian nouns, first names and surnames in their cases (Токаев-у, Астан-е, Токаев-ым). */
const NOUN_ENDINGS = [
  ...['а', 'я', 'у', 'ю', 'е', 'и', 'ы', 'ом', 'ем', 'ём', 'ой', 'ей', 'ою', 'ею'],
  ...['ам', 'ям', 'ами', 'ями', 'ах', 'ях', 'ов', 'ев', 'ым', 'им', 'ых', 'их', 'ыми', 'ими'],
]
/** The endings of adjectives, which names of organisations and adjectival surnames decline by (Толст-ого). */
const ADJECTIVE_ENDINGS = [
  ...['ый', 'ий', 'ой', 'ая', 'яя', 'ое', 'ее', 'ые', 'ие', 'ого', 'его', 'ому', 'ему', 'ым', 'им'],
  ...['ом', 'ем', 'ую', 'юю', 'ых', 'их', 'ыми', 'ими', 'ей'],
]
/** The same endings as a romanised Russian text writes them, by the library the skeletons use (я → ya). */
const LATIN_NOUN_ENDINGS = [...new Set(NOUN_ENDINGS.map((ending) => transliterate(ending)))]
const LATIN_ADJECTIVE_ENDINGS = [...new Set(ADJECTIVE_ENDINGS.map((ending) => transliterate(ending)))]

const CYRILLIC = /\p{Script=Cyrillic}/u
const LATIN = /^\p{Script=Latin}+$/u
/** A name's own query syntax and the quotes around it are not part of its words. */
const QUERY_SYNTAX = /["*~:()«»“”„]/g
const EDGE_PUNCTUATION = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu
/** Shorter than this, an adjective's base is more likely a short name's (Юр-ий, whose forms are not Юр-а). */
const ADJECTIVE_BASE_MIN = 4

/**
 * The bases a word declines from. A noun's: the word without its nominative ending а, я, ь or й (Астан-а,
 * Али-я, Казан-ь, Юри-й; Latin a, y, j, and i after a vowel), else the word (Токаев). An adjective's: the
 * word without ый, ий, ой, ая… (Центральн-ая, Толст-ой), when what is left is long enough.
 */
function basesOf(word: string): { noun: string; adjective: string | null } {
  if (CYRILLIC.test(word)) {
    const adjective = /^(.+?)(?:ый|ий|ой|ая|яя|ое|ее|ые|ие)$/iu.exec(word)?.[1]
    return {
      noun: word.replace(/[аяьй]$/iu, ''),
      adjective: adjective && adjective.length >= ADJECTIVE_BASE_MIN ? adjective : null,
    }
  }
  const adjective = /^(.+?)(?:iy|yy|ii|ij|yi|oy|oi|aya|aia|y)$/i.exec(word)?.[1]
  return {
    noun: word.replace(/(?:[ayj]|(?<=[aeiou])i)$/i, ''),
    adjective: adjective && adjective.length >= ADJECTIVE_BASE_MIN ? adjective : null,
  }
}

/**
 * A word and its Russian case forms, in its own script (Cyrillic, or Latin as romanised); a word in
 * another script, or with digits, only as written.
 */
export function russianForms(word: string): string[] {
  const cyrillic = CYRILLIC.test(word)
  // An initial (F. of John F. Kennedy) or a two-letter word is not declined as a name.
  if ((!cyrillic && !LATIN.test(word)) || [...word].length < 3) return [word]
  const { noun, adjective } = basesOf(word)
  const forms = [word, ...(cyrillic ? NOUN_ENDINGS : LATIN_NOUN_ENDINGS).map((ending) => noun + ending)]
  if (adjective)
    forms.push(
      ...(cyrillic ? ADJECTIVE_ENDINGS : LATIN_ADJECTIVE_ENDINGS).map((ending) => adjective + ending),
    )
  return [...new Set(forms)]
}

/** One word of a name, with what is needed to look for it and to recognise it in a text. */
export interface NameWord {
  /** As written in the name, without punctuation around it. */
  readonly text: string
  /** Written with a capital: then only a word written with one is taken for it (Bush, not bush). */
  readonly capitalised: boolean
  /** Words to put to the index for it: one per distinct way the index may hold it or one of its forms. */
  readonly queryWords: readonly string[]
  /** Whether the index holds the word at all (a stop word it does not, so it is not asked for). */
  readonly indexed: boolean
  /** Whether a word of a text is this word, given the text's analysis (see stemming.ts). */
  matches(written: string, analysis: string): boolean
}

function nameWord(text: string): NameWord {
  const skeleton = skeletonTermOf(text)
  const forms = russianForms(text)
  // The skeletons of the forms; a Cyrillic word of a text with one of them is a form of this word.
  const formSkeletons = new Set<string>()
  const queryWords: string[] = []
  const asked = new Set<string>()
  for (const form of forms) {
    const formSkeleton = skeletonTermOf(form)
    if (formSkeleton) formSkeletons.add(formSkeleton)
    // A form is worth asking for when the index may hold it differently from those asked already: by its
    // skeleton, or (for a Cyrillic form, which is also held by its Russian stem) by its stem too.
    const key = `${formSkeleton ?? ''} ${CYRILLIC.test(form) || !formSkeleton ? termOf(form) : ''}`
    if (asked.has(key)) continue
    asked.add(key)
    queryWords.push(form)
  }
  const terms = new Map<string, string | null>()
  const termIn = (analysis: string) => {
    let term = terms.get(analysis)
    if (term === undefined) terms.set(analysis, (term = termOf(text, analysis)))
    return term
  }
  const capitalised = /^\p{Lu}/u.test(text)
  const lower = text.toLowerCase()
  return {
    text,
    capitalised,
    queryWords,
    indexed: termOf(text) !== null,
    matches(written, analysis) {
      if (capitalised && !/^\p{Lu}/u.test(written)) return false
      const writtenSkeleton = skeletonTermOf(written)
      if (skeleton && writtenSkeleton === skeleton) return true
      // A Cyrillic word may be one of the name's Russian case forms, and nothing else counts: its Russian
      // stem is no guide to a name (Токаев is stemmed to "тока", the word for "of the current").
      // The case forms are looked for in Cyrillic only: in Latin, "Nura" is not a form of "Nur".
      if (writtenSkeleton && CYRILLIC.test(written)) return formSkeletons.has(writtenSkeleton)
      // A Latin word, or one too short for a skeleton: the same word as the index holds it (its stem).
      const term = termIn(analysis)
      // A stop word (of, the) is not in the index: it is compared as written.
      if (term === null) return written.toLowerCase() === lower
      return termOf(written, analysis) === term
    },
  }
}

/** A name (or alias) of an entity as its words; null when it has no word the index holds. */
export interface NamePattern {
  readonly name: string
  readonly words: readonly NameWord[]
  /** The first word the index holds: the one a text is searched for, the rest checked around it. */
  readonly anchor: number
}

export function namePattern(name: string): NamePattern | null {
  const words = name
    .replace(QUERY_SYNTAX, ' ')
    .split(WORD_SEPARATOR)
    .map((word) => word.replace(EDGE_PUNCTUATION, ''))
    .filter(Boolean)
    .map(nameWord)
  const anchor = words.findIndex((word) => word.indexed)
  return anchor === -1 ? null : { name, words, anchor }
}

/** A word as a query word: `OR` alone would be read as the operator. */
function queryWord(word: string): string {
  return word === 'OR' ? 'or' : word
}

/**
 * The search query for the articles where a name may occur: each word the index holds in any of its forms
 * (`Astana OR Astane OR Astany …`), every such word required. Single-word names can share one query: pass
 * them together, and each is one alternative of a single group.
 */
export function namesQuery(patterns: readonly NamePattern[]): string {
  const single = patterns.every((pattern) => pattern.words.length === 1)
  if (single) {
    const words = patterns.flatMap((pattern) => pattern.words.flatMap((word) => word.queryWords))
    return [...new Set(words.map(queryWord))].join(' OR ')
  }
  if (patterns.length !== 1) throw new Error('a query holds one name of several words, or names of one word')
  return (patterns[0]?.words ?? [])
    .filter((word) => word.indexed)
    .map((word) => [...new Set(word.queryWords.map(queryWord))].join(' OR '))
    .join(' ')
}

// The words of text-pipeline.ts (one definition, so mentions and search marks agree); own sticky instance.
const WORD_AT = new RegExp(WORD, 'uy')
const WORD_BEFORE =
  /[\p{L}\p{N}][\p{L}\p{N}\p{M}'’_.]*[\p{L}\p{N}\p{M}]$|(?<![\p{L}\p{N}\p{M}'’_.])[\p{L}\p{N}]$/u
/**
 * What may stand between two words of a name: spaces and dashes on one line (Kasym-Zhomart Tokayev), after
 * an initial its full stop (John F. Kennedy).
 */
const SEPARATOR = String.raw`(?:(?<=(?<![\p{L}\p{N}])\p{L})\.)?[ \t\u00a0\u2009\u202f\-\u2010-\u2015]{1,3}`
const SEPARATOR_AFTER = new RegExp(SEPARATOR, 'uy')
const SEPARATOR_BEFORE = new RegExp(`${SEPARATOR}$`, 'u')
/** How far back a word before the anchor is looked for. */
const LOOK_BACK = 80

/**
 * The occurrence of a name around a word of a text that may be its anchor word (`start`, `end`: the word's
 * offsets): the span from its first word to its last, or null if the words around are not the name's.
 */
export function nameAt(
  text: string,
  pattern: NamePattern,
  start: number,
  end: number,
  analysis: string = DEFAULT_ANALYSIS,
): { start: number; end: number } | null {
  const { words, anchor } = pattern
  if (!words[anchor]?.matches(text.slice(start, end), analysis)) return null
  let first = start
  for (let i = anchor - 1; i >= 0; i--) {
    const before = text.slice(Math.max(0, first - LOOK_BACK), first)
    const separator = SEPARATOR_BEFORE.exec(before)
    if (!separator) return null
    const word = WORD_BEFORE.exec(before.slice(0, separator.index))?.[0]
    if (!word || !words[i]?.matches(word, analysis)) return null
    first -= separator[0].length + word.length
  }
  if (first > 0 && LETTER_OR_DIGIT.test(text[first - 1] ?? '')) return null
  let last = end
  for (let i = anchor + 1; i < words.length; i++) {
    SEPARATOR_AFTER.lastIndex = last
    const separator = SEPARATOR_AFTER.exec(text)
    if (!separator) return null
    WORD_AT.lastIndex = last + separator[0].length
    const word = WORD_AT.exec(text)?.[0]
    if (!word || !words[i]?.matches(word, analysis)) return null
    last = WORD_AT.lastIndex
  }
  return { start: first, end: last }
}
