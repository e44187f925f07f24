import type { Database } from 'better-sqlite3-multiple-ciphers'
import { CasebookError } from '../../shared/errors'
import type { Entity } from '../../shared/model'
import { getEntity } from '../archive/entities'
import { nowIso } from '../ids'
import { pageLabel } from '../../shared/source-pages'
import { readExportRows, type ExportRow } from './export-rows'

/**
 * An evidence report: every passage about an entity, a tag, or a chosen set of highlights, each with the
 * citation that lets someone else check it (article, source, date, the SHA-256 of the exact text quoted and
 * where in it), grouped by article in date order. Built once as data, then written as Markdown here and as
 * a printable HTML page in report-html.ts, so the two always say the same.
 */

export interface ReportSubject {
  entityId?: string
  tag?: string
  highlightIds?: readonly string[]
}

export interface ReportArticle {
  article: ExportRow['article']
  passages: ExportRow[]
}

export interface EvidenceReport {
  entity: Entity | null
  tag: string | null
  /** Set when the report is of chosen highlights. */
  highlightIds: readonly string[] | null
  generatedAt: string
  passageCount: number
  articles: ReportArticle[]
}

export function buildEvidenceReport(db: Database, subject: ReportSubject, now = nowIso()): EvidenceReport {
  const { entityId, tag, highlightIds } = subject
  if (entityId === undefined && tag === undefined && highlightIds === undefined) {
    throw new CasebookError('invalid_input', 'a report is about an entity, a tag or a list of highlights')
  }
  const entity = entityId === undefined ? null : getEntity(db, entityId)
  const rows = readExportRows(db, { entityId, tag, highlightIds })
  const articles: ReportArticle[] = []
  for (const row of rows) {
    const last = articles[articles.length - 1]
    // Rows come grouped by article, in date order (export-rows.ts).
    if (last?.article.id === row.article.id) last.passages.push(row)
    else articles.push({ article: row.article, passages: [row] })
  }
  return {
    entity,
    tag: tag ?? null,
    highlightIds: highlightIds ?? null,
    generatedAt: now,
    passageCount: rows.length,
    articles,
  }
}

/** The report's title line, in plain text. */
export function reportTitle(report: EvidenceReport): string {
  const parts: string[] = []
  if (report.entity) parts.push(`${report.entity.name} (${report.entity.type})`)
  if (report.tag !== null) parts.push(`tag “${report.tag}”`)
  if (parts.length === 0) parts.push('selected passages')
  return `Evidence report: ${parts.join(', ')}`
}

/** Where the article came from: its URL, else the file it was imported from. */
export function sourceOf(article: ExportRow['article']): string | null {
  return article.sourceUrl ?? (article.importedFrom ? `imported from ${article.importedFrom}` : null)
}

/**
 * Which text was quoted and where, so the quote can be checked against that very text; with the source's
 * page first when it has pages (a PDF), as a citation names it.
 */
export function citationOf(row: ExportRow): string {
  const page = row.pages ? `${pageLabel(row.pages)}, ` : ''
  return `${page}version SHA-256 ${row.version.sha256}, characters ${row.start}–${row.end}`
}

/** Said of a passage that is no longer in the article's current text. */
export function orphanNotice(row: ExportRow): string | null {
  return row.anchorStatus === 'anchored'
    ? null
    : `(not found in the current version; quoted from version ${row.version.sha256})`
}

export function passageWord(count: number): string {
  return `${count} passage${count === 1 ? '' : 's'}`
}

/** Text safe to put in Markdown as itself: every character that could start markup is escaped. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]<>#|~&!]/g, '\\$&')
    .replace(/^(\s*)([-+=])/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/gm, '$1\\$2')
}

/** A URL as a Markdown autolink when it can be one, else as escaped text. */
function markdownUrl(url: string): string {
  return /^https?:\/\/[^\s<>]+$/i.test(url) ? `<${url}>` : escapeMarkdown(url)
}

function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces)
  return text
    .split('\n')
    .map((line) => (line.trim() ? pad + line : ''))
    .join('\n')
}

/**
 * The report as Markdown. Quotes, titles and names are escaped; notes are Markdown already and go in as
 * written, indented inside their passage's list item so that a heading or list in a note stays in it.
 */
export function evidenceReportMarkdown(report: EvidenceReport): string {
  const out: string[] = [`# ${escapeMarkdown(reportTitle(report))}`, '']
  const { entity } = report
  if (entity) {
    if (entity.aliases.length) out.push(`Also known as: ${escapeMarkdown(entity.aliases.join('; '))}  `)
    if (entity.description) out.push(`${escapeMarkdown(entity.description)}  `)
  }
  if (report.tag !== null && entity) out.push(`Passages tagged “${escapeMarkdown(report.tag)}”  `)
  out.push(`Generated ${report.generatedAt} by Casebook · ${passageWord(report.passageCount)}`, '')
  for (const { article, passages } of report.articles) {
    out.push(`## ${escapeMarkdown(article.title)}`, '')
    const facts = [
      article.byline && escapeMarkdown(article.byline),
      article.siteName && escapeMarkdown(article.siteName),
      `published ${article.publishedAt ? escapeMarkdown(article.publishedAt) : 'date unknown'}`,
    ].filter(Boolean)
    out.push(`${facts.join(' · ')}  `)
    const source = sourceOf(article)
    out.push(
      source
        ? `Source: ${article.sourceUrl ? markdownUrl(source) : escapeMarkdown(source)}`
        : 'Source unknown',
      '',
    )
    passages.forEach((row, index) => {
      const number = `${index + 1}.`
      const pad = number.length + 1
      const quote = escapeMarkdown(row.exact)
        .split('\n')
        .map((line) => `> ${line}`.trimEnd())
        .join('\n')
      out.push(`${number} ${indent(quote, pad).trimStart()}`, '')
      out.push(indent(`Cited from ${citationOf(row)}.`, pad))
      const orphan = orphanNotice(row)
      if (orphan) out.push(indent(`**${escapeMarkdown(orphan)}**`, pad))
      const labels = [
        row.tags.length ? `Tags: ${escapeMarkdown(row.tags.join('; '))}` : '',
        row.entities.length
          ? `Entities: ${escapeMarkdown(row.entities.map((e) => `${e.name} (${e.type})`).join('; '))}`
          : '',
      ].filter(Boolean)
      if (labels.length) out.push(indent(labels.join(' · '), pad))
      out.push('')
      if (row.note.trim()) out.push(indent('**Note:**', pad), '', indent(row.note.trim(), pad), '')
    })
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`
}
