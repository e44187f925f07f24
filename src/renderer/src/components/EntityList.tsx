import { useEffect, useState } from 'react'
import type { EntitySummary } from '../../../shared/model'
import { call } from '../lib/api'
import { plural } from '../lib/format'
import { useDebounced } from '../lib/use-debounced'
import { TypeBadge } from './EntityChip'
import { EntityExport } from './EntityExport'

/** Every entity, filterable by name or alias. */
export function EntityList({
  version,
  openEntityId,
  onOpen,
  onNew,
  report,
}: {
  version: number
  openEntityId: string | null
  onOpen: (entityId: string) => void
  onNew: () => void
  report: (error: unknown) => void
}) {
  const [filter, setFilter] = useState('')
  const query = useDebounced(filter.trim(), 150)
  const [entities, setEntities] = useState<EntitySummary[] | null>(null)

  useEffect(() => {
    let current = true
    call('entities.list', { query })
      .then((list) => {
        if (current) setEntities(list)
      })
      .catch((error: unknown) => {
        if (current) report(error)
      })
    return () => {
      current = false
    }
  }, [query, version, report])

  return (
    <div className="entity-list">
      <div className="entity-list-bar">
        <input
          type="search"
          value={filter}
          placeholder="Filter entities"
          aria-label="Filter entities"
          onChange={(e) => setFilter(e.target.value)}
        />
        <button type="button" onClick={onNew}>
          New entity
        </button>
      </div>
      {entities !== null && entities.length > 0 && <EntityExport report={report} />}
      {entities === null ? (
        <p className="loading">Loading entities…</p>
      ) : entities.length === 0 ? (
        query ? (
          <p className="muted">No entity matches “{query}”.</p>
        ) : (
          <div className="empty-state">
            <h2>No entities yet</h2>
            <p>
              Entities are the people, organisations, places and events your articles mention. Select a
              passage in an article and choose <strong>Link to new entity</strong>, or use{' '}
              <strong>New entity</strong> above.
            </p>
            <p className="muted">
              Each entity page then gathers every passage linked to it, across the archive.
            </p>
          </div>
        )
      ) : (
        <ul className="entity-items" aria-label="Entity list">
          {entities.map((e) => (
            <li key={e.id} className={e.id === openEntityId ? 'current' : undefined}>
              <button type="button" className={`entity-item type-${e.type}`} onClick={() => onOpen(e.id)}>
                <span className="entity-name">{e.name}</span>
                <TypeBadge type={e.type} customType={e.customType} />
                {e.aliases.length > 0 && <span className="entity-aliases">{e.aliases.join(', ')}</span>}
                <span className="entity-count">{plural(e.passageCount, 'passage')}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
