import type { Database } from 'better-sqlite3-multiple-ciphers'
import type { HighlightFilters } from '../../shared/contract'
import type { ExportedFile } from '../../shared/model'
import { filteredHighlightIds } from '../archive/highlight-list'
import { buildEvidenceReport, reportTitle, type ReportSubject } from './evidence-report'
import { readExportRows } from './export-rows'
import { passagesCsvOf } from './passages-csv'
import { evidenceReportHtml } from './report-html'
import { evidenceReportMarkdown } from './evidence-report'
import { annotationsDocument, exportAnnotations } from './w3c-export'

/** The day of an export in its file name, so exports made on different days sort and do not overwrite. */
function today(): string {
  return new Date().toISOString().slice(0, 10)
}

/** A title made safe as a file name on every system: letters, digits and dashes. */
function fileSlug(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
  return slug || 'report'
}

/** The highlights the list's filters leave, for an export of just those. */
function filteredIds(db: Database, filters: HighlightFilters | undefined): string[] | undefined {
  if (!filters) return undefined
  return filteredHighlightIds(db, filters)
}

function intersect(chosen: readonly string[] | undefined, filtered: string[]): string[] {
  if (!chosen) return filtered
  const keep = new Set(chosen)
  return filtered.filter((id) => keep.has(id))
}

export function exportAnnotationsFile(
  db: Database,
  format: 'w3c' | 'csv',
  filters: HighlightFilters | undefined,
  includeDismissed: boolean,
): ExportedFile {
  const highlightIds = filteredIds(db, filters)
  if (format === 'csv') {
    const rows = readExportRows(db, { includeDismissed, highlightIds })
    return {
      fileName: `casebook-passages-${today()}.csv`,
      mimeType: 'text/csv;charset=utf-8',
      content: passagesCsvOf(rows),
      count: rows.length,
    }
  }
  const result = exportAnnotations(db, { includeDismissed, highlightIds })
  return {
    fileName: `casebook-annotations-${today()}.jsonld`,
    mimeType: 'application/ld+json',
    content: annotationsDocument(result),
    count: result.collection.total,
  }
}

/**
 * An evidence report as a file. With filters (the Highlights tab's), the report is of the highlights they
 * leave, and names their entity or tag when they have one.
 */
export function exportReportFile(
  db: Database,
  subject: ReportSubject,
  format: 'md' | 'html',
  filters?: HighlightFilters,
): ExportedFile {
  const report = buildEvidenceReport(
    db,
    filters
      ? {
          entityId: subject.entityId ?? filters.entityId,
          tag: subject.tag ?? filters.tag,
          highlightIds: intersect(subject.highlightIds, filteredIds(db, filters) ?? []),
        }
      : subject,
  )
  const name = `evidence-${fileSlug(reportTitle(report))}-${today()}`
  return format === 'html'
    ? {
        fileName: `${name}.html`,
        mimeType: 'text/html;charset=utf-8',
        content: evidenceReportHtml(report),
        count: report.passageCount,
      }
    : {
        fileName: `${name}.md`,
        mimeType: 'text/markdown;charset=utf-8',
        content: evidenceReportMarkdown(report),
        count: report.passageCount,
      }
}
