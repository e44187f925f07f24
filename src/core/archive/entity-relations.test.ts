import { afterEach, describe, expect, it } from 'vitest'
import type { ArticleDetail, Entity, EntityMerge, EntityPage, Relation } from '../../shared/model'
import { verifyAuditLog } from '../audit/verify-audit-log'
import { importBytes, markPassage, ok, openTempEngine } from '../testing/temp-archive'

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

const TEXT = `Observers detained in Almaty

Roman Reimer, who leads the League of Young Voters, said two of its observers were detained by the police in Almaty.
The League of Young Voters is a member of the Civic Alliance.
`

function archive() {
  const temp = openTempEngine()
  cleanups.push(() => temp.cleanup())
  const { engine } = temp
  const { articleId } = importBytes(engine, 'detained.txt', Buffer.from(TEXT))
  const article = ok<ArticleDetail>(engine, 'articles.get', { id: articleId })
  const create = (fields: object) => ok<Entity>(engine, 'entities.create', fields)
  const reimer = create({ type: 'person', name: 'Roman Reimer' })
  const league = create({ type: 'organisation', name: 'League of Young Voters' })
  const police = create({ type: 'organisation', name: 'Almaty police' })
  const leads = markPassage(engine, article, 'Roman Reimer, who leads the League of Young Voters', {
    entityIds: [reimer.id, league.id],
  })
  const detained = markPassage(
    engine,
    article,
    'two of its observers were detained by the police in Almaty',
    {
      entityIds: [league.id, police.id],
    },
  )
  return { engine, article, reimer, league, police, leads, detained }
}

const actions = (engine: ReturnType<typeof openTempEngine>['engine']) =>
  (engine.db.prepare('SELECT action FROM audit_log ORDER BY seq').all() as Array<{ action: string }>).map(
    (r) => r.action,
  )

const refusal = (engine: ReturnType<typeof openTempEngine>['engine'], channel: string, input: object) => {
  const envelope = engine.dispatch(channel, input)
  if (envelope.ok) throw new Error(`${channel} was not refused`)
  return envelope.error.message
}

describe('relations between entities (issue 5)', () => {
  it('records a typed relation backed by a passage, shown on both entities’ pages with its citation', () => {
    const { engine, reimer, league, leads } = archive()
    const relation = ok<Relation>(engine, 'relations.create', {
      subjectId: reimer.id,
      objectId: league.id,
      type: 'leads',
      evidenceIds: [leads.id],
    })
    expect(relation).toMatchObject({
      type: 'leads',
      label: 'leads',
      subject: { id: reimer.id, name: 'Roman Reimer', type: 'person' },
      object: { id: league.id, name: 'League of Young Voters', type: 'organisation' },
    })
    expect(relation.evidence).toEqual([
      expect.objectContaining({
        highlightId: leads.id,
        exact: 'Roman Reimer, who leads the League of Young Voters',
        title: 'Observers detained in Almaty',
      }),
    ])
    for (const id of [reimer.id, league.id])
      expect(ok<EntityPage>(engine, 'entities.page', { id }).relations.map((r) => r.id)).toEqual([
        relation.id,
      ])
    expect(verifyAuditLog(engine.db).ok).toBe(true)
    expect(actions(engine)).toContain('relation.create')
  })

  it('stores a built-in type written as its label by its key, and keeps the user’s own words otherwise', () => {
    const { engine, league, police } = archive()
    const byLabel = ok<Relation>(engine, 'relations.create', {
      subjectId: league.id,
      objectId: police.id,
      type: 'Detained  by',
    })
    expect(byLabel).toMatchObject({ type: 'detained_by', label: 'detained by' })
    const custom = ok<Relation>(engine, 'relations.create', {
      subjectId: league.id,
      objectId: police.id,
      type: 'filed a complaint against',
    })
    expect(custom).toMatchObject({ type: 'filed a complaint against', label: 'filed a complaint against' })
    expect(
      refusal(engine, 'relations.create', { subjectId: league.id, objectId: police.id, type: 'detained by' }),
    ).toMatch(/recorded already/)
    expect(
      refusal(engine, 'relations.create', { subjectId: league.id, objectId: league.id, type: 'leads' }),
    ).toMatch(/two different entities/)
  })

  it('replaces the evidence and the type on update, and a deleted relation is gone from the pages', () => {
    const { engine, reimer, league, leads, detained } = archive()
    const relation = ok<Relation>(engine, 'relations.create', {
      subjectId: reimer.id,
      objectId: league.id,
      type: 'member_of',
      evidenceIds: [leads.id],
    })
    const updated = ok<Relation>(engine, 'relations.update', {
      id: relation.id,
      type: 'leads',
      note: 'since 2019',
      evidenceIds: [leads.id, detained.id],
    })
    expect(updated).toMatchObject({ type: 'leads', note: 'since 2019' })
    expect(updated.evidence.map((e) => e.highlightId).sort()).toEqual([leads.id, detained.id].sort())
    const fewer = ok<Relation>(engine, 'relations.update', { id: relation.id, evidenceIds: [detained.id] })
    expect(fewer.evidence.map((e) => e.highlightId)).toEqual([detained.id])
    // A deleted highlight no longer backs anything.
    ok(engine, 'highlights.delete', { id: detained.id })
    expect(ok<Relation[]>(engine, 'relations.list', { entityId: reimer.id })[0]?.evidence).toEqual([])
    ok(engine, 'relations.delete', { id: relation.id })
    expect(ok<EntityPage>(engine, 'entities.page', { id: reimer.id }).relations).toEqual([])
    expect(refusal(engine, 'relations.delete', { id: relation.id })).toMatch(/no relation/)
  })

  it('moves relations with a merge, drops one between the two merged, and an undo restores both', () => {
    const { engine, reimer, league, police } = archive()
    const twin = ok<Entity>(engine, 'entities.create', {
      type: 'organisation',
      name: 'League of young voters (KZ)',
    })
    const toPolice = ok<Relation>(engine, 'relations.create', {
      subjectId: police.id,
      objectId: twin.id,
      type: 'detained_by',
    })
    const between = ok<Relation>(engine, 'relations.create', {
      subjectId: twin.id,
      objectId: league.id,
      type: 'part_of',
    })
    ok<Relation>(engine, 'relations.create', { subjectId: reimer.id, objectId: league.id, type: 'leads' })
    const merge = ok<EntityMerge>(engine, 'entities.merge', { id: twin.id, intoId: league.id })
    const merged = ok<EntityPage>(engine, 'entities.page', { id: league.id }).relations
    expect(merged.map((r) => r.id).sort()).toEqual(
      [toPolice.id, ok<Relation[]>(engine, 'relations.list', { entityId: reimer.id })[0]?.id].sort(),
    )
    expect(merged.find((r) => r.id === toPolice.id)?.object.id).toBe(league.id)

    ok(engine, 'entities.unmerge', { mergeId: merge.id })
    const restored = ok<EntityPage>(engine, 'entities.page', { id: twin.id }).relations
    expect(restored.map((r) => r.id).sort()).toEqual([toPolice.id, between.id].sort())
    expect(restored.find((r) => r.id === toPolice.id)?.object.id).toBe(twin.id)
  })
})

describe('entity details: user-defined types, event dates, parent places, properties (issue 5)', () => {
  it('keeps a type of the user’s own, dates of an event, a parent place and free-form properties', () => {
    const { engine } = archive()
    const create = (fields: object) => ok<Entity>(engine, 'entities.create', fields)
    const law = create({ type: 'other', customType: 'law', name: 'Law on Elections' })
    expect(law).toMatchObject({ type: 'other', customType: 'law' })
    create({ type: 'other', customType: 'law', name: 'Constitution' })
    create({ type: 'other', customType: 'vehicle', name: 'White van' })
    expect(ok<string[]>(engine, 'entities.types', {})).toEqual(['law', 'vehicle'])

    const kazakhstan = create({ type: 'place', name: 'Kazakhstan', aliases: ['Казахстан'] })
    const almaty = create({ type: 'place', name: 'Almaty', parentId: kazakhstan.id })
    const election = create({
      type: 'event',
      name: '2022 presidential election',
      dateStart: '2022-11-20',
      properties: { turnout: '69.4%', 'winner share': '81.3%' },
    })
    expect(election).toMatchObject({ dateStart: '2022-11-20', dateEnd: null })
    expect(election.properties).toEqual({ turnout: '69.4%', 'winner share': '81.3%' })
    const kz = ok<EntityPage>(engine, 'entities.page', { id: kazakhstan.id })
    expect(kz.children.map((c) => c.name)).toEqual(['Almaty'])
    expect(ok<EntityPage>(engine, 'entities.page', { id: almaty.id }).parent?.name).toBe('Kazakhstan')

    // An update that leaves the details out keeps them; null clears one.
    const renamed = ok<Entity>(engine, 'entities.update', {
      id: election.id,
      type: 'event',
      name: 'Snap presidential election',
    })
    expect(renamed).toMatchObject({ dateStart: '2022-11-20', properties: { turnout: '69.4%' } })
    const ranged = ok<Entity>(engine, 'entities.update', {
      id: election.id,
      type: 'event',
      name: 'Snap presidential election',
      dateStart: '2022-10',
      dateEnd: '2022-11-20',
    })
    expect(ranged).toMatchObject({ dateStart: '2022-10', dateEnd: '2022-11-20' })
  })

  it('refuses details that do not fit the type, a range that ends before it starts, and a place inside itself', () => {
    const { engine, reimer } = archive()
    const create = (fields: object) => ok<Entity>(engine, 'entities.create', fields)
    expect(refusal(engine, 'entities.create', { type: 'person', name: 'X', dateStart: '2022' })).toMatch(
      /only an event has a date/,
    )
    expect(
      refusal(engine, 'entities.create', {
        type: 'event',
        name: 'X',
        dateStart: '2022-11',
        dateEnd: '2022-10-31',
      }),
    ).toMatch(/ends \(2022-10-31\) before it starts \(2022-11\)/)
    expect(
      refusal(engine, 'entities.create', { type: 'event', name: 'X', dateStart: '20 Nov 2022' }),
    ).toMatch(/YYYY, YYYY-MM or YYYY-MM-DD/)
    expect(refusal(engine, 'entities.create', { type: 'person', name: 'X', customType: 'law' })).toMatch(
      /“other”/,
    )
    expect(refusal(engine, 'entities.create', { type: 'place', name: 'X', parentId: reimer.id })).toMatch(
      /is not a place/,
    )
    const country = create({ type: 'place', name: 'Kazakhstan' })
    const city = create({ type: 'place', name: 'Almaty', parentId: country.id })
    expect(
      refusal(engine, 'entities.update', {
        id: country.id,
        type: 'place',
        name: 'Kazakhstan',
        parentId: city.id,
      }),
    ).toMatch(/inside this place/)
    // Turning an event into a person drops its dates rather than refusing.
    const event = create({ type: 'event', name: 'Vote', dateStart: '2022' })
    expect(
      ok<Entity>(engine, 'entities.update', { id: event.id, type: 'person', name: 'Vote' }).dateStart,
    ).toBe(null)
  })

  it('puts dated passages and dated events on the timeline, oldest first', () => {
    const temp = openTempEngine()
    cleanups.push(() => temp.cleanup())
    const { engine } = temp
    const load = (name: string, published: string, text: string) => {
      const html = `<html><head><title>${name}</title><meta property="article:published_time" content="${published}"></head><body><article><h1>${name}</h1><p>${text}</p><p>${'More words of the report follow here. '.repeat(12)}</p></article></body></html>`
      const { articleId } = importBytes(engine, `${name}.html`, Buffer.from(html))
      return ok<ArticleDetail>(engine, 'articles.get', { id: articleId })
    }
    const later = load('Count disputed', '2022-11-22T09:00:00Z', 'Reimer said the count was unfair.')
    const evening = load('Protest at night', '2022-11-22T21:00:00Z', 'Reimer joined the protest.')
    const earlier = load('Campaign opens', '2022-10-21T09:00:00Z', 'Reimer registered as an observer.')
    const reimer = ok<Entity>(engine, 'entities.create', { type: 'person', name: 'Roman Reimer' })
    const vote = ok<Entity>(engine, 'entities.create', {
      type: 'event',
      name: 'Election day',
      dateStart: '2022-11-20',
    })
    markPassage(engine, later, 'Reimer said the count was unfair.', { entityIds: [reimer.id] })
    markPassage(engine, evening, 'Reimer joined the protest.', { entityIds: [reimer.id] })
    markPassage(engine, earlier, 'Reimer registered as an observer.', { entityIds: [reimer.id] })
    ok(engine, 'relations.create', { subjectId: reimer.id, objectId: vote.id, type: 'took_part_in' })
    const timeline = ok<EntityPage>(engine, 'entities.page', { id: reimer.id }).timeline
    expect(timeline.map((t) => [t.date, t.kind, t.text])).toEqual([
      ['2022-10-21', 'passage', 'Reimer registered as an observer.'],
      ['2022-11-20', 'event', 'Election day'],
      ['2022-11-22', 'passage', 'Reimer said the count was unfair.'],
      // Of one day, the morning's article before the evening's.
      ['2022-11-22', 'passage', 'Reimer joined the protest.'],
    ])
  })
})

describe('splitting an entity (issue 5)', () => {
  it('moves the chosen passages to a new entity and leaves the others; a merge back undoes it', () => {
    const { engine, league, leads, detained } = archive()
    const split = ok<Entity>(engine, 'entities.split', {
      id: league.id,
      highlightIds: [detained.id],
      entity: { type: 'organisation', name: 'League of Young Voters (observer mission)' },
    })
    const passagesOf = (id: string) =>
      ok<EntityPage>(engine, 'entities.page', { id }).articles.flatMap((a) =>
        a.passages.map((p) => p.highlightId),
      )
    expect(passagesOf(league.id)).toEqual([leads.id])
    expect(passagesOf(split.id)).toEqual([detained.id])
    expect(
      refusal(engine, 'entities.split', {
        id: league.id,
        highlightIds: [detained.id],
        entity: { type: 'organisation', name: 'Again' },
      }),
    ).toMatch(/not linked to this entity/)
    // Nothing was created by the refused split.
    expect(ok<Entity[]>(engine, 'entities.list', { query: 'Again' })).toEqual([])
    ok(engine, 'entities.merge', { id: split.id, intoId: league.id })
    expect(passagesOf(league.id).sort()).toEqual([leads.id, detained.id].sort())
    expect(verifyAuditLog(engine.db).ok).toBe(true)
    expect(actions(engine)).toContain('entity.split')
  })
})

describe('places inside a merged place (issue 5)', () => {
  it('are inside the place it was merged into, and back inside it after the undo', () => {
    const temp = openTempEngine()
    cleanups.push(() => temp.cleanup())
    const { engine } = temp
    const create = (fields: object) => ok<Entity>(engine, 'entities.create', fields)
    const kazakhstan = create({ type: 'place', name: 'Kazakhstan' })
    const kz = create({ type: 'place', name: 'Republic of Kazakhstan' })
    const almaty = create({ type: 'place', name: 'Almaty', parentId: kz.id })
    const children = (id: string) =>
      ok<EntityPage>(engine, 'entities.page', { id }).children.map((c) => c.name)
    const merge = ok<EntityMerge>(engine, 'entities.merge', { id: kz.id, intoId: kazakhstan.id })
    expect(children(kazakhstan.id)).toEqual(['Almaty'])
    expect(ok<EntityPage>(engine, 'entities.page', { id: almaty.id }).parent?.name).toBe('Kazakhstan')
    ok(engine, 'entities.unmerge', { mergeId: merge.id })
    expect(children(kazakhstan.id)).toEqual([])
    expect(children(kz.id)).toEqual(['Almaty'])
  })
})

describe('review fixes (issue 5)', () => {
  it('takes "toString" or "constructor" as the user’s own words, and the pages still load', () => {
    const { engine, reimer, league } = archive()
    for (const type of ['toString', 'constructor', '__proto__']) {
      const relation = ok<Relation>(engine, 'relations.create', {
        subjectId: reimer.id,
        objectId: league.id,
        type,
      })
      expect(relation).toMatchObject({ type, label: type })
    }
    expect(ok<EntityPage>(engine, 'entities.page', { id: reimer.id }).relations).toHaveLength(3)
  })

  it('folds a relation the kept entity has already into it on merge, evidence included, and the undo splits it again', () => {
    const { engine, reimer, league, leads, detained } = archive()
    const twin = ok<Entity>(engine, 'entities.create', { type: 'person', name: 'R. Reimer' })
    const kept = ok<Relation>(engine, 'relations.create', {
      subjectId: reimer.id,
      objectId: league.id,
      type: 'leads',
      evidenceIds: [leads.id],
    })
    const folded = ok<Relation>(engine, 'relations.create', {
      subjectId: twin.id,
      objectId: league.id,
      type: 'leads',
      evidenceIds: [detained.id],
    })
    const merge = ok<EntityMerge>(engine, 'entities.merge', { id: twin.id, intoId: reimer.id })
    const after = ok<EntityPage>(engine, 'entities.page', { id: reimer.id }).relations
    expect(after.map((r) => r.id)).toEqual([kept.id])
    expect(after[0]?.evidence.map((e) => e.highlightId).sort()).toEqual([leads.id, detained.id].sort())

    ok(engine, 'entities.unmerge', { mergeId: merge.id })
    expect(
      ok<Relation[]>(engine, 'relations.list', { entityId: reimer.id })[0]?.evidence.map(
        (e) => e.highlightId,
      ),
    ).toEqual([leads.id])
    const back = ok<Relation[]>(engine, 'relations.list', { entityId: twin.id })
    expect(back.map((r) => [r.id, r.evidence.map((e) => e.highlightId)])).toEqual([
      [folded.id, [detained.id]],
    ])
    // Made the same by an update, a relation is refused as by a create.
    expect(refusal(engine, 'relations.update', { id: folded.id, subjectId: reimer.id })).toMatch(
      /recorded already/,
    )
  })

  it('tombstones an entity’s relations with it', () => {
    const { engine, reimer, league } = archive()
    const relation = ok<Relation>(engine, 'relations.create', {
      subjectId: reimer.id,
      objectId: league.id,
      type: 'leads',
    })
    ok(engine, 'entities.delete', { id: league.id })
    const row = engine.db
      .prepare('SELECT deleted_at FROM entity_relations WHERE id = ?')
      .get(relation.id) as {
      deleted_at: string | null
    }
    expect(row.deleted_at).not.toBeNull()
    expect(ok<Relation[]>(engine, 'relations.list', {})).toEqual([])
  })

  it('keeps a place editable when its parent was deleted or merged into it', () => {
    const { engine } = archive()
    const create = (fields: object) => ok<Entity>(engine, 'entities.create', fields)
    const region = create({ type: 'place', name: 'Almaty Region' })
    const city = create({ type: 'place', name: 'Almaty', parentId: region.id })
    // The region merged into the city: the city is not inside itself, and saves without a parent.
    ok(engine, 'entities.merge', { id: region.id, intoId: city.id })
    expect(ok<EntityPage>(engine, 'entities.page', { id: city.id }).parent).toBeNull()
    expect(
      ok<Entity>(engine, 'entities.update', {
        id: city.id,
        type: 'place',
        name: 'Almaty',
        aliases: ['Алматы'],
      }),
    ).toMatchObject({ parentId: null, aliases: ['Алматы'] })

    const country = create({ type: 'place', name: 'Kazakhstan' })
    const town = create({ type: 'place', name: 'Taraz', parentId: country.id })
    ok(engine, 'entities.delete', { id: country.id })
    expect(
      ok<Entity>(engine, 'entities.update', {
        id: town.id,
        type: 'place',
        name: 'Taraz',
        aliases: ['Тараз'],
      }),
    ).toMatchObject({ parentId: null })
  })
})

describe('undoing a split (issue 5)', () => {
  it('puts the passages back without adding the new name as an alias, and deletes the emptied entity', () => {
    const { engine, league, leads, detained } = archive()
    const split = ok<Entity>(engine, 'entities.split', {
      id: league.id,
      highlightIds: [detained.id],
      entity: { type: 'organisation', name: 'Observer mission' },
    })
    const back = ok<Entity>(engine, 'entities.unsplit', { id: split.id })
    expect(back).toMatchObject({ id: league.id, aliases: [] })
    const passages = ok<EntityPage>(engine, 'entities.page', { id: league.id }).articles.flatMap((a) =>
      a.passages.map((p) => p.highlightId),
    )
    expect(passages.sort()).toEqual([leads.id, detained.id].sort())
    expect(refusal(engine, 'entities.page', { id: split.id })).toMatch(/no entity/)
    expect(refusal(engine, 'entities.unsplit', { id: split.id })).toMatch(/not split off another|no entity/)
    expect(actions(engine)).toContain('entity.unsplit')
  })

  it('keeps the new entity when something was added to it since', () => {
    const { engine, reimer, league, detained } = archive()
    const split = ok<Entity>(engine, 'entities.split', {
      id: league.id,
      highlightIds: [detained.id],
      entity: { type: 'organisation', name: 'Observer mission' },
    })
    ok(engine, 'relations.create', { subjectId: reimer.id, objectId: split.id, type: 'leads' })
    ok(engine, 'entities.unsplit', { id: split.id })
    const kept = ok<EntityPage>(engine, 'entities.page', { id: split.id })
    expect(kept.passageCount).toBe(0)
    expect(kept.relations).toHaveLength(1)
  })
})
