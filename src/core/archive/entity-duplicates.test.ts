import { afterEach, describe, expect, it } from 'vitest'
import type { DuplicateCandidate, Entity } from '../../shared/model'
import { ok, openTempEngine } from '../testing/temp-archive'

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

function engineWith(entities: Array<{ type: string; name: string; aliases?: string[] }>) {
  const temp = openTempEngine()
  cleanups.push(() => temp.cleanup())
  const made = entities.map((fields) => ok<Entity>(temp.engine, 'entities.create', fields))
  return { engine: temp.engine, made }
}

const pairs = (candidates: DuplicateCandidate[]) =>
  candidates.map((c) => [c.entity.name, c.other.name, c.score].join(' / '))

describe('entities suggested as duplicates (issue 5)', () => {
  it('pairs one name across scripts and spellings, and a name inside a longer one, with the reason', () => {
    const { engine, made } = engineWith([
      { type: 'person', name: 'Kassym-Jomart Tokayev' },
      { type: 'person', name: 'Токаев' },
      { type: 'person', name: 'Nursultan Nazarbayev' },
      { type: 'person', name: 'Нұрсұлтан Назарбаев' },
      { type: 'organisation', name: 'League of Young Voters' },
      { type: 'place', name: 'Almaty' },
      { type: 'person', name: 'Roman Reimer' },
    ])
    const all = ok<DuplicateCandidate[]>(engine, 'entities.duplicates', {})
    expect(pairs(all)).toEqual([
      'Nursultan Nazarbayev / Нұрсұлтан Назарбаев / 1',
      'Kassym-Jomart Tokayev / Токаев / 0.6',
    ])
    expect(all[1]?.reason).toBe('“Токаев” is part of “Kassym-Jomart Tokayev”')
    // Asked about one entity, it comes first in each pair.
    const ofTokayev = ok<DuplicateCandidate[]>(engine, 'entities.duplicates', { id: made[1]?.id })
    expect(pairs(ofTokayev)).toEqual(['Токаев / Kassym-Jomart Tokayev / 0.6'])
  })

  it('finds an alias in another script, and a romanisation spelt a little differently', () => {
    const { engine } = engineWith([
      { type: 'person', name: 'Tokayev', aliases: ['Тоқаев'] },
      { type: 'person', name: 'Тоқаев К.' },
      { type: 'organisation', name: 'Central Election Commission' },
      { type: 'organisation', name: 'Central Elections Commission' },
    ])
    const all = pairs(ok<DuplicateCandidate[]>(engine, 'entities.duplicates', {}))
    expect(all).toContain('Central Election Commission / Central Elections Commission / 0.8')
    expect(all).toContain('Tokayev / Тоқаев К. / 0.6')
  })

  it('never suggests a pair marked as not the same, nor entities of different types', () => {
    const { engine, made } = engineWith([
      { type: 'person', name: 'Almaty Orazbekov' },
      { type: 'place', name: 'Almaty' },
      { type: 'person', name: 'Roman Reimer' },
      { type: 'person', name: 'Роман Реймер' },
    ])
    expect(pairs(ok<DuplicateCandidate[]>(engine, 'entities.duplicates', {}))).toEqual([
      'Roman Reimer / Роман Реймер / 0.8',
    ])
    ok(engine, 'entities.distinct', { id: made[2]?.id, otherId: made[3]?.id, distinct: true })
    expect(ok<DuplicateCandidate[]>(engine, 'entities.duplicates', {})).toEqual([])
  })
})
