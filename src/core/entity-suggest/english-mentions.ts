import { createRequire } from 'node:module'
import type Nlp from 'compromise'
import { EVIDENCE, type Mention, type SuggestedEntityType } from './entity-suggestion'
import {
  isSentenceInitial,
  nameKey,
  overlapTest,
  quotedOrganisations,
  wordAfter,
  wordBefore,
} from './text-context'

/** The shape of compromise's `json({ offset: true })` that this module reads. */
interface Term {
  text: string
  tags: string[]
  offset: { start: number; length: number }
}

interface Sentence {
  terms: Term[]
}

interface Compromise {
  nlp: typeof Nlp
  /** compromise's lexicon: a lower-cased word or phrase → its tag(s), out of any context. */
  lexicon: Record<string, string | string[]>
}

let loaded: Compromise | null = null

/**
 * compromise, loaded on first use: loading it takes about half a second (its lexicon is unpacked), which an
 * engine that starts without ever suggesting should not pay. It is a plain synchronous require of its
 * CommonJS build, so suggesting stays synchronous.
 */
function compromise(): Compromise {
  if (!loaded) {
    const nlp = createRequire(import.meta.url)('compromise') as typeof Nlp
    const model = nlp.model() as { one: { lexicon: Record<string, string | string[]> } }
    loaded = { nlp, lexicon: model.one.lexicon }
  }
  return loaded
}

/**
 * The lexicon's tags for a word or phrase. The lexicon is a plain object, so only its own keys count: an
 * inherited one ("constructor") would return Object's function, not tags.
 */
function lexiconTags(phrase: string): string[] {
  const lexicon = compromise().lexicon
  const key = phrase.toLowerCase()
  const entry = Object.hasOwn(lexicon, key) ? lexicon[key] : undefined
  return entry === undefined ? [] : Array.isArray(entry) ? entry : [entry]
}

/** Tags that make a capitalised word a function word, a date or a number, never part of a name. */
const NOT_NAME_TAGS = [
  'Date',
  'Month',
  'WeekDay',
  'Value',
  'Pronoun',
  'Determiner',
  'Conjunction',
  'Preposition',
  'QuestionWord',
  'Modal',
  'Copula',
  'Negative',
  'Expression',
]
const PERSON_TAGS = ['Person', 'FirstName', 'MaleName', 'FemaleName', 'LastName']
const PLACE_TAGS = ['Place', 'Country', 'City', 'Region']
const ORGANISATION_TAGS = ['Organization', 'SportsTeam']
const ENTITY_TAGS = [...PERSON_TAGS, ...PLACE_TAGS, ...ORGANISATION_TAGS]

/** The last word of an organisation's name: the Democratic *Party*, the *League* of Young Voters. */
const ORGANISATION_HEADS = new Set(
  (
    'party commission committee league foundation fund ministry council union bank university institute movement ' +
    'agency service court parliament assembly government corporation company association organisation organization ' +
    'office department front alliance coalition group inc ltd llc corp news times post bureau board authority police ' +
    'army forces guard church college academy network club society trust bloc legislature senate congress jury ' +
    'hospital school house'
  ).split(' '),
)
/** The last word of a place's name: the Kyrgyz *Republic*, the United *States*, Red *Square*. */
const PLACE_HEADS = new Set(
  (
    'republic kingdom states emirates islands island mountains river lake sea ocean region province oblast district ' +
    'county city square street avenue valley desert peninsula bay gulf strait canal'
  ).split(' '),
)
/** Words that, just before a quoted or unknown name, say it is an organisation. */
const ORGANISATION_CUES = new Set(
  (
    'movement foundation party fund company organisation organization think-tank group newspaper agency channel ' +
    'union bank committee ngo association network outlet magazine website portal firm corporation coalition bloc'
  ).split(' '),
)
/** Words just before a name that say it is a person's: titles, occupations, "said". */
const PERSON_CUES = new Set(
  (
    'president politician analyst activist economist entrepreneur researcher figure chair chairman chairwoman head ' +
    'leader deputy minister candidate journalist founder lawyer judge spokesman spokeswoman spokesperson said says ' +
    'told wrote senator governor mayor ambassador director professor colleague blogger editor expert scientist ' +
    'writer poet businessman businesswoman billionaire opponent rival premier general officer commander prosecutor ' +
    'official reporter correspondent mr mrs ms dr sir dame sheriff commissioner policeman'
  ).split(' '),
)
/** Verbs just after a name that say it is a person's. */
const SPEECH_VERBS = new Set(
  (
    'said says told wrote writes added noted stated announced explained argued claimed insisted believes thinks ' +
    'declared replied warned admitted recalled tweeted posted'
  ).split(' '),
)
/** Titles written before a name and left out of it: *President* Tokayev, *Sen.* John Tower. */
const TITLES = new Set(
  (
    'president prime minister mr mrs ms dr sir dame general senator governor mayor ambassador professor judge ' +
    'chairman chairwoman sheriff commissioner policeman'
  ).split(' '),
)
/** Name suffixes, kept in the name (compromise tags them as honorifics too). */
const SUFFIXES = new Set(['jr', 'sr'])
/** Institutions named by their head word alone, capitalised: Congress, the Senate. */
const SINGLE_WORD_INSTITUTIONS = new Set(['congress', 'senate', 'parliament', 'legislature'])
const PLACE_PREPOSITIONS = new Set('in at near across throughout outside inside'.split(' '))
/** Lower-case words allowed inside a name after its head word: the League *of* Young Voters. */
const CONNECTORS = new Set(['of', 'for', 'and', 'de', 'del', 'da', 'al'])

const POSSESSIVE = /['’]s$/u
const ACRONYM = /^\p{Lu}{2,6}$/u
const ROMAN_NUMERAL = /^[IVXLC]+$/u

/**
 * Mentions of people, organisations and places in English text. compromise tokenises and tags the text (its
 * lexicon knows countries, cities, first names, organisations, honorifics, demonyms); runs of capitalised words
 * are then read as names, cut at titles and head words, and typed by that lexicon, by head words (Party,
 * Republic), by abbreviations, and by the words around them ("said", "politician", "in", "foundation").
 */
export function englishMentions(text: string): Mention[] {
  const quoted = quotedOrganisations(text, (word) => ORGANISATION_CUES.has(word))
  const sentences = compromise().nlp(text).json({ offset: true }) as Sentence[]
  const terms = sentences.flatMap((sentence) => sentence.terms.map((term) => ({ ...term, sentence })))
  const lowerWords = new Set(text.match(/(?<![\p{L}\p{M}])\p{Ll}[\p{L}\p{M}'’-]*/gu) ?? [])
  const midSentenceCapitals = new Set<string>()
  for (const term of terms) {
    if (startsUpper(term.text) && !isSentenceInitial(text, term.offset.start)) {
      midSentenceCapitals.add(stripPossessive(term.text))
    }
  }
  const context: Context = { text, lowerWords, midSentenceCapitals, placeKeys: new Set() }

  const pieces = sentences
    .flatMap((sentence) => nameRuns(text, sentence.terms))
    .flatMap((run) => cut(text, run))
  for (const piece of pieces) {
    if (piece.terms.length === 1 && lexicalType(piece) === 'place') context.placeKeys.add(keyOf(piece))
  }

  const mentions: Mention[] = [...quoted]
  const inQuotation = overlapTest(quoted)
  for (const piece of pieces) {
    const first = piece.terms[0]
    const last = piece.terms[piece.terms.length - 1]
    if (!first || !last) continue
    const start = first.offset.start
    const end = last.offset.start + stripPossessive(last.text).length
    if (inQuotation(start, end) || !keep(piece, context)) continue
    const name = text.slice(start, end)
    const key = nameKey(name)
    mentions.push({ start, end, key, parts: key.split(' '), name, ...vote(piece, context, start, end) })
  }
  return mentions
}

interface Context {
  text: string
  /** Every lower-case word of the text: a capitalised word also written in lower case is a common word. */
  lowerWords: Set<string>
  /** Capitalised words seen away from the start of a sentence: names, not words capitalised by position. */
  midSentenceCapitals: Set<string>
  /** Single words typed as places by the lexicon, so that "Kazakhstanis" is read as a demonym. */
  placeKeys: Set<string>
}

/** A candidate name: consecutive terms, with a title written before it, if any. */
interface Piece {
  terms: Term[]
  title: boolean
  /** Cut from the end of a longer run: the word before it belongs to another name, so it is no cue. */
  afterCut: boolean
}

function startsUpper(word: string): boolean {
  return /^\p{Lu}/u.test(word)
}

function stripPossessive(word: string): string {
  return word.replace(POSSESSIVE, '')
}

function keyOf(piece: Piece): string {
  return nameKey(piece.terms.map((term) => stripPossessive(term.text)).join(' '))
}

function isNameWord(term: Term): boolean {
  if (!startsUpper(term.text)) return false
  if (term.tags.some((tag) => NOT_NAME_TAGS.includes(tag))) return false
  const lexical = lexiconTags(stripPossessive(term.text))
  if (lexical.some((tag) => NOT_NAME_TAGS.includes(tag))) return false
  const verbal = term.tags.includes('Verb') || term.tags.includes('Adverb')
  return !verbal || term.tags.includes('ProperNoun')
}

/** A title before a name: President, Sen., Chairman (the lexicon's honorifics and actors, and a list). */
function isTitle(term: Term | undefined): boolean {
  if (!term) return false
  const word = lastWord(term)
  if (SUFFIXES.has(word)) return false
  return TITLES.has(word) || lexiconTags(word).some((tag) => tag === 'Honorific' || tag === 'Actor')
}

/** A written-out initial or abbreviated title, after which a full stop does not end the name: Morris J. Smith. */
function isAbbreviation(term: Term): boolean {
  return /^\p{Lu}$/u.test(term.text) || lexiconTags(term.text).includes('Abbreviation')
}

function lastWord(term: Term | undefined): string {
  return term ? stripPossessive(term.text).toLowerCase() : ''
}

/** Runs of capitalised terms separated by a space or a hyphen only, with "of" and the like after a head word. */
function nameRuns(text: string, terms: readonly Term[]): Term[][] {
  const runs: Term[][] = []
  let run: Term[] = []
  const adjacent = (a: Term, b: Term): boolean => {
    const gap = text.slice(a.offset.start + a.offset.length, b.offset.start)
    if (POSSESSIVE.test(a.text)) return false
    return /^(?:[ \u00a0]+|-)$/u.test(gap) || (/^\.[ \u00a0]+$/u.test(gap) && isAbbreviation(a))
  }
  for (let i = 0; i < terms.length; i++) {
    const term = terms[i]
    if (!term) continue
    const previous = run[run.length - 1]
    if (isNameWord(term) && (!previous || adjacent(previous, term))) {
      run.push(term)
      continue
    }
    const next = terms[i + 1]
    const headBefore =
      previous && (ORGANISATION_HEADS.has(lastWord(previous)) || PLACE_HEADS.has(lastWord(previous)))
    if (headBefore && CONNECTORS.has(term.text) && next && isNameWord(next) && adjacent(previous, term)) {
      if (adjacent(term, next)) {
        run.push(term)
        continue
      }
    }
    if (run.length) runs.push(run)
    run = isNameWord(term) ? [term] : []
  }
  if (run.length) runs.push(run)
  return runs.map((found) => trimConnectors(found))
}

function trimConnectors(run: Term[]): Term[] {
  const trimmed = [...run]
  while (trimmed.length && CONNECTORS.has(trimmed[trimmed.length - 1]?.text ?? '')) trimmed.pop()
  return trimmed
}

function isDemonym(term: Term, placeKeys?: ReadonlySet<string>): boolean {
  const word = stripPossessive(term.text)
  if (lexiconTags(word).includes('Demonym') || term.tags.includes('Demonym')) return true
  // Kazakhstani, Kazakhstanis: a country's name with -i or -is.
  const stem = word.replace(/is?$/u, '')
  if (stem === word) return false
  return lexiconTags(stem).includes('Country') || (placeKeys?.has(nameKey(stem)) ?? false)
}

/**
 * Cuts a run into names: a demonym in front is dropped; a title anywhere cuts it and is dropped (the name after
 * it remembers it as a cue); and it is cut after a head word or a country not followed by "of":
 * "…Social Democratic Party | Nurlan Auesbaev", "Tajikistan | Emomali Rakhmon".
 */
function cut(text: string, run: readonly Term[]): Piece[] {
  const pieces: Piece[] = []
  let terms = [...run]
  let title = false
  while (terms[0] && isDemonym(terms[0])) terms = terms.slice(1)
  let current: Term[] = []
  const close = (): void => {
    if (current.length) pieces.push({ terms: current, title, afterCut: pieces.length > 0 && !title })
    current = []
    title = false
  }
  for (let i = 0; i < terms.length; i++) {
    const term = terms[i]
    if (!term) continue
    // A title cuts the run and is left out: "Texas | Sen. | John Tower", "Colquitt | Policeman | Tom Williams".
    if (isTitle(term) && !CONNECTORS.has(terms[i - 1]?.text ?? '')) {
      close()
      title = true
      continue
    }
    current.push(term)
    const next = terms[i + 1]
    if (!next || CONNECTORS.has(next.text) || CONNECTORS.has(term.text)) continue
    const word = lastWord(term)
    const boundary =
      ORGANISATION_HEADS.has(word) ||
      PLACE_HEADS.has(word) ||
      lexiconTags(word).some((tag) => tag === 'Country' || tag === 'City') ||
      POSSESSIVE.test(term.text)
    if (boundary) close()
  }
  close()
  // A common word that opens a sentence is not part of the name after it.
  return pieces
    .map((piece) => {
      const first = piece.terms[0]
      if (
        piece.terms.length > 1 &&
        first &&
        isSentenceInitial(text, first.offset.start) &&
        isCommonWord(first)
      ) {
        return { ...piece, terms: piece.terms.slice(1) }
      }
      return piece
    })
    .filter((piece) => piece.terms.length > 0)
}

function isCommonWord(term: Term): boolean {
  const lexical = lexiconTags(term.text)
  if (lexical.some((tag) => ENTITY_TAGS.includes(tag))) return false
  return (
    lexical.length > 0 || ['Adjective', 'Plural', 'Verb', 'Adverb'].some((tag) => term.tags.includes(tag))
  )
}

/** Whether a one-word piece is a name at all (many-word pieces always are). */
function keep(piece: Piece, context: Context): boolean {
  const [term] = piece.terms
  if (!term || piece.terms.length > 1) return true
  const word = stripPossessive(term.text)
  if (ROMAN_NUMERAL.test(word)) return false
  if (isDemonym(term, context.placeKeys)) return false
  const lexical = lexiconTags(word)
  const known = lexical.some((tag) => ENTITY_TAGS.includes(tag))
  // NATO, CEC: an abbreviation; NEWS, THE: a word in capitals.
  if (ACRONYM.test(word)) return known || lexical.length === 0
  // "constitution", "yelbasy", "republic": also written in lower case, so a common word.
  if (!known && context.lowerWords.has(word.toLowerCase())) return false
  if (isSentenceInitial(context.text, term.offset.start)) {
    return known || context.midSentenceCapitals.has(word)
  }
  return true
}

/** The type the lexicon, a head word or an abbreviation gives, with no need of context. */
function lexicalType(piece: Piece): SuggestedEntityType | null {
  const words = piece.terms.map((term) => stripPossessive(term.text))
  const phrase = lexiconTags(words.join(' '))
  const last = words[words.length - 1] ?? ''
  const lastTags = lexiconTags(last)
  // The head is the word before "of" when there is one: the *League* of Young Voters, the *Party* of Kazakhstan.
  const connector = words.findIndex((word) => CONNECTORS.has(word))
  const head = (connector > 0 ? words[connector - 1] : last)?.toLowerCase() ?? ''
  if (phrase.some((tag) => ORGANISATION_TAGS.includes(tag))) return 'organisation'
  if (phrase.some((tag) => PLACE_TAGS.includes(tag))) return 'place'
  if (ORGANISATION_HEADS.has(head) && words.length > 1) return 'organisation'
  if (PLACE_HEADS.has(head) && words.length > 1) return 'place'
  if (words.length === 1 && ACRONYM.test(last)) return lastTags.includes('Country') ? 'place' : 'organisation'
  if (words.length === 1 && SINGLE_WORD_INSTITUTIONS.has(last.toLowerCase())) return 'organisation'
  if (words.some((word) => lexiconTags(word).some((tag) => ORGANISATION_TAGS.includes(tag))))
    return 'organisation'
  if (lastTags.some((tag) => PLACE_TAGS.includes(tag))) return 'place'
  const nameTags = words.flatMap((word) => lexiconTags(word))
  if (words.length > 1 && nameTags.some((tag) => PERSON_TAGS.includes(tag))) return 'person'
  return null
}

/** A word the lexicon does not know, or knows as a name, an initial or Jr.: not "White", "State", "Georgia". */
function couldBeInPersonName(term: Term): boolean {
  const word = stripPossessive(term.text)
  if (/^\p{Lu}$/u.test(word) || SUFFIXES.has(word.toLowerCase())) return true
  const tags = lexiconTags(word)
  return tags.length === 0 || tags.some((tag) => PERSON_TAGS.includes(tag))
}

function vote(
  piece: Piece,
  context: Context,
  start: number,
  end: number,
): { type: SuggestedEntityType | null; weight: number } {
  const lexical = lexicalType(piece)
  if (lexical) return { type: lexical, weight: EVIDENCE.lexical }
  const before = piece.afterCut
    ? null
    : (wordBefore(context.text, start)?.replace(/^(?:ex|co|former)-/u, '') ?? null)
  const after = wordAfter(context.text, end)
  if (piece.title || (before && (PERSON_CUES.has(before) || /-old$/u.test(before)))) {
    return { type: 'person', weight: EVIDENCE.context }
  }
  if (after && SPEECH_VERBS.has(after)) return { type: 'person', weight: EVIDENCE.context }
  if (before && ORGANISATION_CUES.has(before)) return { type: 'organisation', weight: EVIDENCE.context }
  if (before && PLACE_PREPOSITIONS.has(before)) return { type: 'place', weight: EVIDENCE.context }
  if (piece.terms.length >= 2 && piece.terms.length <= 4 && piece.terms.every(couldBeInPersonName)) {
    return { type: 'person', weight: EVIDENCE.shape }
  }
  const tags = piece.terms.flatMap((term) => term.tags)
  if (piece.terms.length === 1 && tags.some((tag) => PERSON_TAGS.includes(tag))) {
    return { type: 'person', weight: EVIDENCE.shape }
  }
  return { type: null, weight: 0 }
}
