import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import type { ArticleDetail, Entity, EntityMention } from '../../shared/model'
import { parseQuery } from '../../shared/search-query'
import { QueryRunner } from '../search/run-query'
import {
  importBytes,
  markPassage,
  ok,
  openTempEngine,
  SHARED_ARTICLE,
  SHARED_AVAILABLE,
} from '../testing/temp-archive'
import { countMentions } from './entity-mentions'

/**
 * Mention discovery across scripts and Russian case forms (issue 5): an entity whose names are all in
 * Latin letters finds its Cyrillic spellings in any case, and nothing that only looks like them.
 */

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

function engine() {
  const temp = openTempEngine()
  cleanups.push(() => temp.cleanup())
  return temp.engine
}

/**
 * A short Russian report, written for this test: the president's name in five cases and the Kazakh
 * spelling, and words that share letters with it (Токмак, a town; Токарев, another surname; тока, "of the
 * current", and Тока opening a sentence; Токаевский, an adjective made from the name) or with the
 * capital's (Астанин, a surname).
 */
const RUSSIAN = [
  'Токаев принял присягу',
  'Центральная избирательная комиссия вручила Токаеву удостоверение президента. ' +
    'Касым-Жомарт Токаев поблагодарил избирателей; сторонники Токаева собрались в Астане.',
  'Тока в сети не было: в Токмаке из-за скачка тока отключили подстанцию, сообщил Токарев. Токаевский ' +
    'курс обсуждали в столице, а Астанин выступил с докладом. Сегодня Тоқаев встретится с журналистами; ' +
    'довольны ли Токаевым избиратели, покажет время.',
].join('\n\n')

/** Every true Cyrillic mention of the president in RUSSIAN, found by a regular expression of its own. */
const RUSSIAN_MENTIONS = /(?<![\p{L}-])(?:Касым-Жомарт )?То[кқ]аев(?:а|у|ым|е)?(?![\p{L}])/gu

function searchOf(e: ReturnType<typeof engine>) {
  const runner = new QueryRunner(e.db, e.search)
  return (query: string) => runner.run(parseQuery(query))
}

describe('mention discovery across scripts and inflections', () => {
  it.skipIf(!SHARED_AVAILABLE)(
    'finds the real article’s unlinked “Tokayev” and the Cyrillic, inflected ones of a Russian article, for an entity named in Latin letters only, and no false ones',
    () => {
      const e = engine()
      const { articleId } = importBytes(e, 'kz.txt', readFileSync(SHARED_ARTICLE))
      const ru = importBytes(e, 'ru.txt', Buffer.from(RUSSIAN))
      const article = ok<ArticleDetail>(e, 'articles.get', { id: articleId })
      const russian = ok<ArticleDetail>(e, 'articles.get', { id: ru.articleId })
      const tokayev = ok<Entity>(e, 'entities.create', {
        type: 'person',
        name: 'Kassym-Jomart Tokayev',
        aliases: ['Tokayev'],
      })
      markPassage(e, article, 'In March, Tokayev announced political reforms', { entityIds: [tokayev.id] })

      const mentions = ok<EntityMention[]>(e, 'entities.mentions', { id: tokayev.id })
      for (const m of mentions) {
        const text = m.articleId === articleId ? article.text : russian.text
        expect(text.slice(m.start, m.end)).toBe(m.text)
      }

      // English: every occurrence of the name, counted here by a regular expression, less the linked one.
      const english = [...article.text.matchAll(/Kasym-Zhomart Tokayev|Tokayev(?:’s)?/g)]
      expect(english.length).toBeGreaterThan(10)
      const inEnglish = mentions.filter((m) => m.articleId === articleId)
      const linkedAt = article.text.indexOf('Tokayev announced')
      expect(inEnglish.map((m) => m.start)).toEqual(
        english.map((m) => m.index).filter((index) => index !== linkedAt),
      )
      expect(inEnglish.map((m) => m.text)).toEqual(
        english.filter((m) => m.index !== linkedAt).map((m) => m[0]),
      )

      // Russian: the Cyrillic spellings in every case, the full name as one mention; nothing else.
      const inRussian = mentions.filter((m) => m.articleId === ru.articleId)
      const expected = [...russian.text.matchAll(RUSSIAN_MENTIONS)]
      expect(inRussian.map((m) => m.text)).toEqual(expected.map((m) => m[0]))
      expect(inRussian.map((m) => m.text)).toEqual([
        'Токаев',
        'Токаеву',
        'Касым-Жомарт Токаев',
        'Токаева',
        'Тоқаев',
        'Токаевым',
      ])
      expect(inRussian.map((m) => m.start)).toEqual(expected.map((m) => m.index))
      // No false ones: these share letters with the name but are other words.
      for (const other of ['Тока', 'Токмаке', 'Токарев', 'Токаевский'])
        expect(inRussian.some((m) => m.text === other)).toBe(false)
      expect(mentions).toHaveLength(inEnglish.length + inRussian.length)

      // The count the entity page shows agrees with the list.
      expect(countMentions(e.db, tokayev.id, searchOf(e))).toBe(mentions.length)
    },
  )

  it('finds places and organisations in their Russian cases from a Latin or Russian name, and only capitalised where the name is', () => {
    const e = engine()
    const ru = importBytes(e, 'ru.txt', Buffer.from(RUSSIAN))
    const mentionsOf = (name: string, aliases: string[] = []) => {
      const entity = ok<Entity>(e, 'entities.create', { type: 'other', name, aliases })
      return ok<EntityMention[]>(e, 'entities.mentions', { id: entity.id })
        .filter((m) => m.articleId === ru.articleId)
        .map((m) => m.text)
    }
    // "Astana" meets Астане (Astane); it does not meet Астанин, a surname that starts with the same letters.
    expect(mentionsOf('Astana')).toEqual(['Астане'])
    // A name of several words, declined word by word (Центральная → Центральной would be found too).
    expect(mentionsOf('Центральная избирательная комиссия')).toEqual(['Центральная избирательная комиссия'])
    // The name written with a capital takes only words written with one: "Тока" (a sentence's first word,
    // and rightly the genitive of a name Tok), not "тока".
    expect(mentionsOf('Tok')).toEqual(['Тока'])
    expect(mentionsOf('Tokmak')).toEqual(['Токмаке'])
    // A name whose words are all stop words cannot be asked of the index: none found, no error.
    expect(mentionsOf('The')).toEqual([])
  })

  it('counts unlinked mentions as findMentions lists them, less those linked and rejected', () => {
    const e = engine()
    const ru = importBytes(e, 'ru.txt', Buffer.from(RUSSIAN))
    const russian = ok<ArticleDetail>(e, 'articles.get', { id: ru.articleId })
    const entity = ok<Entity>(e, 'entities.create', { type: 'person', name: 'Tokayev' })
    const search = searchOf(e)
    const all = ok<EntityMention[]>(e, 'entities.mentions', { id: entity.id })
    expect(all).toHaveLength(6)
    expect(countMentions(e.db, entity.id, search)).toBe(6)
    markPassage(e, russian, 'Токаеву удостоверение', { entityIds: [entity.id] })
    const [first] = all
    ok(e, 'entities.mentions.reject', {
      id: entity.id,
      articleId: first?.articleId,
      versionId: first?.versionId,
      start: first?.start,
      end: first?.end,
    })
    expect(countMentions(e.db, entity.id, search)).toBe(4)
    expect(ok<EntityMention[]>(e, 'entities.mentions', { id: entity.id })).toHaveLength(4)
  })
})
