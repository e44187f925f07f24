import { detect } from 'tinyld'
import { describe, expect, it } from 'vitest'
import { loadBrownCorpus } from '../../../bench/brown-corpus'
import { STOP_WORD_LANGUAGES } from '../search/stemming'
import { ownFixture } from '../testing/temp-archive'
import { readsAsDeclared } from './declared-language'
import { detectLanguage } from './detect-language'

const start = (text: string): string => text.slice(0, 300)

const GERMAN =
  'Die Wahlbeobachter haben am Sonntag in mehreren Städten des Landes festgestellt, dass die Stimmzettel ' +
  'nicht immer geheim ausgefüllt werden konnten. Nach ihren Angaben war die Beteiligung in den Dörfern ' +
  'deutlich höher als in der Hauptstadt, wo viele Wahllokale schon am Mittag leer waren.'
const PORTUGUESE =
  'Os observadores disseram que a votação de domingo correu como se esperava, mas que no norte do país os ' +
  'boletins chegaram tarde. Para a comissão, o problema foi de transporte e não de organização, e os números ' +
  'de participação serão publicados entre hoje e amanhã, sobre o que se espera uma resposta.'
const UKRAINIAN =
  'Спостерігачі повідомили, що у багатьох виборчих дільницях не було кабін для таємного голосування. ' +
  'За їхніми словами, явка в селах була вищою, ніж у столиці, де дільниці стояли порожніми вже опівдні, ' +
  'а члени комісії не могли пояснити, чому списки виборців не збігалися.'
const RUSSIAN =
  'Независимые наблюдатели сообщили о нарушениях на избирательных участках в Алматы. По их словам, ' +
  'в нескольких школах урны для голосования стояли без пломб, а члены комиссии не могли объяснить, почему ' +
  'списки избирателей не совпадали с числом выданных бюллетеней.'
const BULGARIAN =
  'Той каза, че на изборите в града и в селата не е имало нарушения, но по думите му до обяд на много места ' +
  'не е имало бюлетини за всички, а в други от тях комисията не е била на място и хората са чакали с часове ' +
  'да гласуват при лошо време и без ред.'
const SERBIAN =
  'Посматрачи кажу да је на изборима било мирно и да су у граду и на селу бирачи дошли рано, али да на неким ' +
  'местима није било листића до подне. Комисија за изборе не може да каже да ли ће и када бити нових избора, а ' +
  'по закону то мора да објави до понедељка.'

describe('readsAsDeclared', () => {
  it('takes English and Russian text as declared, each only as its own language', () => {
    const english = start(ownFixture('harbour-strike.txt').toString('utf8'))
    const russian = RUSSIAN
    expect(readsAsDeclared(english, 'en')).toBe(true)
    expect(readsAsDeclared(russian, 'ru')).toBe(true)
    // The Russian fixture has a Kazakh line in its first 300 characters: not plainly Russian.
    expect(readsAsDeclared(start(ownFixture('almaty-ru.txt').toString('utf8')), 'ru')).toBe(false)
    for (const other of STOP_WORD_LANGUAGES.filter((l) => l !== 'en'))
      expect(readsAsDeclared(english, other), other).toBe(false)
    for (const other of STOP_WORD_LANGUAGES.filter((l) => l !== 'ru'))
      expect(readsAsDeclared(russian, other), other).toBe(false)
  })

  it('says no to a template’s English on a German page, and yes to German', () => {
    expect(readsAsDeclared(GERMAN, 'en')).toBe(false)
    expect(readsAsDeclared(GERMAN, 'de')).toBe(true)
    expect(detectLanguage(GERMAN, 'en')).toBe('de')
  })

  it('does not take Portuguese for Spanish, though 38% of its words are on the Spanish list', () => {
    expect(readsAsDeclared(PORTUGUESE, 'es')).toBe(false)
    // Nor for Portuguese (its lead over Spanish is too small): the detector decides, and says Portuguese.
    expect(readsAsDeclared(PORTUGUESE, 'pt')).toBe(false)
    expect(detectLanguage(PORTUGUESE, 'es')).toBe('pt')
    expect(detectLanguage(PORTUGUESE, 'pt')).toBe('pt')
  })

  it('does not take Ukrainian, Serbian (35% of its words on the Russian list), Bulgarian or Kazakh for Russian', () => {
    expect(readsAsDeclared(UKRAINIAN, 'ru')).toBe(false)
    expect(readsAsDeclared(SERBIAN, 'ru')).toBe(false)
    // Bulgarian uses only letters Russian has, and many of its function words are on the Russian list.
    expect(readsAsDeclared(BULGARIAN, 'ru')).toBe(false)
    expect(detectLanguage(BULGARIAN, 'ru')).toBe('bg')
    const kazakh =
      'Қазақстан Республикасының Президенті сайлау мерзімінде өтетінін мәлімдеді. Сайлаушылар учаскелерге ' +
      'ертемен келді, ал байқаушылар бюллетеньдердің саны туралы сұрақтар қойды және комиссия жауап берді.'
    expect(readsAsDeclared(kazakh, 'ru')).toBe(false)
  })

  it('leaves short text, option lists and languages without a list to the detector', () => {
    expect(readsAsDeclared('The vote was held on Sunday.', 'en')).toBe(false)
    const options =
      'savelog [-m modo] [-u usuario] [-g grupo] [-t] [-p] [-c ciclo] [-l] [-j] [-J] [-C] [-d] [-l] [-r dir] ' +
      '[-n] [-q] [-D formato] fichero ... La orden savelog guarda y comprime copias antiguas de ficheros.'
    expect(readsAsDeclared(options, 'fr')).toBe(false)
    expect(readsAsDeclared(UKRAINIAN, 'uk')).toBe(false)
    expect(readsAsDeclared(start(ownFixture('harbour-strike.txt').toString('utf8')), 'xx')).toBe(false)
  })

  it('on 500 Brown corpus texts: nearly all read as English, none as another language, and tinyld agrees', () => {
    const texts = loadBrownCorpus().map((text) => text.text)
    const samples = texts.map(start)
    const english = texts.filter((text) => readsAsDeclared(start(text), 'en'))
    expect(samples.length).toBe(500)
    expect(english.length).toBeGreaterThanOrEqual(490)
    for (const sample of samples)
      for (const other of STOP_WORD_LANGUAGES.filter((l) => l !== 'en'))
        expect(readsAsDeclared(sample, other)).toBe(false)
    // Where the function words say English, the detector it spares says so too (on its 2,000-character sample).
    const disagreeing = english.filter((text) => detect(text.slice(0, 2000)) !== 'en')
    expect(disagreeing).toEqual([])
  })
})
