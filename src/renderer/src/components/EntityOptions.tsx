import type { EntitySummary } from '../../../shared/model'
import { TypeBadge } from './EntityChip'

/** The rows of an entity type-ahead (linking a passage, filtering a search): name, type and, if asked, aliases. */
export function EntityOptions({
  options,
  active,
  onPick,
  onHover,
  showAliases = false,
}: {
  options: EntitySummary[]
  active: number
  onPick: (entity: EntitySummary) => void
  onHover: (index: number) => void
  showAliases?: boolean
}) {
  return (
    <>
      {options.map((e, i) => (
        <li
          key={e.id}
          role="option"
          aria-selected={i === active}
          className={i === active ? 'active' : undefined}
          // Keeps the focus in the input, so its blur does not close the list before the click lands.
          onMouseDown={(ev) => ev.preventDefault()}
          onClick={() => onPick(e)}
          onMouseEnter={() => onHover(i)}
        >
          <span className="entity-name">{e.name}</span> <TypeBadge type={e.type} customType={e.customType} />
          {showAliases && e.aliases.length > 0 && (
            <span className="entity-aliases"> {e.aliases.join(', ')}</span>
          )}
        </li>
      ))}
    </>
  )
}
