import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs'
import type { DocumentMetadata } from './document-article'
import { isoDate } from './xml-parts'

/** Info dictionary entries kept as properties; Title, Author and CreationDate are the article's own fields. */
const INFO_PROPERTIES = ['Subject', 'Keywords', 'Creator', 'Producer', 'ModDate', 'Trapped']

/** XMP properties that say what an info entry says: kept under the info entry's name, XMP preferred. */
const XMP_AS_INFO: Record<string, string> = {
  'dc:description': 'Subject',
  'pdf:keywords': 'Keywords',
  'xmp:creatortool': 'Creator',
  'pdf:producer': 'Producer',
  'xmp:modifydate': 'ModDate',
  'pdf:trapped': 'Trapped',
}

/** XMP properties used for the common fields, or bookkeeping a reader has no use for. */
const XMP_SKIPPED = /^(?:dc:title|dc:creator|xmp:createdate|xmp:metadatadate|dc:format|xmpmm:.*)$/

/** A metadata value as plain text: strings, numbers, names (`{ name }` from pdf.js), lists joined. */
function plain(value: unknown): string | null {
  let text: string
  if (typeof value === 'string') text = value
  else if (typeof value === 'number' || typeof value === 'boolean') text = String(value)
  else if (Array.isArray(value)) text = value.map(plain).filter(Boolean).join(', ')
  else if (typeof (value as { name?: unknown } | null)?.name === 'string')
    text = (value as { name: string }).name
  else return null
  // Control characters (and a stray byte-order mark) are dropped from metadata.
  // eslint-disable-next-line no-control-regex -- finding them is the point
  text = text.replace(/[\u0000-\u001f\u007f\ufeff]+/g, ' ')
  text = text.replace(/\s+/g, ' ').trim()
  return text || null
}

const PDF_DATE = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?\s*(Z|[+-]\d{2}(?:'?\d{2})?)?/

/**
 * A PDF date (`D:YYYYMMDDHHmmSSOHH'mm'`, any tail of it optional) as ISO 8601, as precise as it was given
 * and with its own offset (never moved to UTC): `D:20220105100000+06'00'` is `2022-01-05T10:00:00+06:00`.
 */
export function pdfDateToIso(raw: string): string | null {
  const match = PDF_DATE.exec(raw.trim())
  if (!match) return null
  const [, year = '', month, day, hour, minute, second, zone] = match
  if (Number(year) < 1000) return null
  if (!month) return year
  if (Number(month) < 1 || Number(month) > 12) return null
  if (!day) return `${year}-${month}`
  if (Number(day) < 1 || Number(day) > 31) return null
  if (!hour) return `${year}-${month}-${day}`
  let time = `${hour}:${minute ?? '00'}${second ? `:${second}` : ''}`
  if (zone === 'Z') time += 'Z'
  else if (zone) time += `${zone.slice(0, 3)}:${zone.slice(3).replace(/'/g, '').padEnd(2, '0')}`
  const iso = `${year}-${month}-${day}T${time}`
  const valid = Number(hour) <= 23 && Number(minute ?? 0) <= 59 && Number(second ?? 0) <= 59
  return valid && !Number.isNaN(Date.parse(iso)) ? iso : null
}

const asIsoDate = (raw: string): string => isoDate(raw) ?? pdfDateToIso(raw) ?? raw

/** Producers' placeholders and file names are no title: the first heading or the file name reads better. */
function usableTitle(title: string | null): string | null {
  if (!title) return null
  if (/^(?:untitled|unknown|title|document\d*|microsoft word\b.*)$/i.test(title)) return null
  if (/\.(?:docx?|odt|rtf|pdf|indd|qxp|tex|dvi|ps|pages|txt|html?|xlsx?|pptx?)$/i.test(title)) return null
  return title
}

/** Keywords split on commas and semicolons, and XMP subjects, once each (first spelling kept). */
function tagsOf(sources: (string | null | undefined)[]): string[] {
  const tags = new Map<string, string>()
  for (const source of sources) {
    for (const part of (source ?? '').split(/[,;]/)) {
      const tag = part.replace(/\s+/g, ' ').trim()
      if (tag && !tags.has(tag.toLowerCase())) tags.set(tag.toLowerCase(), tag)
    }
  }
  return [...tags.values()]
}

/**
 * What a PDF says about itself, XMP preferred to the info dictionary: title, author, creation date (ISO
 * 8601), the other entries as properties, keywords as tags. A damaged info dictionary or XMP packet yields
 * nothing rather than no article.
 */
export async function readPdfMetadata(doc: PDFDocumentProxy): Promise<DocumentMetadata> {
  let info: Record<string, unknown> = {}
  const xmp = new Map<string, unknown>()
  try {
    const found = await doc.getMetadata()
    info = (found.info ?? {}) as Record<string, unknown>
    for (const [name, value] of (found.metadata ?? []) as Iterable<[string, unknown]>) xmp.set(name, value)
  } catch {
    // Metadata is a bonus: the text is what matters.
  }
  const properties: Record<string, string> = {}
  for (const key of INFO_PROPERTIES) {
    const value = plain(info[key])
    if (value) properties[key] = key === 'ModDate' ? asIsoDate(value) : value
  }
  const language = plain(info.Language)
  if (language) properties.Lang = language
  for (const [key, raw] of Object.entries((info.Custom ?? {}) as Record<string, unknown>)) {
    const value = plain(raw)
    if (value && !(key in properties)) properties[key] = value
  }
  for (const [name, raw] of xmp) {
    const value = plain(raw)
    if (!value || XMP_SKIPPED.test(name)) continue
    const key = XMP_AS_INFO[name] ?? name
    properties[key] = key === 'ModDate' ? asIsoDate(value) : value
  }
  const xmpSubjects = xmp.get('dc:subject')
  const xmpDate = plain(xmp.get('xmp:createdate'))
  const infoDate = plain(info.CreationDate)
  return {
    title: usableTitle(plain(xmp.get('dc:title'))) ?? usableTitle(plain(info.Title)),
    byline: plain(xmp.get('dc:creator')) ?? plain(info.Author),
    siteName: null,
    sourceUrl: null,
    publishedAt: isoDate(xmpDate) ?? (infoDate && pdfDateToIso(infoDate)),
    properties,
    tags: tagsOf([properties.Keywords, ...(Array.isArray(xmpSubjects) ? xmpSubjects.map(plain) : [])]),
  }
}
