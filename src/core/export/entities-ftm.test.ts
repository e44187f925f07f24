import { defaultModel, Model, type Property, type Schema } from '@alephdata/followthemoney'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ExportedFile } from '../../shared/model'
import { verifyAuditLog } from '../audit/verify-audit-log'
import { ok } from '../testing/temp-archive'
import {
  countryNameTable,
  countryOf,
  entitiesFtm,
  ftmDate,
  ftmUrl,
  FTM_COUNTRY_CODES,
  type FtmEntity,
} from './entities-ftm'
import { readEntityExport } from './entities-rows'
import { entityExportArchive } from './entities-test-archive'

const model = new Model(defaultModel)

let archive: ReturnType<typeof entityExportArchive>
let file: ExportedFile
let lines: FtmEntity[]
let byId: Map<string, FtmEntity>
beforeAll(() => {
  archive = entityExportArchive()
  file = ok<ExportedFile>(archive.engine, 'export.entities', { format: 'ftm' })
  lines = file.content
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as FtmEntity)
  byId = new Map(lines.map((e) => [e.id, e]))
})
afterAll(() => archive.cleanup())

/**
 * The required properties of a schema: its own list, or (where it declares none) its nearest ancestors'
 * (Address has none of its own and is a Thing, which needs a name; Article is a Document, which needs a file
 * name).
 */
function requiredOf(schema: Schema): string[] {
  if (schema.required.length > 0) return schema.required
  return [...new Set(schema.getExtends().flatMap(requiredOf))]
}

const DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/

/** What FtM's property types accept of a value, for the types this export writes. */
function typeProblem(property: Property, value: string): string | null {
  const type = property.type
  if (value.trim() !== value || value === '') return 'blank or padded'
  if (value.length > type.maxLength) return `longer than ${type.maxLength}`
  switch (type.name) {
    case 'date':
      return DATE.test(value) ? null : 'not an ISO date'
    case 'url': {
      try {
        return ['http:', 'https:'].includes(new URL(value).protocol) ? null : 'not a web URL'
      } catch {
        return 'not a URL'
      }
    }
    case 'country':
    case 'language':
    case 'gender':
    case 'topic':
      return type.values.has(value) ? null : `not a ${type.name} code of the model`
    case 'entity': {
      const target = byId.get(value)
      if (!target) return 'points at no entity in the file'
      return model.getSchema(target.schema).isA(property.getRange())
        ? null
        : `points at a ${target.schema}, not a ${property.getRange().name}`
    }
    case 'string':
    case 'text':
    case 'name':
    case 'address':
    case 'identifier':
      return null
    default:
      return `a ${type.name} value, which this export does not write`
  }
}

/** Every problem the model finds with one exported entity; none is what the test wants. */
function problemsOf(raw: FtmEntity): string[] {
  const problems: string[] = []
  let schema: Schema
  try {
    schema = model.getSchema(raw.schema)
  } catch {
    return [`${raw.id}: no schema ${raw.schema}`]
  }
  if (schema.abstract) problems.push(`${raw.id}: ${raw.schema} is abstract`)
  if (typeof raw.id !== 'string' || raw.id.length === 0 || raw.id.length > 200)
    problems.push(`bad id ${raw.id}`)
  for (const [name, values] of Object.entries(raw.properties)) {
    let property: Property
    try {
      property = schema.getProperty(name)
    } catch {
      problems.push(`${raw.id}: ${raw.schema} has no property ${name}`)
      continue
    }
    if (property.stub) problems.push(`${raw.id}: ${name} is the reverse side of another schema's property`)
    if (!Array.isArray(values) || values.length === 0) problems.push(`${raw.id}: ${name} is not a list`)
    for (const value of values) {
      if (typeof value !== 'string') problems.push(`${raw.id}: ${name} holds a ${typeof value}`)
      const problem = typeProblem(property, value)
      if (problem) problems.push(`${raw.id}: ${name} “${value.slice(0, 60)}” ${problem}`)
    }
  }
  for (const name of requiredOf(schema))
    if (!raw.properties[name]?.length) problems.push(`${raw.id}: ${raw.schema} needs ${name}`)
  // The library's own proxy takes it in and gives back the same thing.
  if (problems.length === 0)
    expect(model.getEntity(raw).toJSON()).toEqual({
      id: raw.id,
      schema: raw.schema,
      properties: raw.properties,
    })
  return problems
}

describe('entities as FollowTheMoney (issue 5, "Export")', () => {
  it('writes one entity a line, each valid against the FollowTheMoney model', () => {
    expect(file).toMatchObject({ mimeType: 'application/x-ndjson' })
    expect(file.fileName).toMatch(/^casebook-entities-\d{4}-\d{2}-\d{2}\.ftm\.json$/)
    expect(file.content.endsWith('\n')).toBe(true)
    expect(new Set(lines.map((l) => l.id)).size).toBe(lines.length)
    expect(lines.flatMap(problemsOf)).toEqual([])
    expect(new Set(lines.map((l) => l.schema))).toEqual(
      new Set([
        'Person',
        'Organization',
        'Address',
        'Event',
        'Vehicle',
        'Directorship',
        'Membership',
        'Employment',
        'UnknownLink',
        'Article',
        'Documentation',
      ]),
    )
  })

  it('has a check that finds what the model refuses, so that its passing means something', () => {
    const { reimer, league } = archive.entities
    const bad = (schema: string, properties: Record<string, string[]>) =>
      problemsOf({ id: 'bad', schema, properties })
    expect(bad('Membership', { member: [reimer.id], organization: [reimer.id] })).toEqual([
      `bad: organization “${reimer.id}” points at a Person, not a Organization`,
    ])
    expect(bad('Membership', { member: [league.id] })).toEqual(['bad: Membership needs organization'])
    expect(bad('Person', { name: ['X'], born: ['1985'] })).toEqual(['bad: Person has no property born'])
    expect(bad('Event', { name: ['X'], date: ['20 Nov 2022'] })).toEqual([
      'bad: date “20 Nov 2022” not an ISO date',
    ])
    expect(bad('Address', { full: ['x'.repeat(251)] })).toEqual([
      `bad: full “${'x'.repeat(60)}” longer than 250`,
      'bad: Address needs name',
    ])
    expect(bad('Address', { name: ['X'], country: ['kazakhstan'] })).toEqual([
      'bad: country “kazakhstan” not a country code of the model',
    ])
    expect(bad('Thing', { name: ['X'] })).toEqual(['bad: Thing is abstract'])
    expect(bad('Person', { name: ['X'], membershipMember: [league.id] })).toEqual([
      "bad: membershipMember is the reverse side of another schema's property",
      `bad: membershipMember “${league.id}” points at a Organization, not a Membership`,
    ])
  })

  it('maps each entity to its schema, leaving out a type of its own the model has no schema for', () => {
    const { entities: e } = archive
    const schemaOf = (id: string) => byId.get(id)?.schema
    expect(schemaOf(e.reimer.id)).toBe('Person')
    expect(schemaOf(e.league.id)).toBe('Organization')
    expect(schemaOf(e.almaty.id)).toBe('Address')
    expect(schemaOf(e.election.id)).toBe('Event')
    expect(schemaOf(e.minibus.id)).toBe('Vehicle')
    expect(schemaOf(e.law.id)).toBeUndefined()
    expect(schemaOf(e.gone.id)).toBeUndefined()
    expect(schemaOf(e.republic.id)).toBeUndefined()
    // 12 live entities, the law left out; the audit log says what left the archive.
    expect(file.count).toBe(11)
    const entry = archive.engine.db
      .prepare(`SELECT detail FROM audit_log WHERE action = 'export.entities'`)
      .get() as { detail: string }
    expect(JSON.parse(entry.detail)).toMatchObject({ format: 'ftm', count: 11 })
    expect(verifyAuditLog(archive.engine.db).ok).toBe(true)

    expect(byId.get(e.reimer.id)?.properties).toEqual({
      name: ['Roman Reimer'],
      alias: ['Роман Реймер'],
      description: [e.reimer.description],
      notes: ['born: 1985', 'role: chair, spokesman'],
    })
    expect(byId.get(e.election.id)?.properties).toMatchObject({ date: ['2022-11-20'] })
    expect(byId.get(e.unrest.id)?.properties).toMatchObject({
      startDate: ['2022-01-02'],
      endDate: ['2022-01-11'],
    })
    expect(byId.get(e.unrest.id)?.properties.date).toBeUndefined()
  })

  it('writes a place as an Address inside the places it is in, with the country it is named in', () => {
    const { entities: e } = archive
    // Almaty's parent was merged into Казахстан; Казахстан is Kazakhstan in Russian.
    expect(byId.get(e.almaty.id)?.properties).toMatchObject({
      name: ['Almaty'],
      alias: ['Алматы'],
      full: ['Almaty, Казахстан'],
      country: ['kz'],
    })
    expect(byId.get(e.kazakhstan.id)?.properties).toMatchObject({ full: ['Казахстан'], country: ['kz'] })
    // The outermost place named as a country wins: this Georgia is in the United States.
    expect(byId.get(e.georgia.id)?.properties).toMatchObject({
      full: ['Georgia, United States'],
      country: ['us'],
    })
    expect(byId.get(e.police.id)?.properties.country).toBeUndefined()
  })

  it('maps relations to Membership, Directorship, Employment where the ends fit, else UnknownLink', () => {
    const { relations: r, entities: e } = archive
    const link = (id: string) => byId.get(id)
    expect(link(r.leads.id)).toMatchObject({
      schema: 'Directorship',
      properties: {
        director: [e.reimer.id],
        organization: [e.league.id],
        role: ['leads'],
        description: ['Chair since 2021'],
      },
    })
    expect(link(r.memberOf.id)).toMatchObject({
      schema: 'Membership',
      properties: { member: [e.league.id], organization: [e.alliance.id], role: ['member of'] },
    })
    expect(link(r.worksFor.id)).toMatchObject({
      schema: 'Employment',
      properties: { employee: [e.reimer.id], employer: [e.league.id], role: ['works for'] },
    })
    for (const [relation, role] of [
      [r.tookPart, 'took part in'],
      [r.detainedBy, 'detained by'],
      [r.memberOfEvent, 'member of'],
      [r.vehicleWorks, 'works for'],
      [r.locatedIn, 'located in'],
      [r.fundedBy, 'funded by'],
    ] as const)
      expect(link(relation.id)).toMatchObject({
        schema: 'UnknownLink',
        properties: { subject: [relation.subject.id], object: [relation.object.id], role: [role] },
      })
    // A relation to an entity left out goes with it.
    expect(link(r.lawRelated.id)).toBeUndefined()
    // The evidence travels on the relation: the quote with its citation, the article's URL.
    expect(link(r.leads.id)?.properties).toMatchObject({
      summary: [
        '“Roman Reimer, who leads the League of Young Voters” — Observers detained in Almaty, Example News, ' +
          '2022-01-12, https://example.org/news/detained?lang=en',
      ],
      sourceUrl: ['https://example.org/news/detained?lang=en'],
    })
    expect(link(r.fundedBy.id)?.properties.summary).toBeUndefined()
  })

  it('documents every passage linked to an exported entity, from an Article', () => {
    const { entities: e, articles } = archive
    const docs = lines.filter((l) => l.schema === 'Documentation')
    const data = readEntityExport(archive.engine.db)
    const expected = data.entities
      .filter((item) => item.entity.id !== e.law.id)
      .flatMap((item) => item.passages.map((p) => `${item.entity.id} ${p.highlightId}`))
    expect(docs.map((d) => `${d.properties.entity?.[0]} ${d.properties.recordId?.[0]}`).sort()).toEqual(
      expected.sort(),
    )
    const reimerDocs = docs.filter((d) => d.properties.entity?.[0] === e.reimer.id)
    expect(reimerDocs).toHaveLength(3)
    expect(reimerDocs[0]?.properties).toMatchObject({
      document: [articles.detained.id],
      role: ['quoted passage'],
      summary: ['Roman Reimer, who leads the League of Young Voters'],
      status: ['anchored'],
      sourceUrl: ['https://example.org/news/detained?lang=en'],
    })
    expect(byId.get(articles.detained.id)).toEqual({
      id: articles.detained.id,
      schema: 'Article',
      properties: {
        title: ['Observers detained in Almaty'],
        fileName: ['detained.txt'],
        author: ['A. Reporter'],
        publisher: ['Example News'],
        publishedAt: ['2022-01-12'],
        sourceUrl: ['https://example.org/news/detained?lang=en'],
      },
    })
    // “archive box 4” is no URL: the article keeps its date, and claims no source URL.
    expect(byId.get(articles.russian.id)?.properties).toMatchObject({ publishedAt: ['2022-11-21'] })
    expect(byId.get(articles.russian.id)?.properties.sourceUrl).toBeUndefined()
  })

  it('knows only country codes of the model, and names of them in the archive’s languages', () => {
    const codes = model.getType('country').values
    expect(FTM_COUNTRY_CODES.filter((code) => !codes.has(code))).toEqual([])
    const table = countryNameTable()
    expect([...table.values()].filter((code) => code && !codes.has(code))).toEqual([])
    expect(table.get('kazakhstan')).toBe('kz')
    expect(table.get('казахстан')).toBe('kz')
    expect(table.get('germany')).toBe('de')
    expect(table.get('uk')).toBe('gb')
    expect(table.get('myanmar')).toBe('mm')
    const place = (name: string, ...parents: string[]) =>
      countryOf({
        entity: { name, aliases: [] } as never,
        parents: parents.map((p) => ({ id: p, name: p, aliases: [] })),
      })
    expect(place('Almaty')).toBeNull()
    expect(place('Atlantis', 'Nowhere')).toBeNull()
    expect(place('Almaty', 'Almaty Region', 'Kazakhstan')).toBe('kz')
  })

  it('writes dates and URLs only in forms the model takes', () => {
    expect(ftmDate('2022-11-20T08:30:00.000Z')).toBe('2022-11-20')
    expect(ftmDate('2022-11')).toBe('2022-11')
    expect(ftmDate('20 Nov 2022')).toBeNull()
    expect(ftmDate(null)).toBeNull()
    expect(ftmUrl('https://example.org/a b')).toBe('https://example.org/a%20b')
    expect(ftmUrl('file:///home/me/page.html')).toBeNull()
    expect(ftmUrl('javascript:alert(1)')).toBeNull()
  })

  it('writes an empty file for an empty archive', () => {
    expect(entitiesFtm({ entities: [], relations: [] })).toEqual({
      entities: [],
      exported: 0,
      leftOut: 0,
      relations: 0,
    })
  })
})
