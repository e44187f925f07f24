import type { EntityType } from './model'

/** Display labels per entity type, so every view names them alike (their colours live in the stylesheet). */
export const ENTITY_TYPE_LABELS: Record<EntityType, string> = {
  person: 'Person',
  organisation: 'Organisation',
  place: 'Place',
  event: 'Event',
  other: 'Other',
}
