import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ExportedFile } from '../../shared/model'
import { verifyAuditLog } from '../audit/verify-audit-log'
import { ok } from '../testing/temp-archive'
import { parseCsv } from './csv-testing'
import { ENTITY_CSV_COLUMNS, entitiesCsv } from './entities-csv'
import { entityExportArchive, HOSTILE_DESCRIPTION } from './entities-test-archive'

type Row = Record<(typeof ENTITY_CSV_COLUMNS)[number], string>

let archive: ReturnType<typeof entityExportArchive>
let file: ExportedFile
let rows: Row[]
beforeAll(() => {
  archive = entityExportArchive()
  file = ok<ExportedFile>(archive.engine, 'export.entities', { format: 'csv' })
  const [header, ...body] = parseCsv(file.content.replace(/^\uFEFF/, ''))
  expect(header).toEqual([...ENTITY_CSV_COLUMNS])
  rows = body.map((cells) => {
    expect(cells).toHaveLength(ENTITY_CSV_COLUMNS.length)
    return Object.fromEntries(ENTITY_CSV_COLUMNS.map((c, i) => [c, cells[i] ?? ''])) as Row
  })
})
afterAll(() => archive.cleanup())

const find = (record: string, id: string) => rows.find((r) => r.record === record && r.id === id)

describe('entities as CSV (issue 5, "Export")', () => {
  it('is one spreadsheet-ready file: BOM, CRLF, a record column telling entities, relations, passages apart', () => {
    expect(file).toMatchObject({ mimeType: 'text/csv;charset=utf-8', count: 12 })
    expect(file.fileName).toMatch(/^casebook-entities-\d{4}-\d{2}-\d{2}\.csv$/)
    expect(file.content.startsWith('\uFEFFrecord,id,type,')).toBe(true)
    const count = (record: string) => rows.filter((r) => r.record === record).length
    // Every live entity (the deleted one and the one merged away are not), every relation, each passage
    // once under each entity and relation it backs.
    expect(count('entity')).toBe(12)
    expect(count('relation')).toBe(10)
    expect(count('passage')).toBe(
      rows.filter((r) => r.record !== 'passage').reduce((sum, r) => sum + Number(r.passages), 0),
    )
    const { gone, republic } = archive.entities
    expect(rows.some((r) => r.id === gone.id || r.id === republic.id)).toBe(false)
    // By type, then name; the audit log records the export.
    expect(rows.filter((r) => r.record === 'entity').map((r) => r.type)).toEqual([
      'person',
      'organisation',
      'organisation',
      'organisation',
      'place',
      'place',
      'place',
      'place',
      'event',
      'event',
      'other',
      'other',
    ])
    const entry = archive.engine.db
      .prepare(`SELECT detail FROM audit_log WHERE action = 'export.entities'`)
      .get() as { detail: string }
    expect(JSON.parse(entry.detail)).toMatchObject({ format: 'csv', count: 12 })
    expect(verifyAuditLog(archive.engine.db).ok).toBe(true)
  })

  it('writes each entity with its details, followed by its passages with their citations', () => {
    const { reimer, almaty, kazakhstan, unrest, law } = archive.entities
    const { detained, russian } = archive.articles
    expect(find('entity', reimer.id)).toMatchObject({
      type: 'person',
      name: 'Roman Reimer',
      aliases: 'Роман Реймер',
      // Read back as typed: the apostrophe keeps a spreadsheet from running it as a formula.
      description: `'${HOSTILE_DESCRIPTION}`,
      properties: 'born: 1985; role: chair, spokesman',
      passages: '3',
      articles: '2',
    })
    const at = rows.indexOf(find('entity', reimer.id) as Row)
    const passages = rows.slice(at + 1, at + 4)
    expect(passages.map((p) => [p.record, p.of, p.name, p['article id']])).toEqual([
      ['passage', reimer.id, 'Roman Reimer', detained.id],
      ['passage', reimer.id, 'Roman Reimer', detained.id],
      ['passage', reimer.id, 'Roman Reimer', russian.id],
    ])
    expect(passages[0]).toMatchObject({
      quote: 'Roman Reimer, who leads the League of Young Voters',
      status: 'anchored',
      'article title': 'Observers detained in Almaty',
      published: '2022-01-12',
      site: 'Example News',
      'source URL': 'https://example.org/news/detained?lang=en',
      'version SHA-256': (
        archive.engine.db
          .prepare('SELECT sha256 FROM article_versions WHERE id = ?')
          .get(detained.versionId) as {
          sha256: string
        }
      ).sha256,
    })
    expect(passages[2]).toMatchObject({ 'source URL': 'archive box 4', published: '2022-11-21' })
    // The place it is in, followed through a merge.
    expect(find('entity', almaty.id)).toMatchObject({ inside: 'Казахстан', 'inside id': kazakhstan.id })
    expect(find('entity', unrest.id)).toMatchObject({ 'date start': '2022-01-02', 'date end': '2022-01-11' })
    expect(find('entity', law.id)).toMatchObject({ type: 'other', 'custom type': 'law', passages: '1' })
  })

  it('writes each relation as subject, type, object, with its note and its evidence', () => {
    const { leads, lawRelated, fundedBy } = archive.relations
    const row = find('relation', leads.id)
    expect(row).toMatchObject({
      type: 'leads',
      name: 'Roman Reimer leads League of Young Voters',
      subject: 'Roman Reimer',
      'subject id': leads.subject.id,
      object: 'League of Young Voters',
      'object id': leads.object.id,
      note: 'Chair since 2021',
      passages: '1',
      articles: '1',
    })
    expect(rows[rows.indexOf(row as Row) + 1]).toMatchObject({
      record: 'passage',
      of: leads.id,
      quote: 'Roman Reimer, who leads the League of Young Voters',
    })
    // The CSV keeps what FollowTheMoney cannot say: a relation of a law.
    expect(find('relation', lawRelated.id)).toMatchObject({ type: 'related to', passages: '1' })
    expect(find('relation', fundedBy.id)).toMatchObject({ type: 'funded by', passages: '0', articles: '0' })
  })

  it('keeps quotes with commas, quote marks and line breaks whole', () => {
    const quote = find('entity', archive.entities.minibus.id)
    const at = rows.indexOf(quote as Row)
    expect(rows.slice(at + 1, at + 3).map((r) => r.quote)).toEqual([
      'the January unrest.\n\nA white minibus',
      'A white minibus, "unmarked", took the observers away',
    ])
    expect(entitiesCsv({ entities: [], relations: [] })).toBe(`\uFEFF${ENTITY_CSV_COLUMNS.join(',')}\r\n`)
  })
})
