import { useEffect, useState } from 'react'
import type { Entity, EntityMention } from '../../../shared/model'
import { call } from '../lib/api'
import { plural } from '../lib/format'

/** How many found mentions are listed before "Show all". */
const FIRST_SHOWN = 10
/** Characters of context shown either side of a mention. */
const CONTEXT_SHOWN = 40

/**
 * "Unlinked mentions": passages of the archive that name the entity (any of its names, in any script,
 * inflected forms too) and are not linked to it. Each is accepted (a highlight of the words, linked to the
 * entity) or rejected (not offered again); all of one article are accepted at once. Nothing is linked unasked.
 */
export function EntityMentions({
  entity,
  version,
  onChanged,
  onCount,
  report,
}: {
  entity: Entity
  version: number
  /** A highlight was made: the page and the lists around it show it. */
  onChanged: () => void
  /** How many were found, each time they are (the page's header counts them). */
  onCount?: (count: number) => void
  report: (error: unknown) => void
}) {
  const [mentions, setMentions] = useState<EntityMention[] | null>(null)
  const [showAll, setShowAll] = useState(false)
  const [asked, setAsked] = useState(0)

  useEffect(() => {
    let current = true
    call('entities.mentions', { id: entity.id })
      .then((found) => {
        if (!current) return
        setMentions(found)
        onCount?.(found.length)
      })
      .catch((error: unknown) => {
        if (current) report(error)
      })
    return () => {
      current = false
    }
  }, [entity.id, version, asked, onCount, report])

  if (!mentions || mentions.length === 0) return null
  const accept = async (found: EntityMention[]): Promise<void> => {
    try {
      for (const m of found)
        await call('highlights.create', {
          articleId: m.articleId,
          versionId: m.versionId,
          start: m.start,
          end: m.end,
          entityIds: [entity.id],
        })
    } catch (error) {
      report(error)
    }
    setAsked((n) => n + 1)
    onChanged()
  }
  const reject = (m: EntityMention): void => {
    const { articleId, versionId, start, end } = m
    call('entities.mentions.reject', { id: entity.id, articleId, versionId, start, end })
      .then(() => setAsked((n) => n + 1))
      .catch(report)
  }
  const shown = showAll ? mentions : mentions.slice(0, FIRST_SHOWN)
  const byArticle = new Map<string, EntityMention[]>()
  for (const m of mentions) byArticle.set(m.articleId, [...(byArticle.get(m.articleId) ?? []), m])
  return (
    <section className="entity-mentions" aria-label="Unlinked mentions">
      <h2>
        Unlinked mentions <span className="muted">{plural(mentions.length, 'passage')}</span>
      </h2>
      <ul>
        {shown.map((m) => {
          const inArticle = byArticle.get(m.articleId) ?? []
          return (
            <li key={`${m.versionId}:${m.start}`}>
              <span className="mention-text">
                {m.before.length > CONTEXT_SHOWN ? '…' : ''}
                {m.before.slice(-CONTEXT_SHOWN)}
                <mark>{m.text}</mark>
                {m.after.slice(0, CONTEXT_SHOWN)}
                {m.after.length > CONTEXT_SHOWN ? '…' : ''}
              </span>
              <span className="muted mention-title">{m.title}</span>
              <span className="duplicate-actions">
                <button type="button" className="small" onClick={() => void accept([m])}>
                  Link
                </button>
                {inArticle.length > 1 && (
                  <button type="button" className="small" onClick={() => void accept(inArticle)}>
                    Link all {inArticle.length} in this article
                  </button>
                )}
                <button type="button" className="small subtle" onClick={() => reject(m)}>
                  Not about {entity.name}
                </button>
              </span>
            </li>
          )
        })}
      </ul>
      {!showAll && mentions.length > FIRST_SHOWN && (
        <button type="button" className="small subtle" onClick={() => setShowAll(true)}>
          Show all {mentions.length}
        </button>
      )}
    </section>
  )
}
