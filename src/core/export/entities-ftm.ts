import type { Entity, EntityType, Relation } from '../../shared/model'
import type { EntityExportData, ExportEntity, ExportPassage } from './entities-rows'

/**
 * Entities and relations as FollowTheMoney (https://followthemoney.tech), the model of Aleph and
 * OpenSanctions: newline-delimited JSON, one entity a line, `{ id, schema, properties: { name: [values] } }`
 * (every property a list of strings; an entity-typed property holds the id of another line).
 *
 * The mapping, checked against the model (@alephdata/followthemoney, in entities-ftm.test.ts):
 *
 * | Casebook                        | FollowTheMoney                                                           |
 * | ------------------------------- | ------------------------------------------------------------------------ |
 * | person                          | Person                                                                   |
 * | organisation                    | Organization                                                             |
 * | place                           | Address: `full` is the place with the places it is in ("Almaty,          |
 * |                                 | Kazakhstan"); `country` only where the place or one it is in is named as |
 * |                                 | a country (ISO code; the outermost one, so Georgia in the USA is "us")   |
 * | event                           | Event: one date as `date`, a range as `startDate`/`endDate`              |
 * | other, own type the model names | that schema (vehicle → Vehicle, ship → Vessel, company → Company…)       |
 * | other, any other type           | left out: every concrete FtM schema says more than "a thing" (a law is   |
 * |                                 | no LegalEntity), so they are only in the CSV; their relations go too     |
 * | name, aliases, description      | name, alias, description; the free-form properties as `notes` lines      |
 * |                                 | ("born: 1953"), since their names are the user's, not the model's        |
 * | relation member of              | Membership (member: a person or organisation; organization)              |
 * | relation leads                  | Directorship (director: a person or organisation; organization)          |
 * | relation works for              | Employment (employee: a person; employer: an organisation)               |
 * | any other relation, or ends     | UnknownLink (subject, object), the relation's words as `role`: FtM has   |
 * | the schema above does not allow | no schema for "located in", "detained by"… and its ranges are strict     |
 * | a passage linked to an entity   | Documentation (document: the Article, entity: the entity), the quote as  |
 * |                                 | `summary`, the highlight's note as `description`, its anchoring status as|
 * |                                 | `status`, the article's URL as `sourceUrl`, the highlight id `recordId`  |
 * | an article quoted               | Article: title, author, publisher (site), publishedAt, sourceUrl,        |
 * |                                 | fileName (the imported file's name, else the title: the model requires   |
 * |                                 | one of every Document)                                                   |
 * | a relation's evidence           | on the relation itself: each passage as a `summary` value (the quote     |
 * |                                 | with its citation) and the articles' URLs as `sourceUrl`. The interval   |
 * |                                 | schemata are not Things, so no Documentation can point at one.           |
 *
 * FtM has no passage schema. Mention (document, resolved, name) records that a name occurs in a document;
 * its `resolved` is a LegalEntity only (no place or event) and it has no room for the quote, while
 * Documentation is the model's "a document that gives detail or evidence about an entity", takes any Thing,
 * and, being an interval, has summary and description. Ids are Casebook's own (UUIDs, unique across the
 * archive's records), so a second export of the same archive updates the same entities. The version's
 * SHA-256 of each quote is in the CSV; FtM's `contentHash` is a SHA-1 and would be the wrong thing to claim.
 */

export interface FtmEntity {
  id: string
  schema: string
  properties: Record<string, string[]>
}

export interface FtmExport {
  entities: FtmEntity[]
  /** Casebook entities exported, and those left out (type 'other' with no schema in the model). */
  exported: number
  leftOut: number
  relations: number
}

const SCHEMA_OF_TYPE: Record<Exclude<EntityType, 'other'>, string> = {
  person: 'Person',
  organisation: 'Organization',
  place: 'Address',
  event: 'Event',
}

/**
 * User-defined types the model has a schema for, whose only required property is the name. Matched on the
 * whole type, case-insensitively: "police vehicle" stays out rather than be guessed at.
 */
const SCHEMA_OF_CUSTOM_TYPE: Record<string, string> = {
  vehicle: 'Vehicle',
  car: 'Vehicle',
  truck: 'Vehicle',
  vessel: 'Vessel',
  ship: 'Vessel',
  boat: 'Vessel',
  airplane: 'Airplane',
  aeroplane: 'Airplane',
  aircraft: 'Airplane',
  plane: 'Airplane',
  helicopter: 'Airplane',
  company: 'Company',
  'public body': 'PublicBody',
  'court case': 'CourtCase',
  project: 'Project',
  position: 'Position',
  asset: 'Asset',
  'real estate': 'RealEstate',
}

/** The schemata emitted here that are LegalEntities, and those that are Organizations (model's `extends`). */
const LEGAL_ENTITIES = new Set(['Person', 'Organization', 'Company', 'PublicBody'])
const ORGANIZATIONS = new Set(['Organization', 'Company', 'PublicBody'])

export function ftmSchemaOf(entity: Pick<Entity, 'type' | 'customType'>): string | null {
  if (entity.type !== 'other') return SCHEMA_OF_TYPE[entity.type]
  const custom = (entity.customType ?? '').trim().toLocaleLowerCase()
  // Own keys only: a type of one's own called "constructor" is not Object.prototype's.
  return Object.hasOwn(SCHEMA_OF_CUSTOM_TYPE, custom) ? (SCHEMA_OF_CUSTOM_TYPE[custom] ?? null) : null
}

/** The most characters a value of each property used here may have (its type's maxLength in the model). */
const MAX_LENGTH: Record<string, number> = {
  name: 384,
  alias: 384,
  full: 250,
  title: 1024,
  fileName: 1024,
  author: 1024,
  publisher: 1024,
  role: 1024,
  status: 1024,
  recordId: 1024,
  sourceUrl: 4096,
}
const TEXT_MAX = 65_000

type Properties = Record<string, string[]>

/** Adds values (non-empty, each once, cut to the property's length) to a property. */
function put(properties: Properties, property: string, ...values: Array<string | null | undefined>): void {
  const max = MAX_LENGTH[property] ?? TEXT_MAX
  for (const raw of values) {
    const value = raw?.trim()
    if (!value) continue
    const fitted = value.length > max ? `${value.slice(0, max - 1)}…` : value
    const list = (properties[property] ??= [])
    if (!list.includes(fitted)) list.push(fitted)
  }
}

/** A date as FtM writes it (YYYY, YYYY-MM or YYYY-MM-DD; the time of a timestamp dropped), or null. */
export function ftmDate(value: string | null): string | null {
  return value?.match(/^\d{4}(-\d{2}(-\d{2})?)?(?=$|T|\s)/)?.[0] ?? null
}

/** A URL FtM's `url` type takes: http(s) only, as given (a file path or a bare word is not a source URL). */
export function ftmUrl(value: string | null): string | null {
  if (!value) return null
  try {
    const url = new URL(value.trim())
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null
  } catch {
    return null
  }
}

/**
 * The two-letter country codes of FtM's `country` type (model 3.8), less `zz` ("global", which no place
 * is) and the withdrawn `dd` and `zr`, which ICU names as Germany and the DR Congo: the regions whose names
 * {@link countryOf} recognises. entities-ftm.test.ts checks them against the model.
 */
export const FTM_COUNTRY_CODES = (
  'ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bl bm bn bo bq br bs bt bv ' +
  'bw by bz ca cc cd cf cg ch ci ck cl cm cn co cp cq cr cu cv cw cx cy cz de dg dj dk dm do dz ec ee eg ' +
  'eh er es et eu fi fj fk fm fo fr ga gb gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht ' +
  'hu ic id ie il im in io iq ir is it je jm jo jp ke kg kh ki km kn kp kr kw ky kz la lb lc li lk lr ls lt ' +
  'lu lv ly ma mc md me mf mg mh mk ml mm mn mo mp mq mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no np ' +
  'nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re ro rs ru rw sa sb sc sd se sg sh si sj sk sl ' +
  'sm sn so sr ss st sv sx sy sz ta tc td tf tg th tj tk tl tm tn to tr tt tv tw tz ua ug um un us uy uz va ' +
  'vc ve vg vi vn vu wf ws xk ye yt za zm zw'
).split(' ')

/** The languages whose country names are recognised: the archive's usual ones (Kazakh, Russian…). */
const NAME_LOCALES = ['en', 'ru', 'uk', 'kk', 'de', 'fr', 'es']

let countryNames: Map<string, string> | null = null

/**
 * Country names (ICU's, long and short, in {@link NAME_LOCALES}; "Myanmar (Burma)" also without its
 * brackets), lower-cased, → FtM country code. A name two codes share names neither (''). Built on first use.
 */
export function countryNameTable(): Map<string, string> {
  if (countryNames) return countryNames
  const table = new Map<string, string>()
  const add = (name: string, code: string) => {
    const key = name.toLocaleLowerCase()
    table.set(key, table.has(key) && table.get(key) !== code ? '' : code)
  }
  for (const locale of NAME_LOCALES)
    for (const style of ['long', 'short'] as const) {
      const names = new Intl.DisplayNames([locale], { type: 'region', style, fallback: 'none' })
      for (const code of FTM_COUNTRY_CODES) {
        const name = names.of(code.toUpperCase())
        if (!name) continue
        add(name, code)
        const bare = name.replace(/\s*\(.*\)$/, '')
        if (bare !== name) add(bare, code)
      }
    }
  countryNames = table
  return table
}

function countryCodeOf(names: string[]): string | null {
  const table = countryNameTable()
  for (const name of names) {
    const code = table.get(name.trim().toLocaleLowerCase())
    if (code) return code
  }
  return null
}

/** The country of a place: the outermost of it and the places it is in that is named as a country. */
export function countryOf(item: Pick<ExportEntity, 'entity' | 'parents'>): string | null {
  const levels = [
    [item.entity.name, ...item.entity.aliases],
    ...item.parents.map((p) => [p.name, ...p.aliases]),
  ]
  for (const names of levels.reverse()) {
    const code = countryCodeOf(names)
    if (code) return code
  }
  return null
}

/** The place and the places it is in, as one address line, as many levels as fit FtM's 250 characters. */
function fullAddress(item: ExportEntity): string {
  let full = item.entity.name
  for (const parent of item.parents) {
    const longer = `${full}, ${parent.name}`
    if (longer.length > (MAX_LENGTH.full ?? 250)) break
    full = longer
  }
  return full
}

function entityOf(item: ExportEntity, schema: string): FtmEntity {
  const { entity } = item
  const properties: Properties = {}
  put(properties, 'name', entity.name)
  put(properties, 'alias', ...entity.aliases)
  put(properties, 'description', entity.description)
  put(properties, 'notes', ...Object.entries(entity.properties).map(([key, value]) => `${key}: ${value}`))
  if (schema === 'Address') {
    put(properties, 'full', fullAddress(item))
    put(properties, 'country', countryOf(item))
  }
  if (schema === 'Event') {
    if (entity.dateEnd) {
      put(properties, 'startDate', entity.dateStart)
      put(properties, 'endDate', entity.dateEnd)
    } else put(properties, 'date', entity.dateStart)
  }
  return { id: entity.id, schema, properties }
}

function articleOf(passage: ExportPassage): FtmEntity {
  const properties: Properties = {}
  put(properties, 'title', passage.title)
  // The name of the file it was imported from (a path cut to its last part), else the title.
  put(properties, 'fileName', passage.importedFrom?.split(/[\\/]/).pop() || passage.title)
  put(properties, 'author', passage.byline)
  put(properties, 'publisher', passage.siteName)
  put(properties, 'publishedAt', ftmDate(passage.publishedAt))
  put(properties, 'sourceUrl', ftmUrl(passage.sourceUrl))
  return { id: passage.articleId, schema: 'Article', properties }
}

function documentationOf(passage: ExportPassage, entityId: string): FtmEntity {
  const properties: Properties = {}
  put(properties, 'document', passage.articleId)
  put(properties, 'entity', entityId)
  put(properties, 'role', 'quoted passage')
  put(properties, 'summary', passage.exact)
  put(properties, 'description', passage.note)
  put(properties, 'status', passage.status)
  put(properties, 'sourceUrl', ftmUrl(passage.sourceUrl))
  put(properties, 'recordId', passage.highlightId)
  return { id: passage.recordId, schema: 'Documentation', properties }
}

/** A quote with what a reader needs to find it: “…” — title, site, date, URL. */
function citation(passage: ExportPassage): string {
  const source = [passage.title, passage.siteName, ftmDate(passage.publishedAt), passage.sourceUrl]
    .filter(Boolean)
    .join(', ')
  return `“${passage.exact}” — ${source}`
}

/** The interval schema of a relation and the properties its ends go in, where the pair fits the model. */
function relationSchema(
  relation: Relation,
  subject: string,
  object: string,
): { schema: string; from: string; to: string } {
  if (relation.type === 'member_of' && LEGAL_ENTITIES.has(subject) && ORGANIZATIONS.has(object))
    return { schema: 'Membership', from: 'member', to: 'organization' }
  if (relation.type === 'leads' && LEGAL_ENTITIES.has(subject) && ORGANIZATIONS.has(object))
    return { schema: 'Directorship', from: 'director', to: 'organization' }
  if (relation.type === 'works_for' && subject === 'Person' && ORGANIZATIONS.has(object))
    return { schema: 'Employment', from: 'employee', to: 'employer' }
  return { schema: 'UnknownLink', from: 'subject', to: 'object' }
}

function relationOf(
  relation: Relation,
  passages: ExportPassage[],
  subject: string,
  object: string,
): FtmEntity {
  const { schema, from, to } = relationSchema(relation, subject, object)
  const properties: Properties = {}
  put(properties, from, relation.subject.id)
  put(properties, to, relation.object.id)
  put(properties, 'role', relation.label)
  put(properties, 'description', relation.note)
  put(properties, 'summary', ...passages.map(citation))
  put(properties, 'sourceUrl', ...passages.map((p) => ftmUrl(p.sourceUrl)))
  return { id: relation.id, schema, properties }
}

export function entitiesFtm(data: EntityExportData): FtmExport {
  const schemaOf = new Map<string, string>()
  for (const { entity } of data.entities) {
    const schema = ftmSchemaOf(entity)
    if (schema) schemaOf.set(entity.id, schema)
  }
  const things: FtmEntity[] = []
  const documentation: FtmEntity[] = []
  const articles = new Map<string, FtmEntity>()
  for (const item of data.entities) {
    const schema = schemaOf.get(item.entity.id)
    if (!schema) continue
    things.push(entityOf(item, schema))
    for (const passage of item.passages) {
      if (!articles.has(passage.articleId)) articles.set(passage.articleId, articleOf(passage))
      documentation.push(documentationOf(passage, item.entity.id))
    }
  }
  const links: FtmEntity[] = []
  for (const { relation, passages } of data.relations) {
    const subject = schemaOf.get(relation.subject.id)
    const object = schemaOf.get(relation.object.id)
    if (subject && object) links.push(relationOf(relation, passages, subject, object))
  }
  return {
    entities: [...things, ...links, ...articles.values(), ...documentation],
    exported: things.length,
    leftOut: data.entities.length - things.length,
    relations: links.length,
  }
}

/** FtM's line-based JSON: one entity a line, each line ended. */
export function ftmLines(entities: readonly FtmEntity[]): string {
  return entities.map((e) => `${JSON.stringify(e)}\n`).join('')
}
