import type { EntityType } from './model'

/** Display labels and colours per entity type, so every view names and paints them alike. */
export const ENTITY_TYPE_LABELS: Record<EntityType, string> = {
  person: 'Person',
  organisation: 'Organisation',
  place: 'Place',
  event: 'Event',
  other: 'Other',
}
