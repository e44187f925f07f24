import type { EntityType } from '../../shared/model'

/**
 * How Casebook's data is written in the W3C Web Annotation model, shared by the export and the import so the
 * two cannot drift apart.
 *
 * Entities travel inside the annotations that link them, as the `source` node of an "identifying" body,
 * described with schema.org terms (name, alternateName, description; Person, Organization, Place, Event,
 * Thing): an import into a fresh archive can recreate them, and any JSON-LD reader knows what they are
 * without a Casebook vocabulary. The second @context entry only declares the `schema:` prefix; the W3C
 * context stays the first, as the model requires.
 *
 * The highlight's colour is the target's `styleClass` (model §4.4), with a stylesheet defining that class,
 * so W3C viewers can show it in colour too.
 */

export const ANNOTATION_CONTEXT = 'http://www.w3.org/ns/anno.jsonld'
export const SCHEMA_PREFIX = 'https://schema.org/'
export const EXPORT_CONTEXT = [ANNOTATION_CONTEXT, { schema: SCHEMA_PREFIX }] as const

export const URN_UUID = 'urn:uuid:'
export const URN_SHA256 = 'urn:sha256:'
export const STYLE_CLASS_PREFIX = 'casebook-'

export const ENTITY_CLASSES: Record<EntityType, string> = {
  person: 'schema:Person',
  organisation: 'schema:Organization',
  place: 'schema:Place',
  event: 'schema:Event',
  other: 'schema:Thing',
}

/** The entity type of a schema.org class, written compact (`schema:Person`) or in full. */
export function entityTypeOfClass(value: string): EntityType | undefined {
  const compact = value.startsWith(SCHEMA_PREFIX) ? `schema:${value.slice(SCHEMA_PREFIX.length)}` : value
  const found = Object.entries(ENTITY_CLASSES).find(([, cls]) => cls === compact)
  return found?.[0] as EntityType | undefined
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function uuidUrn(id: string): string {
  return `${URN_UUID}${id}`
}

/** The UUID of a `urn:uuid:` IRI, lower-cased; undefined for any other IRI. */
export function uuidOfUrn(iri: string): string | undefined {
  if (!iri.toLowerCase().startsWith(URN_UUID)) return undefined
  const id = iri.slice(URN_UUID.length).toLowerCase()
  return UUID.test(id) ? id : undefined
}

/** The hex digest of a `urn:sha256:` IRI; undefined for any other IRI. */
export function sha256OfUrn(iri: string): string | undefined {
  if (!iri.toLowerCase().startsWith(URN_SHA256)) return undefined
  const hex = iri.slice(URN_SHA256.length).toLowerCase()
  return /^[0-9a-f]{64}$/.test(hex) ? hex : undefined
}

/** Colours are class names in the export: lower-case letters, digits and hyphens only. */
export function isColourName(value: string): boolean {
  return /^[a-z][a-z0-9-]{0,31}$/.test(value)
}
