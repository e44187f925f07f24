import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import type { ArticleDetail, Entity, EntityMention } from '../../shared/model'
import {
  importBytes,
  markPassage,
  ok,
  openTempEngine,
  SHARED_ARTICLE,
  SHARED_AVAILABLE,
} from '../testing/temp-archive'
import { parseQuery } from '../../shared/search-query'
import { mentionQueries } from './entity-mentions'

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

function engine() {
  const temp = openTempEngine()
  cleanups.push(() => temp.cleanup())
  return temp.engine
}

const RUSSIAN =
  'Токаеву вручили удостоверение\n\nЦентральная избирательная комиссия вручила Токаеву удостоверение президента. ' +
  'Назарбаев на церемонии не присутствовал.\n'

describe('finding unlinked mentions of an entity (issue 5)', () => {
  it.skipIf(!SHARED_AVAILABLE)(
    'finds every “Tokayev” of the real article not linked yet, and a Cyrillic inflected form, and nothing else',
    () => {
      const e = engine()
      const { articleId } = importBytes(e, 'kz.txt', readFileSync(SHARED_ARTICLE))
      const article = ok<ArticleDetail>(e, 'articles.get', { id: articleId })
      const tokayev = ok<Entity>(e, 'entities.create', {
        type: 'person',
        name: 'Kassym-Jomart Tokayev',
        aliases: ['Tokayev', 'Токаев'],
      })
      markPassage(e, article, 'In March, Tokayev announced political reforms', { entityIds: [tokayev.id] })
      const ru = importBytes(e, 'ru.txt', Buffer.from(RUSSIAN))

      const mentions = ok<EntityMention[]>(e, 'entities.mentions', { id: tokayev.id })
      const inEnglish = mentions.filter((m) => m.articleId === articleId)
      const occurrences = [...article.text.matchAll(/Tokayev/g)].length
      // The full name, as this article spells it, is one mention (not its "Tokayev" alone).
      const fullNames = [...article.text.matchAll(/Kasym-Zhomart Tokayev/g)].length
      expect(occurrences).toBeGreaterThan(10)
      expect(fullNames).toBe(3)
      // All but the one linked already.
      expect(inEnglish).toHaveLength(occurrences - 1)
      expect(inEnglish.filter((m) => m.text === 'Kasym-Zhomart Tokayev')).toHaveLength(fullNames)
      for (const m of inEnglish) {
        expect(m.text).toMatch(/^(?:Kasym-Zhomart )?Tokayev/)
        expect(article.text.slice(m.start, m.end)).toBe(m.text)
      }
      expect(inEnglish.some((m) => m.before.endsWith('In March, '))).toBe(false)
      const inRussian = mentions.filter((m) => m.articleId === ru.articleId)
      expect(inRussian.map((m) => m.text)).toEqual(['Токаеву', 'Токаеву'])
      expect(mentions.every((m) => /Tokayev|Токаев/.test(m.text))).toBe(true)
    },
  )

  it('does not offer a rejected mention again, and refuses a mention outside the text', () => {
    const e = engine()
    const ru = importBytes(e, 'ru.txt', Buffer.from(RUSSIAN))
    const article = ok<ArticleDetail>(e, 'articles.get', { id: ru.articleId })
    const entity = ok<Entity>(e, 'entities.create', { type: 'person', name: 'Токаев' })
    const [first, second] = ok<EntityMention[]>(e, 'entities.mentions', { id: entity.id })
    expect(first && second).toBeTruthy()
    ok(e, 'entities.mentions.reject', {
      id: entity.id,
      articleId: first?.articleId,
      versionId: first?.versionId,
      start: first?.start,
      end: first?.end,
    })
    const left = ok<EntityMention[]>(e, 'entities.mentions', { id: entity.id })
    expect(left.map((m) => m.start)).toEqual([second?.start])
    expect(
      e.dispatch('entities.mentions.reject', {
        id: entity.id,
        articleId: article.id,
        versionId: article.versionId,
        start: 0,
        end: article.text.length + 5,
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
  })

  it('asks the index for every name: each word in its spellings and Russian forms, without query syntax', () => {
    const queries = mentionQueries([
      'Kassym-Jomart Tokayev',
      'Tokayev',
      'Тоқаев',
      '"Tokayev"',
      '-Akorda*',
      'the',
    ])
    // One query for the names of one word, one for each longer name (each of its words required).
    expect(queries.map((q) => q.patterns.map((p) => p.name))).toEqual([
      ['Tokayev', 'Тоқаев', '"Tokayev"', '-Akorda*'],
      ['Kassym-Jomart Tokayev'],
    ])
    const [single, longer] = queries.map((q) =>
      parseQuery(q.query).required.map((group) => group.map((c) => c.text)),
    )
    expect(single).toHaveLength(1)
    expect(single?.[0]).toEqual(expect.arrayContaining(['Tokayev', 'Тоқаев', 'Akorda', 'Akorde', 'Akordy']))
    expect(single?.[0]?.some((word) => /["*~:()]|^-/.test(word))).toBe(false)
    expect(longer?.map((group) => group[0])).toEqual(['Kassym', 'Jomart', 'Tokayev'])
    // Forms the index holds alike are asked once: Tokayevu and Tokayevym fold to Tokayev's skeleton.
    expect(longer?.[2]).toEqual(expect.arrayContaining(['Tokayev', 'Tokayevi', 'Tokayevy']))
    expect(longer?.[2]).not.toContain('Tokayevu')
  })
})
