import { pageLabel } from '../../shared/source-pages'
import type { EntityExportData, ExportPassage } from './entities-rows'
import { csvField } from './passages-csv'

/**
 * Entities and relations as one spreadsheet. One file, not a zip of three tables: a CSV opens with a
 * double click in any spreadsheet, a zip must be unpacked first, and `export entities --out <file>` and the
 * app's download both produce a single text file. So each row says in its `record` column what it is:
 *
 * - `entity`: one per entity, its fields, passage and article counts;
 * - `relation`: one per relation (subject —type→ object), its note and evidence counts;
 * - `passage`: one per passage that backs the row above it (`of` is that row's id), with its citation.
 *
 * Each entity or relation is followed by its passages, so the file reads top to bottom like the entity
 * pages; filtering the `record` column gives each table on its own, and the ids join them. The columns a
 * record does not use stay empty. Same dialect as the passages CSV: RFC 4180, CRLF, UTF-8 with a BOM, cells
 * that a spreadsheet would run as formulas defused (see {@link csvField}).
 */

export const ENTITY_CSV_COLUMNS = [
  'record',
  'id',
  'type',
  'custom type',
  'name',
  'aliases',
  'description',
  'date start',
  'date end',
  'inside',
  'inside id',
  'properties',
  'subject',
  'subject id',
  'object',
  'object id',
  'note',
  'passages',
  'articles',
  'of',
  'quote',
  'status',
  'article title',
  'published',
  'site',
  'source URL',
  'version SHA-256',
  'article id',
  // Last, so the columns before it keep their places for spreadsheets made from earlier exports.
  'pages',
] as const

type Column = (typeof ENTITY_CSV_COLUMNS)[number]
type Cells = Partial<Record<Column, string | number | null>>

function row(cells: Cells): string {
  return ENTITY_CSV_COLUMNS.map((column) => csvField(String(cells[column] ?? ''))).join(',')
}

function passageRow(passage: ExportPassage, ofId: string, ofName: string): string {
  return row({
    record: 'passage',
    id: passage.highlightId,
    name: ofName,
    note: passage.note,
    of: ofId,
    quote: passage.exact,
    status: passage.status,
    'article title': passage.title,
    published: passage.publishedAt,
    pages: passage.pages ? pageLabel(passage.pages) : null,
    site: passage.siteName,
    'source URL': passage.sourceUrl,
    'version SHA-256': passage.versionSha256,
    'article id': passage.articleId,
  })
}

const articles = (passages: ExportPassage[]) => new Set(passages.map((p) => p.articleId)).size

/** The CSV text, BOM first. */
export function entitiesCsv(data: EntityExportData): string {
  const lines = [ENTITY_CSV_COLUMNS.map(csvField).join(',')]
  for (const { entity, parents, passages, articleCount } of data.entities) {
    const parent = parents[0]
    lines.push(
      row({
        record: 'entity',
        id: entity.id,
        type: entity.type,
        'custom type': entity.customType,
        name: entity.name,
        aliases: entity.aliases.join('; '),
        description: entity.description,
        'date start': entity.dateStart,
        'date end': entity.dateEnd,
        inside: parent?.name,
        'inside id': parent?.id,
        properties: Object.entries(entity.properties)
          .map(([key, value]) => `${key}: ${value}`)
          .join('; '),
        passages: passages.length,
        articles: articleCount,
      }),
    )
    for (const passage of passages) lines.push(passageRow(passage, entity.id, entity.name))
  }
  for (const { relation, passages } of data.relations) {
    const sentence = `${relation.subject.name} ${relation.label} ${relation.object.name}`
    lines.push(
      row({
        record: 'relation',
        id: relation.id,
        type: relation.label,
        name: sentence,
        subject: relation.subject.name,
        'subject id': relation.subject.id,
        object: relation.object.name,
        'object id': relation.object.id,
        note: relation.note,
        passages: passages.length,
        articles: articles(passages),
      }),
    )
    for (const passage of passages) lines.push(passageRow(passage, relation.id, sentence))
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`
}
