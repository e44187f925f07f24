import type { EntityType } from './model'

/** Display labels per entity type, so every view names them alike (their colours live in the stylesheet). */
export const ENTITY_TYPE_LABELS: Record<EntityType, string> = {
  person: 'Person',
  organisation: 'Organisation',
  place: 'Place',
  event: 'Event',
  other: 'Other',
}

/**
 * How an entity's type reads: the user's own type (a vehicle, a law…) where it has one, since "Other" says
 * nothing; otherwise the built-in label.
 */
export function entityTypeLabel(type: EntityType, customType?: string | null): string {
  return type === 'other' && customType ? customType : ENTITY_TYPE_LABELS[type]
}
