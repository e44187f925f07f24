import { ENTITY_TYPE_LABELS } from '../../../shared/entity-style'
import type { EntityRef } from '../../../shared/model'

/** An entity's name on its type's colour; with `onRemove`, a × that unlinks it. */
export function EntityChip({
  entity,
  onOpen,
  onRemove,
}: {
  entity: EntityRef
  onOpen?: () => void
  onRemove?: () => void
}) {
  const label = `${entity.name} (${ENTITY_TYPE_LABELS[entity.type]})`
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

/** A small coloured dot naming an entity type, for lists. */
export function TypeBadge({ type }: { type: EntityRef['type'] }) {
  return <span className={`type-badge type-${type}`}>{ENTITY_TYPE_LABELS[type]}</span>
}
