import { useState } from 'react'
import type { ArticleDetail, EntitySuggestion } from '../../../shared/model'
import { call } from '../lib/api'
import { plural } from '../lib/format'
import { SUGGEST_TEXT_LIMIT } from '../../../shared/suggest-limit'

type SuggestedType = EntitySuggestion['type']

const TYPE_LABELS: Record<SuggestedType, string> = {
  person: 'Person',
  organisation: 'Organisation',
  place: 'Place',
}

/**
 * "Names in this article": people, organisations and places the offline suggester finds in the open
 * article, asked for by the user. Each is added (the entity made, its mentions here highlighted and linked;
 * a known name is linked to its entity) or rejected (never suggested again). Nothing is added unasked.
 * Keyed by the article's version where it is used, so another article starts with nothing asked.
 */
export function SuggestedEntities({
  article,
  onChanged,
  report,
}: {
  article: ArticleDetail
  /** Highlights were made: the article and the entity lists show them. */
  onChanged: () => void
  report: (error: unknown) => void
}) {
  const [suggestions, setSuggestions] = useState<EntitySuggestion[] | null>(null)
  const [reading, setReading] = useState(false)
  // The user's corrections of a suggestion's name or type before adding it, by the suggested name.
  const [edits, setEdits] = useState<Record<string, { name: string; type: SuggestedType }>>({})
  // Suggestions whose answer is on its way: a second click must not add the entity twice.
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set())
  const settle = (s: EntitySuggestion, busy: boolean) =>
    setPending((all) => {
      const next = new Set(all)
      if (busy) next.add(s.name)
      else next.delete(s.name)
      return next
    })

  const find = async (): Promise<void> => {
    setReading(true)
    try {
      setSuggestions(await call('entities.suggest', { articleId: article.id }))
    } catch (error) {
      report(error)
    } finally {
      setReading(false)
    }
  }
  const drop = (s: EntitySuggestion) => setSuggestions((list) => list?.filter((x) => x !== s) ?? null)
  const accept = async (s: EntitySuggestion): Promise<void> => {
    const edit = edits[s.name] ?? { name: s.name, type: s.type }
    settle(s, true)
    try {
      await call('entities.suggest.accept', {
        articleId: article.id,
        versionId: s.versionId,
        entityId: s.existing?.id,
        name: edit.name.trim() || s.name,
        type: edit.type,
        spans: s.spans.map(({ start, end }) => ({ start, end })),
      })
      drop(s)
      onChanged()
    } catch (error) {
      report(error)
    } finally {
      settle(s, false)
    }
  }
  const reject = async (s: EntitySuggestion): Promise<void> => {
    settle(s, true)
    try {
      await call('entities.suggest.reject', { name: s.name })
      drop(s)
    } catch (error) {
      report(error)
    } finally {
      settle(s, false)
    }
  }

  return (
    <section className="suggested-entities" aria-label="Names in this article">
      <h3>
        Names in this article
        {suggestions && <span className="muted"> · {plural(suggestions.length, 'suggestion')}</span>}
      </h3>
      {!suggestions ? (
        <>
          <p className="muted">
            Find the people, organisations and places this article names (English and Russian), to add them as
            entities with their passages linked. Nothing is added until you say so.
          </p>
          <button type="button" className="small" disabled={reading} onClick={() => void find()}>
            {reading ? 'Reading names…' : 'Suggest entities'}
          </button>
        </>
      ) : null}
      {suggestions && article.text.length > SUGGEST_TEXT_LIMIT && (
        <p className="muted">
          Read the first {SUGGEST_TEXT_LIMIT.toLocaleString('en')} characters of{' '}
          {article.text.length.toLocaleString('en')}: names met only later are not suggested.
        </p>
      )}
      {!suggestions ? null : suggestions.length === 0 ? (
        <p className="muted">No new names found: every name here is linked already, or was set aside.</p>
      ) : (
        <ul>
          {suggestions.map((s) => {
            const edit = edits[s.name] ?? { name: s.name, type: s.type }
            const setEdit = (change: Partial<typeof edit>) =>
              setEdits((all) => ({ ...all, [s.name]: { ...edit, ...change } }))
            const forms = [...new Set(s.spans.map((x) => x.text))].filter((f) => f !== s.name)
            return (
              <li key={s.name} className="suggestion">
                {s.existing ? (
                  <span className="suggestion-name">{s.existing.name}</span>
                ) : (
                  <input
                    aria-label={`Name for ${s.name}`}
                    value={edit.name}
                    onChange={(e) => setEdit({ name: e.target.value })}
                  />
                )}
                {s.existing ? (
                  <span className="muted">known entity</span>
                ) : (
                  <select
                    aria-label={`Type for ${s.name}`}
                    value={edit.type}
                    onChange={(e) => setEdit({ type: e.target.value as SuggestedType })}
                  >
                    {Object.entries(TYPE_LABELS).map(([value, label]) => (
                      <option key={value} value={value}>
                        {label}
                      </option>
                    ))}
                  </select>
                )}
                <span className="muted suggestion-forms">
                  {plural(s.spans.length, 'mention')}
                  {forms.length > 0 && ` (also ${forms.slice(0, 3).join(', ')})`}
                </span>
                <span className="duplicate-actions">
                  <button
                    type="button"
                    className="small"
                    disabled={pending.has(s.name)}
                    onClick={() => void accept(s)}
                  >
                    {s.existing ? `Link ${s.spans.length}` : 'Add'}
                  </button>
                  {!s.existing && (
                    <button
                      type="button"
                      className="small subtle"
                      disabled={pending.has(s.name)}
                      onClick={() => void reject(s)}
                    >
                      Not an entity
                    </button>
                  )}
                </span>
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
