import type { Database } from 'better-sqlite3-multiple-ciphers'
import { z } from 'zod'
import { findQuoteOccurrences } from '../../shared/anchoring'
import { CasebookError } from '../../shared/errors'
import {
  HIGHLIGHT_COLORS,
  type AnnotationImportResult,
  type EntityType,
  type HighlightColor,
} from '../../shared/model'
import { reanchor } from '../../shared/reanchor'
import { MAX_TAG_LENGTH, MAX_TAGS_PER_HIGHLIGHT, uniqueTags } from '../../shared/tags'
import { linkEntity } from '../archive/entities'
import { createHighlight } from '../archive/highlights'
import { reanchorHighlights } from '../archive/versions'
import { newId, nowIso } from '../ids'
import { entityTypeOfClass, sha256OfUrn, STYLE_CLASS_PREFIX, uuidOfUrn } from './w3c-terms'

/**
 * Reads W3C Web Annotations (a collection, a page, one annotation or an array of them) back into an archive:
 * Casebook's own export in full (w3c-export.ts), and another tool's text annotations as far as they go
 * (a quote on a text this archive holds). Each annotation is imported or not on its own, in its own
 * transaction: one that cannot be placed is reported, never aborting the rest.
 */

const oneOrMany = <T extends z.ZodType>(schema: T) =>
  z.union([schema, z.array(schema)]).transform((value) => (Array.isArray(value) ? value : [value]))

const typeNames = oneOrMany(z.string())

const QuoteSelector = z.object({
  type: z.literal('TextQuoteSelector'),
  exact: z.string().min(1, 'the quote is empty'),
  prefix: z.string().default(''),
  suffix: z.string().default(''),
})

const PositionSelector = z
  .object({
    type: z.literal('TextPositionSelector'),
    start: z.number().int().min(0),
    end: z.number().int().min(0),
  })
  .refine((s) => s.end > s.start, 'a TextPositionSelector ends after it starts')

const EntityNode = z.looseObject({
  id: z.string(),
  type: typeNames.optional(),
  'schema:name': z.string().trim().min(1).optional(),
  'schema:alternateName': oneOrMany(z.string()).optional(),
  'schema:description': z.string().optional(),
})
type EntityNode = z.infer<typeof EntityNode>

const Body = z.looseObject({
  type: typeNames.optional(),
  value: z.string().optional(),
  purpose: typeNames.optional(),
  source: z.union([z.string(), EntityNode]).optional(),
})

const Target = z.looseObject({
  source: z.union([z.string(), z.looseObject({ id: z.string() })]),
  selector: oneOrMany(z.looseObject({ type: z.string() })).optional(),
  state: oneOrMany(z.union([z.string(), z.looseObject({ cached: typeNames.optional() })])).optional(),
  styleClass: typeNames.optional(),
})

const Annotation = z.looseObject({
  id: z.string().min(1),
  type: typeNames.refine((t) => t.includes('Annotation'), 'not of type Annotation'),
  created: z.string().optional(),
  bodyValue: z.string().optional(),
  body: oneOrMany(z.union([z.string(), Body])).optional(),
  target: z
    .union([z.string(), Target, z.array(z.union([z.string(), Target]))], {
      error: 'an annotation needs a target',
    })
    .transform((value) => (Array.isArray(value) ? value : [value])),
})
type Annotation = z.infer<typeof Annotation>
type Target = z.infer<typeof Target>

/** What an annotation says, in Casebook's terms. */
interface Wanted {
  id: string
  source: string
  sha256: string | undefined
  quote: z.infer<typeof QuoteSelector>
  position: z.infer<typeof PositionSelector> | undefined
  note: string
  tags: string[]
  entities: Array<string | EntityNode>
  color: HighlightColor
  created: string | undefined
}

interface FoundVersion {
  articleId: string
  title: string
  versionId: string
  text: string
  isCurrent: boolean
}

/** Parses a file's text as JSON, naming the file when it is not. */
export function parseAnnotationFile(text: string, file: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown
  } catch (error) {
    throw new CasebookError('bad_file', `${file} is not JSON: ${(error as Error).message}`)
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function typesOf(value: Record<string, unknown>): string[] {
  const type = value.type ?? value['@type']
  if (typeof type === 'string') return [type]
  return Array.isArray(type) ? type.filter((t): t is string => typeof t === 'string') : []
}

/**
 * The annotations of a document, as unparsed candidates: a collection's embedded first page and the pages
 * carried under `@included`, a page's items, one annotation, or an array of any of those.
 */
function candidates(json: unknown, file: string): unknown[] {
  const found: unknown[] = []
  const seenPages = new Set<string>()
  const fromPage = (page: Record<string, unknown>) => {
    if (typeof page.id === 'string') {
      if (seenPages.has(page.id)) return
      seenPages.add(page.id)
    }
    if (Array.isArray(page.items)) found.push(...(page.items as unknown[]))
  }
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit)
      return
    }
    if (!isObject(node)) {
      found.push(node)
      return
    }
    const types = typesOf(node)
    if (types.includes('AnnotationCollection')) {
      if (isObject(node.first)) fromPage(node.first)
      else if (typeof node.first === 'string' && !hasIncludedPage(node, node.first)) {
        throw new CasebookError(
          'bad_file',
          `${file}: the collection's pages are not in the file (its first page is only named: ${node.first})`,
        )
      }
      const included = node['@included']
      if (Array.isArray(included)) for (const item of included) if (isObject(item)) fromPage(item)
    } else if (types.includes('AnnotationPage')) fromPage(node)
    else found.push(node)
  }
  if (!Array.isArray(json) && !(isObject(json) && typesOf(json).some(isAnnotationType))) {
    throw new CasebookError(
      'bad_file',
      `${file}: not W3C Web Annotations (expected an Annotation, an AnnotationPage or an AnnotationCollection)`,
    )
  }
  visit(json)
  return found
}

function isAnnotationType(type: string): boolean {
  return type === 'Annotation' || type === 'AnnotationPage' || type === 'AnnotationCollection'
}

function hasIncludedPage(collection: Record<string, unknown>, id: string): boolean {
  const included = collection['@included']
  return Array.isArray(included) && included.some((item) => isObject(item) && item.id === id)
}

function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ')
}

function firstTextTarget(annotation: Annotation): { target: Target; quote: Wanted['quote'] } {
  for (const target of annotation.target) {
    if (typeof target === 'string') continue
    for (const selector of target.selector ?? []) {
      const quote = QuoteSelector.safeParse(selector)
      if (quote.success) return { target, quote: quote.data }
    }
  }
  throw new CasebookError('invalid_input', 'no target with a TextQuoteSelector')
}

/** The colour of a `casebook-<colour>` style class; yellow (the default) for anything else. */
function colourOf(target: Target): HighlightColor {
  for (const styleClass of target.styleClass ?? []) {
    const name = styleClass.slice(STYLE_CLASS_PREFIX.length)
    if (styleClass.startsWith(STYLE_CLASS_PREFIX) && (HIGHLIGHT_COLORS as readonly string[]).includes(name)) {
      return name as HighlightColor
    }
  }
  return 'yellow'
}

function wantedOf(annotation: Annotation): Wanted {
  const { target, quote } = firstTextTarget(annotation)
  let position: Wanted['position']
  for (const selector of target.selector ?? []) {
    const parsed = PositionSelector.safeParse(selector)
    if (parsed.success) position = parsed.data
  }
  let sha256: string | undefined
  for (const state of target.state ?? []) {
    const iris = typeof state === 'string' ? [state] : (state.cached ?? [])
    sha256 ??= iris.map(sha256OfUrn).find((hex) => hex !== undefined)
  }
  const notes: string[] = annotation.bodyValue ? [annotation.bodyValue] : []
  const tags: string[] = []
  const entities: Wanted['entities'] = []
  for (const body of annotation.body ?? []) {
    if (typeof body === 'string') continue
    const purposes = body.purpose ?? []
    if (purposes.includes('identifying') && body.source !== undefined) entities.push(body.source)
    else if (body.value === undefined) continue
    else if (purposes.includes('tagging')) tags.push(body.value)
    // A textual body without a purpose is a comment in every tool that writes one (Hypothesis included).
    else if (purposes.length === 0 || purposes.includes('commenting')) notes.push(body.value)
  }
  const kept = uniqueTags(tags)
  if (kept.length > MAX_TAGS_PER_HIGHLIGHT) {
    throw new CasebookError('invalid_input', `more than ${MAX_TAGS_PER_HIGHLIGHT} tags`)
  }
  const long = kept.find((tag) => tag.length > MAX_TAG_LENGTH)
  if (long)
    throw new CasebookError(
      'invalid_input',
      `the tag “${long.slice(0, 20)}…” is over ${MAX_TAG_LENGTH} characters`,
    )
  return {
    id: annotation.id,
    source: typeof target.source === 'string' ? target.source : target.source.id,
    sha256,
    quote,
    position,
    note: notes.join('\n\n'),
    tags: kept,
    entities,
    color: colourOf(target),
    created: annotation.created,
  }
}

/**
 * The version the annotation's text is in: the one with the carried SHA-256 (the current version of an
 * article first, as the same text may be an older version of another), else the current version of the
 * article at the target's source URL, else of the article whose id the source names.
 */
function findVersion(db: Database, wanted: Wanted): FoundVersion | undefined {
  const select = `SELECT a.id AS articleId, a.title, v.id AS versionId, v.text, (a.current_version_id = v.id) AS isCurrent
                    FROM article_versions v JOIN articles a ON a.id = v.article_id
                   WHERE a.deleted_at IS NULL`
  type Row = Omit<FoundVersion, 'isCurrent'> & { isCurrent: number }
  const found = (row: Row | undefined): FoundVersion | undefined =>
    row && { ...row, isCurrent: row.isCurrent === 1 }
  if (wanted.sha256) {
    const row = db
      .prepare(`${select} AND v.sha256 = ? ORDER BY isCurrent DESC, v.created_at DESC LIMIT 1`)
      .get(wanted.sha256) as Row | undefined
    if (row) return found(row)
  }
  const spellings = new Set([wanted.source])
  try {
    spellings.add(new URL(wanted.source).href)
  } catch {
    // not a URL: compared as written
  }
  for (const url of spellings) {
    const row = db
      .prepare(`${select} AND a.current_version_id = v.id AND a.source_url = ? ORDER BY a.created_at LIMIT 1`)
      .get(url) as Row | undefined
    if (row) return found(row)
  }
  const articleId = uuidOfUrn(wanted.source)
  if (!articleId) return undefined
  return found(
    db.prepare(`${select} AND a.current_version_id = v.id AND a.id = ?`).get(articleId) as Row | undefined,
  )
}

/**
 * Where the quote is in the version: at the given position if the words there are the quote; else where
 * re-anchoring finds it (quote and context, src/shared/reanchor.ts); else, for a quote given without the
 * context that re-anchoring needs (as some tools write them), its one exact occurrence. A quote found in
 * several places that nothing tells apart is not placed: a wrong place is worse than none.
 */
function place(version: FoundVersion, wanted: Wanted): { start: number; end: number } {
  const { position, quote } = wanted
  if (position && version.text.slice(position.start, position.end) === quote.exact) return position
  const result = reanchor(version.text, { quote, position: position ?? { start: 0, end: 0 } })
  if (result.status === 'anchored') return result
  const occurrences = findQuoteOccurrences(version.text, quote.exact)
  const [only] = occurrences
  if (occurrences.length === 1 && only !== undefined) return { start: only, end: only + quote.exact.length }
  const why =
    occurrences.length > 1 ? `it occurs ${occurrences.length} times and ${result.reason}` : result.reason
  throw new CasebookError('not_found', `the quote is not in “${version.title}”: ${why}`)
}

interface EntityRow {
  id: string
  name: string
  deleted_at: string | null
}

/**
 * The archive's entity for a link: the same id if it is live here, else one of the same type and name
 * (case-insensitive), else a new one from the description in the file, keeping its id where it is free
 * so that the next import of the same file finds it by id.
 */
function resolveEntity(db: Database, source: string | EntityNode): string {
  const iri = typeof source === 'string' ? source : source.id
  const id = uuidOfUrn(iri)
  const byId = id
    ? (db.prepare('SELECT id, name, deleted_at FROM entities WHERE id = ?').get(id) as EntityRow | undefined)
    : undefined
  if (byId && byId.deleted_at === null) return byId.id
  const name = typeof source === 'string' ? undefined : source['schema:name']
  if (typeof source === 'string' || name === undefined) {
    throw new CasebookError(
      'not_found',
      `it links to the entity ${iri}, which is neither here nor described in the file`,
    )
  }
  const type: EntityType = (source.type ?? []).map(entityTypeOfClass).find((t) => t !== undefined) ?? 'other'
  const key = name.toLocaleLowerCase()
  const sameName = (
    db
      .prepare('SELECT id, name, deleted_at FROM entities WHERE type = ? AND deleted_at IS NULL')
      .all(type) as EntityRow[]
  ).find((row) => row.name.toLocaleLowerCase() === key)
  if (sameName) return sameName.id
  // A tombstoned id stays taken: reusing it would make a deleted entity live again when archives sync.
  const newEntityId = id && !byId ? id : newId()
  const seen = new Set([key])
  const aliases = (source['schema:alternateName'] ?? []).filter((alias) => {
    const aliasKey = alias.toLocaleLowerCase()
    const fresh = alias.trim() !== '' && !seen.has(aliasKey)
    seen.add(aliasKey)
    return fresh
  })
  const now = nowIso()
  db.prepare(
    `INSERT INTO entities (id, type, name, aliases, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(newEntityId, type, name, JSON.stringify(aliases), source['schema:description'] ?? '', now, now)
  return newEntityId
}

type Outcome =
  | { kind: 'imported'; articleId: string; highlightId: string; olderVersion: boolean }
  | { kind: 'skipped'; reason: string }

function importOne(db: Database, annotation: Annotation): Outcome {
  const keepId = uuidOfUrn(annotation.id)
  if (keepId) {
    const existing = db.prepare('SELECT deleted_at FROM highlights WHERE id = ?').get(keepId) as
      { deleted_at: string | null } | undefined
    if (existing?.deleted_at === null) return { kind: 'skipped', reason: 'already here' }
    // Deleted here on purpose: importing it again would undo that deletion behind the user's back.
    if (existing) return { kind: 'skipped', reason: 'deleted in this archive' }
  }
  const wanted = wantedOf(annotation)
  const version = findVersion(db, wanted)
  if (!version) {
    const hash = wanted.sha256 ? `text with SHA-256 ${wanted.sha256}, nor ` : ''
    throw new CasebookError('not_found', `no article here has the ${hash}source ${wanted.source}`)
  }
  const { start, end } = place(version, wanted)
  return db.transaction((): Outcome => {
    const entityIds = wanted.entities.map((source) => resolveEntity(db, source))
    const highlight = createHighlight(db, {
      id: keepId,
      articleId: version.articleId,
      versionId: version.versionId,
      start,
      end,
      note: wanted.note,
      color: wanted.color,
      tags: wanted.tags,
      method: 'imported',
    })
    // When the passage was marked is part of the record; the row itself changed here and now (updated_at),
    // which is what derived copies of highlights (search) go by.
    const created = wanted.created === undefined ? NaN : Date.parse(wanted.created)
    if (!Number.isNaN(created)) {
      db.prepare('UPDATE highlights SET created_at = ? WHERE id = ?').run(
        new Date(created).toISOString(),
        highlight.id,
      )
    }
    for (const entityId of entityIds) linkEntity(db, highlight.id, entityId)
    return {
      kind: 'imported',
      articleId: version.articleId,
      highlightId: highlight.id,
      olderVersion: !version.isCurrent,
    }
  })()
}

function candidateId(candidate: unknown, index: number): string {
  return isObject(candidate) && typeof candidate.id === 'string' ? candidate.id : `annotation #${index + 1}`
}

/**
 * Imports the annotations of a parsed JSON document. `file` names it in errors. Annotations whose
 * `urn:uuid:` id is already a highlight here are skipped, so importing a file twice changes nothing.
 * Highlights placed on an older version of their article are then carried to its current version.
 */
export function importAnnotations(db: Database, json: unknown, file = 'the file'): AnnotationImportResult {
  const result: AnnotationImportResult = { imported: 0, skipped: [], failed: [], orphaned: [] }
  const toReanchor = new Map<string, string[]>()
  candidates(json, file).forEach((candidate, index) => {
    const id = candidateId(candidate, index)
    const parsed = Annotation.safeParse(candidate)
    if (!parsed.success) {
      result.failed.push({ id, reason: describeZodError(parsed.error) })
      return
    }
    try {
      const outcome = importOne(db, parsed.data)
      if (outcome.kind === 'skipped') result.skipped.push({ id, reason: outcome.reason })
      else {
        result.imported++
        if (outcome.olderVersion) {
          toReanchor.set(outcome.articleId, [
            ...(toReanchor.get(outcome.articleId) ?? []),
            outcome.highlightId,
          ])
        }
      }
    } catch (error) {
      if (!(error instanceof CasebookError)) throw error
      result.failed.push({ id, reason: error.message })
    }
  })
  for (const [articleId, highlightIds] of toReanchor) {
    db.transaction(() => reanchorHighlights(db, articleId))()
    const orphans = db
      .prepare(
        `SELECT id FROM highlights WHERE anchor_status = 'orphan' AND id IN (SELECT value FROM json_each(?))`,
      )
      .pluck()
      .all(JSON.stringify(highlightIds)) as string[]
    result.orphaned.push(...orphans)
  }
  return result
}
