import { entityTypeLabel } from '../../../shared/entity-style'
import type { EntityRef, EntityType } from '../../../shared/model'

/** An entity's name on its type's colour; with `onRemove`, a × that unlinks it. */
export function EntityChip({
  entity,
  onOpen,
  onRemove,
}: {
  /** `customType` where the caller has it (a full entity), so a user-defined type is named, not "Other". */
  entity: EntityRef & { customType?: string | null }
  onOpen?: () => void
  onRemove?: () => void
}) {
  const label = `${entity.name} (${entityTypeLabel(entity.type, entity.customType)})`
  return (
    <span className={`chip type-${entity.type}`} title={label}>
      {onOpen ? (
        <button type="button" className="chip-name" onClick={onOpen} aria-label={`Open ${entity.name}`}>
          {entity.name}
        </button>
      ) : (
        <span className="chip-name">{entity.name}</span>
      )}
      {onRemove && (
        <button type="button" className="chip-remove" onClick={onRemove} aria-label={`Unlink ${entity.name}`}>
          ×
        </button>
      )}
    </span>
  )
}

/** A small coloured dot naming an entity type (the user's own type where it has one), for lists. */
export function TypeBadge({ type, customType }: { type: EntityType; customType?: string | null }) {
  return <span className={`type-badge type-${type}`}>{entityTypeLabel(type, customType)}</span>
}
