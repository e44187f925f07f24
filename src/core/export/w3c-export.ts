import type { Database } from 'better-sqlite3-multiple-ciphers'
import { newId, nowIso } from '../ids'
import { readExportRows, type ExportFilter, type ExportRow } from './export-rows'
import {
  ENTITY_CLASSES,
  EXPORT_CONTEXT,
  isColourName,
  STYLE_CLASS_PREFIX,
  URN_SHA256,
  uuidUrn,
} from './w3c-terms'

/**
 * Highlights as a W3C Web Annotation collection (https://www.w3.org/TR/annotation-model/): one Annotation
 * per live highlight (orphans included: their quote and position are in the version they were last found
 * in, whose SHA-256 the target carries), in AnnotationPages of {@link DEFAULT_PAGE_SIZE}.
 *
 * Every annotation's motivation is "highlighting": in Casebook the act is always marking a passage, and the
 * rest is said per body with `purpose` (the note "commenting", each tag "tagging", each entity link
 * "identifying"), which the model prefers to a motivation that would have to pick one of them. It also keeps
 * every annotation alike, so an import never guesses what a motivation meant.
 */

export const DEFAULT_PAGE_SIZE = 100

type JsonLdContext = typeof EXPORT_CONTEXT

export interface TextualBody {
  type: 'TextualBody'
  value: string
  format: 'text/markdown' | 'text/plain'
  purpose: 'commenting' | 'tagging'
}

export interface EntityNode {
  id: string
  type: string
  'schema:name': string
  'schema:alternateName'?: string[]
  'schema:description'?: string
}

export interface EntityBody {
  type: 'SpecificResource'
  purpose: 'identifying'
  source: EntityNode
}

export interface W3cAnnotation {
  '@context': JsonLdContext
  id: string
  type: 'Annotation'
  motivation: 'highlighting'
  created: string
  modified: string
  generator: { type: 'Software'; name: 'Casebook' }
  stylesheet?: { type: 'CssStylesheet'; value: string }
  body?: Array<TextualBody | EntityBody>
  target: {
    type: 'SpecificResource'
    source: string
    styleClass?: string
    state: { type: 'TimeState'; cached: string; sourceDate: string }
    selector: [
      { type: 'TextQuoteSelector'; exact: string; prefix: string; suffix: string },
      { type: 'TextPositionSelector'; start: number; end: number },
    ]
  }
}

export interface W3cPage {
  '@context': JsonLdContext
  id: string
  type: 'AnnotationPage'
  /** The collection, described (the model's form, which a page read on its own needs to say what it is part of). */
  partOf: { id: string; label: string; total: number }
  startIndex: number
  next?: string
  prev?: string
  items: W3cAnnotation[]
}

export interface W3cCollection {
  '@context': JsonLdContext
  id: string
  type: 'AnnotationCollection'
  label: string
  created: string
  generator: { type: 'Software'; name: 'Casebook' }
  total: number
  /** The first page, embedded; absent when there are no annotations (the model allows that with total 0). */
  first?: W3cPage
  last?: string
}

export interface W3cExport {
  collection: W3cCollection
  /** Every page in order; pages[0] is the one embedded as `collection.first`. */
  pages: W3cPage[]
}

export interface W3cExportOptions extends ExportFilter {
  pageSize?: number
  label?: string
}

const GENERATOR = { type: 'Software', name: 'Casebook' } as const

/**
 * The article's IRI: its source URL when it has a usable one (what another tool that saw the same page
 * calls it), else its id as a `urn:uuid:`. A URL is written as the URL parser spells it, so non-ASCII
 * characters are percent-encoded and the value is a valid IRI reference for any JSON-LD reader.
 */
export function articleIri(article: ExportRow['article']): string {
  if (article.sourceUrl) {
    try {
      const url = new URL(article.sourceUrl)
      if (url.protocol === 'http:' || url.protocol === 'https:') return url.href
    } catch {
      // not a URL: fall back to the article's own id
    }
  }
  return uuidUrn(article.id)
}

function entityNode(entity: ExportRow['entities'][number]): EntityNode {
  const node: EntityNode = {
    id: uuidUrn(entity.id),
    type: ENTITY_CLASSES[entity.type],
    'schema:name': entity.name,
  }
  if (entity.aliases.length) node['schema:alternateName'] = entity.aliases
  if (entity.description) node['schema:description'] = entity.description
  return node
}

export function toAnnotation(row: ExportRow): W3cAnnotation {
  const body: Array<TextualBody | EntityBody> = []
  if (row.note)
    body.push({ type: 'TextualBody', value: row.note, format: 'text/markdown', purpose: 'commenting' })
  for (const tag of row.tags)
    body.push({ type: 'TextualBody', value: tag, format: 'text/plain', purpose: 'tagging' })
  for (const entity of row.entities) {
    body.push({ type: 'SpecificResource', purpose: 'identifying', source: entityNode(entity) })
  }
  const colour = isColourName(row.color) ? row.color : undefined
  const styleClass = colour ? `${STYLE_CLASS_PREFIX}${colour}` : undefined
  const annotation: W3cAnnotation = {
    '@context': EXPORT_CONTEXT,
    id: uuidUrn(row.id),
    type: 'Annotation',
    motivation: 'highlighting',
    created: row.createdAt,
    modified: row.updatedAt,
    generator: GENERATOR,
    target: {
      // The target is the passage, not the article: a Specific Resource (the model's SHOULD for a resource
      // with a source and selectors), whose source is the article.
      type: 'SpecificResource',
      source: articleIri(row.article),
      // The quoted version by its SHA-256 (a content address, not a URL to fetch), dated: an import finds the
      // very text the offsets belong to even when the article has changed since.
      state: {
        type: 'TimeState',
        cached: `${URN_SHA256}${row.version.sha256}`,
        sourceDate: row.version.createdAt,
      },
      selector: [
        { type: 'TextQuoteSelector', exact: row.exact, prefix: row.prefix, suffix: row.suffix },
        { type: 'TextPositionSelector', start: row.start, end: row.end },
      ],
    },
  }
  if (styleClass && colour) {
    annotation.target.styleClass = styleClass
    // A named CSS colour shows as itself in a W3C viewer; Casebook reads only the class name back.
    annotation.stylesheet = {
      type: 'CssStylesheet',
      value: `.${styleClass} { background-color: ${colour}; }`,
    }
  }
  if (body.length) annotation.body = body
  return annotation
}

/** The archive's highlights (those the options select) as one collection of pages. */
export function exportAnnotations(db: Database, options: W3cExportOptions = {}): W3cExport {
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError('pageSize must be a whole number ≥ 1')
  const annotations = readExportRows(db, options).map(toAnnotation)
  // A fresh id per export: the collection is this snapshot, not the archive, which changes after it.
  const collectionId = uuidUrn(newId())
  const label = options.label ?? 'Casebook highlights'
  const partOf = { id: collectionId, label, total: annotations.length }
  const pageIds = Array.from({ length: Math.ceil(annotations.length / pageSize) }, () => uuidUrn(newId()))
  const pages = pageIds.map((id, index): W3cPage => {
    const page: W3cPage = {
      '@context': EXPORT_CONTEXT,
      id,
      type: 'AnnotationPage',
      partOf,
      startIndex: index * pageSize,
      items: annotations.slice(index * pageSize, (index + 1) * pageSize),
    }
    const next = pageIds[index + 1]
    const prev = pageIds[index - 1]
    if (next) page.next = next
    if (prev) page.prev = prev
    return page
  })
  const collection: W3cCollection = {
    '@context': EXPORT_CONTEXT,
    id: collectionId,
    type: 'AnnotationCollection',
    label,
    created: nowIso(),
    generator: GENERATOR,
    total: annotations.length,
  }
  if (pages[0]) collection.first = pages[0]
  const last = pageIds[pageIds.length - 1]
  if (last) collection.last = last
  return { collection, pages }
}

/**
 * The export as one JSON-LD document: the collection with its first page embedded, and the pages after it
 * under JSON-LD 1.1's `@included` (nodes that belong to the document without being a value of a property),
 * since the model links pages by IRI (`next`) and a file has nowhere else to put them.
 */
export function annotationsDocument(result: W3cExport): string {
  const rest = result.pages.slice(1)
  const document = rest.length ? { ...result.collection, '@included': rest } : result.collection
  return `${JSON.stringify(document, null, 2)}\n`
}
