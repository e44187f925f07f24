import { useEffect, useState } from 'react'
import type { DuplicateCandidate, Entity } from '../../../shared/model'
import { call } from '../lib/api'
import { plural } from '../lib/format'
import { TypeBadge } from './EntityChip'
import type { MergeNotice } from './EntityPageView'

/**
 * "Possibly the same": entities whose names or aliases look like this one's (across scripts), each with the
 * reason, to merge here or to mark as not the same (then never suggested again). Nothing is merged unasked.
 */
export function EntityDuplicates({
  entity,
  version,
  onMerged,
  report,
}: {
  entity: Entity
  version: number
  onMerged: (notice: MergeNotice) => void
  report: (error: unknown) => void
}) {
  const [candidates, setCandidates] = useState<DuplicateCandidate[]>([])
  const [asked, setAsked] = useState(0)

  useEffect(() => {
    let current = true
    call('entities.duplicates', { id: entity.id })
      .then((found) => {
        if (current) setCandidates(found)
      })
      .catch((error: unknown) => {
        if (current) report(error)
      })
    return () => {
      current = false
    }
  }, [entity.id, version, asked, report])

  if (candidates.length === 0) return null
  const mergeHere = (candidate: DuplicateCandidate): void => {
    call('entities.merge', { id: candidate.other.id, intoId: entity.id })
      .then((merge) => onMerged({ merge, mergedName: candidate.other.name }))
      .catch(report)
  }
  const notTheSame = (candidate: DuplicateCandidate): void => {
    call('entities.distinct', { id: entity.id, otherId: candidate.other.id, distinct: true })
      .then(() => setAsked((n) => n + 1))
      .catch(report)
  }
  return (
    <section className="entity-duplicates" aria-label="Possibly the same">
      <h2>Possibly the same</h2>
      <ul>
        {candidates.map((candidate) => (
          <li key={candidate.other.id}>
            <span className="duplicate-name">
              <strong>{candidate.other.name}</strong>{' '}
              <TypeBadge type={candidate.other.type} customType={candidate.other.customType} />{' '}
              <span className="muted">{plural(candidate.other.passageCount, 'passage')}</span>
            </span>
            <span className="muted duplicate-reason">{candidate.reason}</span>
            <span className="duplicate-actions">
              <button type="button" className="small" onClick={() => mergeHere(candidate)}>
                Merge here
              </button>
              <button type="button" className="small subtle" onClick={() => notTheSame(candidate)}>
                Not the same
              </button>
            </span>
          </li>
        ))}
      </ul>
    </section>
  )
}
