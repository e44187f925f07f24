import { afterEach, describe, expect, it } from 'vitest'
import type { ArticleDetail, CoOccurrence, Entity, EntityPage } from '../../shared/model'
import { importBytes, markPassage, ok, openTempEngine } from '../testing/temp-archive'

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

describe('co-occurring entities on an entity page (issue 5)', () => {
  it('counts the articles two entities share and the passages linked to both, most shared first', () => {
    const temp = openTempEngine()
    cleanups.push(() => temp.cleanup())
    const { engine } = temp
    const open = (name: string, text: string) =>
      ok<ArticleDetail>(engine, 'articles.get', {
        id: importBytes(engine, name, Buffer.from(text)).articleId,
      })
    const vote = open(
      'vote.txt',
      'The vote\n\nTokayev won in Almaty. The League of Young Voters saw ballot stuffing in Almaty.\n',
    )
    const protest = open(
      'protest.txt',
      'The protest\n\nIn Almaty the police detained members of the League.\n',
    )
    const other = open('other.txt', 'Elsewhere\n\nTokayev spoke in Astana about the harvest.\n')
    const make = (type: string, name: string) => ok<Entity>(engine, 'entities.create', { type, name })
    const almaty = make('place', 'Almaty')
    const tokayev = make('person', 'Tokayev')
    const league = make('organisation', 'League of Young Voters')
    const astana = make('place', 'Astana')
    // One passage linked to two entities, and passages of one entity each.
    markPassage(engine, vote, 'Tokayev won in Almaty', { entityIds: [tokayev.id, almaty.id] })
    markPassage(engine, vote, 'League of Young Voters saw ballot stuffing in Almaty', {
      entityIds: [league.id],
    })
    markPassage(engine, protest, 'In Almaty the police', { entityIds: [almaty.id] })
    markPassage(engine, protest, 'members of the League', { entityIds: [league.id] })
    markPassage(engine, other, 'Tokayev spoke in Astana', { entityIds: [tokayev.id, astana.id] })

    const ofAlmaty = ok<EntityPage>(engine, 'entities.page', { id: almaty.id }).coOccurring
    expect(ofAlmaty.map(({ name, articles, passages }) => [name, articles, passages])).toEqual([
      ['League of Young Voters', 2, 0],
      ['Tokayev', 1, 1],
    ])
    const ofTokayev = ok<EntityPage>(engine, 'entities.page', { id: tokayev.id }).coOccurring
    expect(ofTokayev.map((c: CoOccurrence) => [c.name, c.articles, c.passages])).toEqual([
      ['Almaty', 1, 1],
      ['Astana', 1, 1],
      ['League of Young Voters', 1, 0],
    ])
    // A deleted article no longer counts.
    ok(engine, 'articles.delete', { id: protest.id })
    expect(
      ok<EntityPage>(engine, 'entities.page', { id: almaty.id }).coOccurring.map((c) => [c.name, c.articles]),
    ).toEqual([
      // One article each now; Tokayev shares a passage too.
      ['Tokayev', 1],
      ['League of Young Voters', 1],
    ])
  })
})
