import { afterEach, describe, expect, it } from 'vitest'
import type { ArticleDetail, Entity, EntityPage, EntitySuggestion } from '../../shared/model'
import { verifyAuditLog } from '../audit/verify-audit-log'
import { join } from 'node:path'
import { openEngine } from '../engine'
import { importBytes, markPassage, ok, openTempEngine, tempDir } from '../testing/temp-archive'

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

const ENGLISH = `Observers report pressure in Almaty

Roman Reimer, the head of the League of Young Voters, said on Monday that observers were pushed out of polling
stations in Almaty. Reimer said the Central Election Commission had not answered the league's complaints.
President Kassym-Jomart Tokayev won the vote, the commission said.
`

const RUSSIAN = `Наблюдатели в Алматы

Президент Касым-Жомарт Токаев заявил, что выборы прошли честно. Наблюдатели сообщили Токаеву о нарушениях в
Алматы, но Центральная избирательная комиссия не ответила на их жалобы. В Алматы прошли задержания.
`

function archiveWith(name: string, text: string) {
  const temp = openTempEngine()
  cleanups.push(() => temp.cleanup())
  const { engine } = temp
  const { articleId } = importBytes(engine, name, Buffer.from(text))
  const article = ok<ArticleDetail>(engine, 'articles.get', { id: articleId })
  const suggest = () => ok<EntitySuggestion[]>(engine, 'entities.suggest', { articleId })
  return { engine, article, suggest }
}

const named = (list: EntitySuggestion[], name: string) => list.find((s) => s.name === name)

describe('entity suggestions from an article (issue 5)', () => {
  it('proposes the people, organisations and places an English article names, each span exact', () => {
    const { article, suggest } = archiveWith('pressure.txt', ENGLISH)
    const found = suggest()
    expect(named(found, 'Roman Reimer')?.type).toBe('person')
    expect(named(found, 'League of Young Voters')?.type).toBe('organisation')
    expect(named(found, 'Almaty')?.type).toBe('place')
    expect(named(found, 'Kassym-Jomart Tokayev')?.type).toBe('person')
    // "Reimer" alone is the same man: one suggestion with both spans.
    expect(named(found, 'Roman Reimer')?.spans.map((s) => s.text)).toEqual(['Roman Reimer', 'Reimer'])
    expect(named(found, 'Monday')).toBeUndefined()
    for (const s of found) {
      expect(s.versionId).toBe(article.versionId)
      for (const span of s.spans) expect(article.text.slice(span.start, span.end)).toBe(span.text)
    }
  })

  it('groups inflected Russian forms under the nominative name', () => {
    const { suggest } = archiveWith('almaty.txt', RUSSIAN)
    const found = suggest()
    const tokayev = named(found, 'Касым-Жомарт Токаев')
    expect(tokayev?.type).toBe('person')
    expect(tokayev?.spans.map((s) => s.text)).toContain('Токаеву')
    expect(named(found, 'Центральная избирательная комиссия')?.type).toBe('organisation')
    expect(named(found, 'Алматы')?.type).toBe('place')
  })

  it('accepting makes the entity and links its mentions; a rejected name is never suggested again', () => {
    const { engine, article, suggest } = archiveWith('pressure.txt', ENGLISH)
    const reimer = named(suggest(), 'Roman Reimer') as EntitySuggestion
    const accepted = ok<{ entity: Entity; linked: number }>(engine, 'entities.suggest.accept', {
      articleId: article.id,
      versionId: reimer.versionId,
      name: 'Roman Reimer',
      type: 'person',
      spans: reimer.spans,
    })
    expect(accepted.linked).toBe(2)
    const page = ok<EntityPage>(engine, 'entities.page', { id: accepted.entity.id })
    expect(page.articles[0]?.passages.map((p) => p.exact)).toEqual(['Roman Reimer', 'Reimer'])
    // Accepted and linked: no longer suggested.
    expect(named(suggest(), 'Roman Reimer')).toBeUndefined()

    ok(engine, 'entities.suggest.reject', { name: 'Almaty' })
    expect(named(suggest(), 'Almaty')).toBeUndefined()
    expect(verifyAuditLog(engine.db).ok).toBe(true)
  })

  it('offers a name the archive knows as that entity, without the mentions already linked to it', () => {
    const { engine, article, suggest } = archiveWith('pressure.txt', ENGLISH)
    const league = ok<Entity>(engine, 'entities.create', {
      type: 'organisation',
      name: 'Young Voters League',
      aliases: ['League of Young Voters'],
    })
    const offered = named(suggest(), 'League of Young Voters')
    expect(offered?.existing).toEqual({ id: league.id, name: 'Young Voters League', type: 'organisation' })
    markPassage(engine, article, 'League of Young Voters', { entityIds: [league.id] })
    expect(named(suggest(), 'League of Young Voters')).toBeUndefined()
  })

  it('links a mention the user highlighted already instead of highlighting it twice', () => {
    const { engine, article, suggest } = archiveWith('pressure.txt', ENGLISH)
    const almaty = named(suggest(), 'Almaty') as EntitySuggestion
    const first = almaty.spans[0] as { start: number; end: number }
    const mine = ok<{ id: string }>(engine, 'highlights.create', {
      articleId: article.id,
      versionId: article.versionId,
      start: first.start,
      end: first.end,
    })
    const accepted = ok<{ entity: Entity; linked: number; highlightIds: string[] }>(
      engine,
      'entities.suggest.accept',
      {
        articleId: article.id,
        versionId: almaty.versionId,
        name: 'Almaty',
        type: 'place',
        spans: almaty.spans,
      },
    )
    expect(accepted.highlightIds).toContain(mine.id)
    expect(accepted.linked).toBe(almaty.spans.length)
    const highlights = ok<ArticleDetail>(engine, 'articles.get', { id: article.id }).highlights
    expect(highlights).toHaveLength(almaty.spans.length)
  })
})

describe('entity suggestions on their own thread (issue 5)', () => {
  it('gives what the engine’s own thread gives, and the engine answers meanwhile', async () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const engine = openEngine(join(dir, 'archive.casebook'), { suggestionThread: true })
    cleanups.unshift(() => engine.close())
    const { articleId } = importBytes(engine, 'almaty.txt', Buffer.from(RUSSIAN))
    let settled = false
    const onThread = engine.dispatchAsync('entities.suggest', { articleId })
    void onThread.then(() => (settled = true))
    // While the thread starts and reads, the engine's thread is free for other requests: the suggestions
    // are still to come when they are answered (made on the engine's thread, they would be there already).
    expect(engine.dispatch('entities.list', {}).ok).toBe(true)
    await new Promise((resolve) => setImmediate(resolve))
    expect(settled).toBe(false)
    const envelope = await onThread
    expect(envelope.ok).toBe(true)
    expect(envelope.ok && envelope.value).toEqual(ok(engine, 'entities.suggest', { articleId }))
    expect(
      (await engine.dispatchAsync('entities.suggest', { articleId: '00000000-0000-4000-8000-000000000000' }))
        .ok,
    ).toBe(false)
  })
})
