import { EVIDENCE, type Mention, type SuggestedEntityType } from './entity-suggestion'
import { russianMorphology, type AzParse } from './russian-morphology'
import { isSentenceInitial, nameKey, overlapTest, quotedOrganisations, wordBefore } from './text-context'

/** OpenCorpora grammemes of proper names and the entity type each one means. */
const PROPER_GRAMMEMES: ReadonlyArray<[string, SuggestedEntityType]> = [
  ['Surn', 'person'],
  ['Name', 'person'],
  ['Patr', 'person'],
  ['Geox', 'place'],
  ['Orgn', 'organisation'],
  ['Trad', 'organisation'],
]

/** Lemmas of the nouns that end an organisation's name: Центральная избирательная *комиссия*. */
const ORGANISATION_HEADS = new Set(
  (
    'партия комиссия комитет министерство ведомство служба фонд движение союз совет собрание парламент мажилис ' +
    'сенат суд прокуратура банк университет институт агентство организация ассоциация корпорация компания ' +
    'объединение палата правительство администрация академия лига фронт альянс коалиция блок управление ' +
    'департамент инспекция трибунал'
  ).split(' '),
)
/** Lemmas of the nouns that end a place's name: Алматинская *область*, Кыргызская *Республика*. */
const PLACE_HEADS = new Set(
  'область район край округ республика федерация море озеро река остров полуостров площадь улица проспект'.split(
    ' ',
  ),
)
/** Lemmas that, next to a quoted name, say it is an organisation: движение «Оян, Казахстан!». */
const ORGANISATION_CUES = new Set(
  (
    'партия движение фонд компания организация газета телеканал агентство банк союз объединение ассоциация ' +
    'холдинг блок журнал издание корпорация концерн портал'
  ).split(' '),
)
/** Lemmas just before a name that say it is a person's: президент Токаев, заявил Кайсаров. */
const PERSON_CUES = new Set(
  (
    'президент премьер-министр министр глава председатель лидер политик активист экономист аналитик политолог ' +
    'депутат кандидат журналист основатель сооснователь бизнесмен предприниматель правозащитник эксперт ' +
    'экс-президент экс-депутат заявить сказать написать отметить сообщить господин госпожа'
  ).split(' '),
)
const PLACE_PREPOSITIONS = new Set(['в', 'во', 'из', 'под', 'около', 'близ'])
/** Abbreviations of countries (most other abbreviations name organisations). */
const PLACE_ABBREVIATIONS = new Set([
  'США',
  'РФ',
  'РК',
  'КР',
  'КНР',
  'ОАЭ',
  'ФРГ',
  'КНДР',
  'СССР',
  'ЮАР',
  'ЕС',
])

/** A word: letters (with combining accents), hyphenated parts joined (Касым-Жомарт). */
const WORD = /\p{L}[\p{L}\p{M}]*(?:-\p{L}[\p{L}\p{M}]*)*/gu

/** Az's analyses of a word, each spelling analysed once per text. */
type Analyse = (word: string) => AzParse[]

interface Word {
  start: number
  end: number
  text: string
  upper: boolean
  allUpper: boolean
  cyrillic: boolean
  readonly parses: AzParse[]
}

/**
 * Mentions of people, organisations and places in Russian text. Az analyses the capitalised words and their
 * neighbours: its dictionary tags (Surn, Name, Geox, Orgn) type proper names and its lemmas group their inflected forms
 * (Токаев, Токаева, Токаеву → Токаев); capitalised adjectives agreeing with a head noun make multi-word names
 * (Центральной избирательной комиссии → Центральная избирательная комиссия), put back in the nominative.
 */
export function russianMentions(text: string): Mention[] {
  const az = russianMorphology()
  const cache = new Map<string, AzParse[]>()
  // Every analysis goes through this cache, the cue words' too: names and the words before them recur.
  const analyse: Analyse = (word) => {
    let parses = cache.get(word)
    if (!parses) cache.set(word, (parses = az.Morph(word)))
    return parses
  }
  const words: Word[] = [...text.matchAll(WORD)].map((match) => {
    const word = match[0]
    const cyrillic = /^[\p{Script=Cyrillic}\p{M}-]+$/u.test(word)
    return {
      start: match.index,
      end: match.index + word.length,
      text: word,
      upper: /^\p{Lu}/u.test(word),
      allUpper: word.length > 1 && word === word.toUpperCase() && word !== word.toLowerCase(),
      cyrillic,
      // Analysed on demand: only capitalised words and their neighbours are, which keeps long texts fast.
      get parses() {
        return cyrillic ? analyse(word) : []
      },
    }
  })

  const isOrganisationWord = (word: string): boolean =>
    analyse(word).some((parse) => ORGANISATION_CUES.has(lemma(parse)))
  const mentions: Mention[] = quotedOrganisations(text, isOrganisationWord)
  const used = new Set<number>()
  const quoted = overlapTest(mentions)
  words.forEach((word, index) => {
    if (quoted(word.start, word.end)) used.add(index)
  })

  for (let i = 0; i < words.length; i++) {
    const word = words[i]
    if (!word || used.has(i) || !word.upper) continue
    if (word.allUpper) {
      if (isAbbreviation(word)) {
        used.add(i)
        mentions.push(abbreviation(word))
      }
      continue
    }
    const chain = headedName(text, words, i)
    if (chain) {
      for (let j = i; j < i + chain.length; j++) used.add(j)
      mentions.push(chain.mention)
    }
  }

  const keys = chooseKeys(text, words, used, analyse)
  const keyTypes = typesByKey(text, words, keys)
  for (let i = 0; i < words.length; i++) {
    const word = words[i]
    if (!word || used.has(i) || !word.upper || !word.cyrillic) continue
    const run = personRun(text, words, i, used, keys, keyTypes, analyse)
    if (run.length >= 2) {
      const parts = run.map((index) => keys.get(index)?.key ?? '')
      const first = words[run[0] ?? i]
      const last = words[run[run.length - 1] ?? i]
      if (!first || !last) continue
      mentions.push({
        start: first.start,
        end: last.end,
        key: parts.join(' '),
        parts,
        name: run.map((index) => keys.get(index)?.name ?? '').join(' '),
        type: 'person',
        weight: EVIDENCE.lexical,
      })
      for (const index of run) used.add(index)
      i = run[run.length - 1] ?? i
      continue
    }
    const chosen = keys.get(i)
    if (!chosen) continue
    used.add(i)
    mentions.push({
      start: word.start,
      end: word.end,
      key: chosen.key,
      parts: [chosen.key],
      name: chosen.name,
      ...singleVote(text, word, chosen.type, analyse),
    })
  }
  return mentions
}

function lemma(parse: AzParse): string {
  const normal = parse.normalize()
  return (normal ? normal.toString() : parse.toString()).toLowerCase()
}

function properType(parse: AzParse | null | undefined): SuggestedEntityType | null {
  if (!parse || parse.tag.POS !== 'NOUN') return null
  for (const [grammeme, type] of PROPER_GRAMMEMES) if (parse.tag[grammeme]) return type
  return null
}

/** The spelling of `word` in the capitalisation of `surface`: Касым-Жомарт, ЦИК, Токаев. */
function inCaseOf(surface: string, word: string): string {
  if (surface.length > 1 && surface === surface.toUpperCase()) return word.toUpperCase()
  const surfaceParts = surface.split('-')
  return word
    .split('-')
    .map((part, index) =>
      /^\p{Lu}/u.test(surfaceParts[index] ?? surfaceParts[0] ?? '') ? capitalise(part) : part.toLowerCase(),
    )
    .join('-')
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase()
}

/** The nominative of a parse, in its own number (singular for a proper name) and gender: Токаевой → Токаева. */
function nominative(parse: AzParse, surface: string): string {
  const number = properType(parse) ? 'sing' : parse.tag.NMbr === 'plur' ? 'plur' : 'sing'
  const form = parse.inflect(['nomn', number]) || parse.normalize()
  return inCaseOf(surface, form ? form.toString() : surface)
}

/**
 * Whether an all-capital word is an abbreviation (ЦИК, КНБ, NATO) rather than a word in capitals (ФАЙЛ,
 * ВНИМАНИЕ): short, and either tagged by the dictionary (Abbr, Orgn: МИД) or unknown to it.
 */
function isAbbreviation(word: Word): boolean {
  if (word.text.length > 6 || word.text.includes('-')) return false
  if (!word.cyrillic) return true
  const tagged = word.parses.some((parse) => parse.tag.Abbr || parse.tag.Orgn || parse.tag.Geox)
  return tagged || !word.parses.some((parse) => parse.parser === 'Dictionary')
}

function abbreviation(word: Word): Mention {
  const tagged = word.parses.map(properType).find((type) => type !== null) ?? null
  const type = PLACE_ABBREVIATIONS.has(word.text) ? 'place' : (tagged ?? 'organisation')
  const key = word.text.toLowerCase()
  return {
    start: word.start,
    end: word.end,
    key,
    parts: [key],
    name: word.text,
    type,
    weight: EVIDENCE.lexical,
  }
}

function adjacent(text: string, a: Word | undefined, b: Word | undefined): boolean {
  return !!a && !!b && /^[ \u00a0]+$/u.test(text.slice(a.end, b.start))
}

function headType(parse: AzParse, upper: boolean): SuggestedEntityType | null {
  // A lower-case abbreviation is a preposition read as one: «Токаеву о нарушениях» is not «Токаев остров».
  if (parse.tag.POS !== 'NOUN' || (parse.tag.Abbr && !upper)) return null
  const base = lemma(parse)
  if (ORGANISATION_HEADS.has(base)) return 'organisation'
  if (PLACE_HEADS.has(base)) return 'place'
  if (upper && parse.tag.Geox) return 'place'
  return null
}

/** Parts of speech that never belong to a name: conjunctions, prepositions, particles, pronouns. */
const FUNCTION_WORDS = new Set(['CONJ', 'PREP', 'PRCL', 'INTJ', 'NPRO', 'PRED'])

function isFunctionWord(word: Word): boolean {
  return FUNCTION_WORDS.has(String(word.parses[0]?.tag.POS))
}

function isAdjective(parse: AzParse): boolean {
  return parse.tag.POS === 'ADJF' || parse.tag.POS === 'PRTF'
}

function agrees(adjective: AzParse, head: AzParse): boolean {
  if (
    !isAdjective(adjective) ||
    adjective.tag.CAse !== head.tag.CAse ||
    adjective.tag.NMbr !== head.tag.NMbr
  ) {
    return false
  }
  return head.tag.NMbr === 'plur' || adjective.tag.GNdr === head.tag.GNdr
}

/** Inflects an adjective into the nominative that agrees with its head noun's nominative. */
function agreeingNominative(adjective: AzParse, head: AzParse, surface: string): string {
  const grammemes = head.tag.NMbr === 'plur' ? ['nomn', 'plur'] : ['nomn', 'sing', String(head.tag.GNdr)]
  const form = adjective.inflect(grammemes)
  return inCaseOf(surface, form ? form.toString() : surface)
}

/**
 * A name built around a head noun, starting at the capitalised word `start`: capitalised adjectives (the first
 * word at least) agreeing with an organisation or place head, then a genitive tail for organisations —
 * «Комитета национальной безопасности», «Демократической партии Казахстана», «Центральной Азии».
 */
function headedName(
  text: string,
  words: readonly Word[],
  start: number,
): { length: number; mention: Mention } | null {
  const adjectives: number[] = []
  let index = start
  while (adjectives.length < 4 && words[index]?.parses.some(isAdjective) && !headAt(words, index)) {
    if (isFunctionWord(words[index] as Word)) return null
    if (index > start && !adjacent(text, words[index - 1], words[index])) return null
    adjectives.push(index)
    index++
  }
  const headWord = words[index]
  if (!headWord || (index > start && !adjacent(text, words[index - 1], headWord))) return null
  for (const head of headWord.parses) {
    const type = headType(head, headWord.upper)
    if (!type) continue
    const chosen = adjectives.map((at) => words[at]?.parses.find((parse) => agrees(parse, head)))
    if (chosen.some((parse) => !parse)) continue
    const bareHead = adjectives.length === 0
    const tail = type === 'organisation' ? genitiveTail(text, words, index + 1) : 0
    // A bare capitalised head ("Комиссия заявила") is only a name with a tail or away from a sentence's start;
    // at a sentence's start one adjective is not enough either («Оппозиционная партия заявила»).
    const initial = isSentenceInitial(text, words[start]?.start ?? headWord.start)
    if (bareHead && (type !== 'organisation' || (tail === 0 && initial))) continue
    if (initial && adjectives.length === 1 && tail === 0) continue
    // A descriptor before a quoted name is not the name: Оппозиционная партия «Ата-Журт».
    if (/^[ \u00a0]*[«“„"]/u.test(text.slice((words[index + tail] ?? headWord).end))) continue
    const headName = inCaseOf(
      headWord.text,
      (head.inflect(['nomn', String(head.tag.NMbr)]) || head).toString(),
    )
    const tailWords = words.slice(index + 1, index + 1 + tail).map((word) => word.text)
    const name = [
      ...adjectives.map((at, n) => agreeingNominative(chosen[n] as AzParse, head, words[at]?.text ?? '')),
      headName,
      ...tailWords,
    ].join(' ')
    const last = words[index + tail] ?? headWord
    const key = nameKey(name)
    return {
      length: index + 1 + tail - start,
      mention: {
        start: words[start]?.start ?? headWord.start,
        end: last.end,
        key,
        parts: key.split(' '),
        name,
        type,
        weight: EVIDENCE.lexical,
      },
    }
  }
  return null
}

function headAt(words: readonly Word[], index: number): boolean {
  const word = words[index]
  return !!word && word.parses.some((parse) => headType(parse, word.upper) !== null)
}

/** How many words after a head form its genitive complement (ending in a noun), at most four. */
function genitiveTail(text: string, words: readonly Word[], from: number): number {
  let length = 0
  let endsInNoun = 0
  for (let index = from; index < from + 4; index++) {
    const word = words[index]
    if (!word || !adjacent(text, words[index - 1], word) || isFunctionWord(word)) break
    const genitive = word.parses.filter((parse) => parse.tag.CAse === 'gent')
    const noun = genitive.some((parse) => parse.tag.POS === 'NOUN' && (!word.upper || parse.tag.Geox))
    const adjective = !word.upper && genitive.some(isAdjective)
    if (!noun && !adjective) break
    length++
    if (noun) endsInNoun = length
  }
  return endsInNoun
}

interface ChosenKey {
  key: string
  name: string
  type: SuggestedEntityType | null
}

interface KeyOption extends ChosenKey {
  weight: number
}

/**
 * The lemma each capitalised word is grouped under. A word offers its own spelling and the lemmas of its
 * analyses; the one most words of the text share wins, then the likelier analysis. So Токаев (which Az reads
 * as a form of «токай») joins Токаева and Токаеву under «токаев». After «в», a place reading is preferred
 * (в Астане: Астана, not the name Астан).
 */
function chooseKeys(
  text: string,
  words: readonly Word[],
  used: ReadonlySet<number>,
  analyse: Analyse,
): Map<number, ChosenKey> {
  const options = new Map<number, KeyOption[]>()
  const support = new Map<string, Set<number>>()
  words.forEach((word, index) => {
    if (used.has(index) || !word.upper || !word.cyrillic || word.allUpper || !nounLike(word)) return
    const before = wordBefore(text, word.start)
    const placeContext = before !== null && PLACE_PREPOSITIONS.has(before)
    const lower = word.text.toLowerCase()
    // Its own spelling is the weakest option: it wins when other forms of the text share it.
    const list: KeyOption[] = [{ key: lower, weight: 0.01, type: null, name: word.text }]
    if (isNominativeSurname(word, analyse))
      list.push({ key: lower, weight: 1, type: 'person', name: word.text })
    for (const parse of word.parses) {
      if (parse.tag.POS !== 'NOUN') continue
      const type = properType(parse)
      // A capitalised word is rather a proper name than a common noun, and a name rather singular.
      let weight = type ? parse.score : parse.score * 0.5
      if (type && parse.tag.NMbr === 'plur') weight *= 0.2
      if (placeContext) weight *= type === 'place' ? 2 : 0.5
      list.push({ key: lemma(parse), weight, type, name: nominative(parse, word.text) })
    }
    options.set(index, list)
    for (const { key } of list) {
      const set = support.get(key) ?? new Set<number>()
      set.add(index)
      support.set(key, set)
    }
  })
  const chosen = new Map<number, ChosenKey>()
  for (const [index, list] of options) {
    let best: KeyOption | undefined
    for (const option of list) {
      const count = support.get(option.key)?.size ?? 0
      const bestCount = best ? (support.get(best.key)?.size ?? 0) : -1
      if (!best || count > bestCount || (count === bestCount && option.weight > best.weight)) best = option
    }
    if (best) chosen.set(index, { key: best.key, name: best.name, type: best.type })
  }
  return chosen
}

/**
 * Whether a word is a surname in the nominative that the dictionary does not know: Az reads «Токаев» as a form
 * of «токай», but «Токаева» as the surname Токаев, so the genitive is asked whose surname it would be.
 */
function isNominativeSurname(word: Word, analyse: Analyse): boolean {
  if (word.parses.some((parse) => parse.tag.Surn)) return false
  const lower = word.text.toLowerCase()
  return analyse(`${word.text}а`).some((parse) => parse.tag.Surn && parse.tag.masc && lemma(parse) === lower)
}

/** Whether a capitalised word can be a name: a noun first, or a proper-name reading nearly as likely. */
function nounLike(word: Word): boolean {
  const top = word.parses[0]
  if (!top) return false
  if (top.tag.POS === 'NOUN') return true
  const typed = word.parses.find((parse) => properType(parse) !== null)
  return !!typed && typed.score >= 0.5 * top.score
}

/** The type most occurrences of each key read as: Токаев alone is untyped, Токаева and Токаеву are surnames. */
function typesByKey(
  text: string,
  words: readonly Word[],
  keys: ReadonlyMap<number, ChosenKey>,
): Map<string, SuggestedEntityType> {
  const votes = new Map<string, Map<SuggestedEntityType, number>>()
  for (const [index, chosen] of keys) {
    const word = words[index]
    const key = chosen.key
    const type = chosen.type ?? (word ? wordType(text, word) : null)
    if (!type) continue
    const tally = votes.get(key) ?? new Map<SuggestedEntityType, number>()
    tally.set(type, (tally.get(type) ?? 0) + 1)
    votes.set(key, tally)
  }
  const types = new Map<string, SuggestedEntityType>()
  for (const [key, tally] of votes) {
    const [best] = [...tally].sort((a, b) => b[1] - a[1])
    if (best) types.set(key, best[0])
  }
  return types
}

/** A word's type from its analyses: a proper-name reading, trusted at a sentence's start only if it leads. */
function wordType(text: string, word: Word): SuggestedEntityType | null {
  const typed = word.parses.find((parse) => properType(parse) !== null)
  if (!typed) return null
  const top = word.parses[0]
  if (isSentenceInitial(text, word.start) && top && typed.score < 0.5 * top.score) return null
  return properType(typed)
}

/** Consecutive capitalised words that read as a person's name (first name, patronymic, surname), two or three. */
function personRun(
  text: string,
  words: readonly Word[],
  start: number,
  used: ReadonlySet<number>,
  keys: ReadonlyMap<number, ChosenKey>,
  keyTypes: ReadonlyMap<string, SuggestedEntityType>,
  analyse: Analyse,
): number[] {
  const run: number[] = []
  let people = 0
  // A title before a name is not part of it: «Президент Касым-Жомарт Токаев» at a sentence's start.
  if (isPersonCue(words[start]?.text.toLowerCase() ?? '', analyse)) return []
  const cued = afterAgreeingPersonCue(text, words[start], analyse)
  for (let index = start; index < start + 3; index++) {
    const word = words[index]
    if (!word || used.has(index) || !word.upper || !word.cyrillic || !keys.has(index)) break
    if (index > start && !adjacent(text, words[index - 1], word)) break
    const type = wordType(text, word) ?? keyTypes.get(keys.get(index)?.key ?? '') ?? null
    if (type !== null && type !== 'person' && !(cued && type === 'place')) break
    if (type === 'person' || cued) people++
    run.push(index)
  }
  return people > 0 ? run : []
}

/**
 * Whether a word follows a person cue in the same case — «политолога Досыма Сатпаева» (genitive, both), not
 * «президент России Владимир Путин» (nominative cue, genitive country): then it begins a name even if the
 * dictionary knows it as a place.
 */
function afterAgreeingPersonCue(text: string, word: Word | undefined, analyse: Analyse): boolean {
  if (!word) return false
  const before = wordBefore(text, word.start)
  if (!before) return false
  const cueCases = new Set(
    analyse(before)
      .filter((parse) => parse.tag.POS === 'NOUN' && PERSON_CUES.has(lemma(parse)))
      .map((parse) => parse.tag.CAse),
  )
  return word.parses.some((parse) => parse.tag.POS === 'NOUN' && cueCases.has(parse.tag.CAse))
}

function singleVote(
  text: string,
  word: Word,
  chosenType: SuggestedEntityType | null,
  analyse: Analyse,
): { type: SuggestedEntityType | null; weight: number } {
  const type = chosenType ?? wordType(text, word)
  if (type) return { type, weight: EVIDENCE.lexical }
  const before = wordBefore(text, word.start)
  if (before && isPersonCue(before, analyse)) return { type: 'person', weight: EVIDENCE.context }
  if (before && PLACE_PREPOSITIONS.has(before) && !isSentenceInitial(text, word.start)) {
    return { type: 'place', weight: EVIDENCE.context }
  }
  return { type: null, weight: 0 }
}

function isPersonCue(word: string, analyse: Analyse): boolean {
  return PERSON_CUES.has(word) || analyse(word).some((parse) => PERSON_CUES.has(lemma(parse)))
}
