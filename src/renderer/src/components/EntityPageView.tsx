import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react'
import type {
  Entity,
  EntityArticleGroup,
  EntityMerge,
  EntityPage,
  EntitySummary,
} from '../../../shared/model'
import { call } from '../lib/api'
import { downloadFile } from '../lib/download'
import { formatDateRange } from '../lib/entity-dates'
import { formatDate, plural } from '../lib/format'
import { STATUS_LABELS } from '../lib/highlight-colors'
import { ColorSwatch } from './ColorPicker'
import { ActionMenu } from './ActionMenu'
import { TypeBadge } from './EntityChip'
import { EntityDuplicates } from './EntityDuplicates'
import { EntityForm, type EntityDraft } from './EntityForm'
import { EntityMentions } from './EntityMentions'
import { EntityPicker } from './EntityPicker'
import { NoteMarkdown } from './NoteMarkdown'
import { PageCitation } from './PageCitation'
import { RelationsSection, type EvidenceChoice } from './RelationsSection'
import { TagList } from './TagChip'
import { TimelineSection } from './TimelineSection'

/** Where to open an article: at a highlight, and at its offset when the page knows it (the highlight may be an orphan). */
export interface PassageTarget {
  highlightId: string
  start?: number
}

/**
 * Where a group's passages come from, as a citation reads: site, date, then the address, or the imported
 * file when the page named no source at all.
 */
function GroupSource({ group }: { group: EntityArticleGroup }) {
  const parts: ReactNode[] = []
  if (group.siteName) parts.push(group.siteName)
  const date = formatDate(group.publishedAt)
  if (date) parts.push(date)
  if (group.sourceUrl) parts.push(<span className="source-url">{group.sourceUrl}</span>)
  else if (!group.siteName && group.importedFrom)
    parts.push(<span className="imported-from">Imported from {group.importedFrom}</span>)
  if (parts.length === 0) return null
  return (
    <p className="article-meta group-source">
      {parts.map((part, i) => (
        <span key={i}>{part}</span>
      ))}
    </p>
  )
}

/** "Evidence report": every passage about the entity with its citation, as a Markdown or HTML file. */
function EvidenceReportMenu({ entityId, report }: { entityId: string; report: (error: unknown) => void }) {
  const [message, setMessage] = useState<string | null>(null)
  const save = (format: 'md' | 'html'): void => {
    setMessage(null)
    call('export.report', { entityId, format })
      .then((file) => {
        downloadFile(file)
        setMessage(`Saved ${file.fileName} (${plural(file.count, 'passage')}).`)
      })
      .catch(report)
  }
  return (
    <div className="evidence-report">
      <ActionMenu
        label="Evidence report"
        actions={[
          { label: 'Markdown (.md)', run: () => save('md') },
          { label: 'HTML (.html)', run: () => save('html') },
        ]}
      />
      <span className="muted transfer-message" role="status">
        {message}
      </span>
    </div>
  )
}

/** What the last merge did, shown on the kept entity's page with its undo. */
export interface MergeNotice {
  merge: EntityMerge
  mergedName: string
}

/**
 * "Merge into…": picks the entity this one is the same as. The merge moves every passage and name there
 * and is undone from the notice the kept entity's page shows, so it asks no confirmation.
 */
function MergeControl({
  entity,
  onMerged,
  report,
}: {
  entity: Entity
  onMerged: (notice: MergeNotice) => void
  report: (error: unknown) => void
}) {
  const [picking, setPicking] = useState(false)
  const merge = (target: EntitySummary): void => {
    setPicking(false)
    call('entities.merge', { id: entity.id, intoId: target.id })
      .then((done) => onMerged({ merge: done, mergedName: entity.name }))
      .catch(report)
  }
  if (!picking)
    return (
      <button type="button" className="small" onClick={() => setPicking(true)}>
        Merge into…
      </button>
    )
  return (
    <div className="merge-picker">
      <span className="muted">Merge {entity.name} into:</span>
      <EntityPicker
        excludeIds={[entity.id]}
        allowCreate={false}
        label="Entity to merge into"
        onPick={merge}
        onCreate={() => undefined}
        onClose={() => setPicking(false)}
        report={report}
      />
    </div>
  )
}

/** What the last split did, shown on the page it was split from with a way to the new entity. */
interface SplitNotice {
  fromId: string
  created: Entity
  count: number
}

/** The entity's facts: an event's date, the place it is in, the places in it, and its own properties. */
function EntityFacts({ page, onOpenEntity }: { page: EntityPage; onOpenEntity: (id: string) => void }) {
  const { entity, parent, children } = page
  const properties = Object.entries(entity.properties)
  if (!entity.dateStart && !parent && children.length === 0 && properties.length === 0) return null
  return (
    <dl className="entity-facts" aria-label="Details">
      {entity.dateStart && (
        <div>
          <dt>When</dt>
          <dd>{formatDateRange(entity.dateStart, entity.dateEnd)}</dd>
        </div>
      )}
      {parent && (
        <div>
          <dt>Inside</dt>
          <dd>
            <button
              type="button"
              className={`link-button entity-link type-${parent.type}`}
              onClick={() => onOpenEntity(parent.id)}
            >
              {parent.name}
            </button>
          </dd>
        </div>
      )}
      {children.length > 0 && (
        <div>
          <dt>Places in it</dt>
          <dd className="entity-children">
            {children.map((child) => (
              <button
                key={child.id}
                type="button"
                className={`link-button entity-link type-${child.type}`}
                onClick={() => onOpenEntity(child.id)}
              >
                {child.name}
              </button>
            ))}
          </dd>
        </div>
      )}
      {properties.map(([name, value]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  )
}

/** The first words of a passage, to name its checkbox. */
function shortQuote(text: string): string {
  return text.length > 60 ? `${text.slice(0, 59)}…` : text
}

/** Everything the archive says about one entity: its details, relations, every linked passage and its timeline. */
export function EntityPageView({
  entityId,
  version,
  onOpenPassage,
  onClose,
  mergeNotice,
  onMerged,
  onUndoMerge,
  onChanged,
  onOpenEntity,
  report,
}: {
  entityId: string
  version: number
  onOpenPassage: (articleId: string, at: PassageTarget) => void
  onClose: () => void
  /** The merge just made into this entity, if any: shown with its undo. */
  mergeNotice: MergeNotice | null
  onMerged: (notice: MergeNotice) => void
  onUndoMerge: (notice: MergeNotice) => void
  /**
   * Something shown here changed (accepted mentions, an edit, a relation, a split): refresh what shows it.
   * The page loads again through `version`, which this bumps.
   */
  onChanged: () => void
  onOpenEntity: (entityId: string) => void
  report: (error: unknown) => void
}) {
  const [page, setPage] = useState<EntityPage | null>(null)
  const [mentionCount, setMentionCount] = useState<{ entityId: string; count: number } | null>(null)
  const [editing, setEditing] = useState(false)
  /** The passages chosen to split off; null when not choosing. */
  const [chosen, setChosen] = useState<Set<string> | null>(null)
  const [splitting, setSplitting] = useState(false)
  const [splitNotice, setSplitNotice] = useState<SplitNotice | null>(null)
  const mentionsRef = useRef<HTMLDivElement>(null)

  useEffect(() => {
    let current = true
    call('entities.page', { id: entityId })
      .then((p) => {
        if (current) setPage(p)
      })
      .catch((error: unknown) => {
        if (current) report(error)
      })
    return () => {
      current = false
    }
  }, [entityId, version, report])

  // Another entity's page: what was being chosen or edited here does not carry over (reset while rendering,
  // as React advises for state that follows a prop, so the other page never shows it even once).
  const [shownId, setShownId] = useState(entityId)
  if (shownId !== entityId) {
    setShownId(entityId)
    setEditing(false)
    setChosen(null)
    setSplitting(false)
  }

  const countMentions = useCallback((count: number) => setMentionCount({ entityId, count }), [entityId])

  if (!page || page.entity.id !== entityId) {
    return (
      <main className="reader" aria-label="Entity">
        <p className="loading">Loading the entity…</p>
      </main>
    )
  }
  const { entity } = page
  const unlinked = mentionCount?.entityId === entity.id ? mentionCount.count : 0
  const choices: EvidenceChoice[] = page.articles.flatMap((group) =>
    group.passages.map((p) => ({
      highlightId: p.highlightId,
      exact: p.exact,
      articleTitle: group.title,
      publishedAt: group.publishedAt,
    })),
  )
  /** Opens a passage from a relation or the timeline, at its offset when it is one of this page's passages. */
  const openAt = (articleId: string, highlightId: string): void => {
    const passage = page.articles
      .find((group) => group.articleId === articleId)
      ?.passages.find((p) => p.highlightId === highlightId)
    onOpenPassage(articleId, passage ? { highlightId, start: passage.start } : { highlightId })
  }
  const save = async (draft: EntityDraft): Promise<void> => {
    await call('entities.update', { id: entity.id, ...draft })
    setEditing(false)
    onChanged()
  }
  const split = async (draft: EntityDraft): Promise<void> => {
    const highlightIds = [...(chosen ?? [])]
    const created = await call('entities.split', { id: entity.id, highlightIds, entity: draft })
    setSplitting(false)
    setChosen(null)
    setSplitNotice({ fromId: entity.id, created, count: highlightIds.length })
    onChanged()
  }
  const undoSplit = async (splitOffId: string): Promise<void> => {
    try {
      await call('entities.unsplit', { id: splitOffId })
      setSplitNotice(null)
      onChanged()
    } catch (error) {
      report(error)
    }
  }
  const toggle = (highlightId: string, on: boolean): void =>
    setChosen((now) => {
      const next = new Set(now)
      if (on) next.add(highlightId)
      else next.delete(highlightId)
      return next
    })

  return (
    <main className="reader entity-page" aria-label="Entity">
      <article className="article">
        <header className={`article-header entity-header type-${entity.type}`}>
          <button type="button" className="small subtle back" onClick={onClose}>
            ← Close
          </button>
          <h1 className="article-heading">{entity.name}</h1>
          <p className="article-byline entity-counts">
            <TypeBadge type={entity.type} customType={entity.customType} />{' '}
            <span>
              {plural(page.passageCount, 'passage')} in {plural(page.articleCount, 'article')}
            </span>
            {unlinked > 0 && (
              <button
                type="button"
                className="link-button"
                onClick={() => mentionsRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' })}
              >
                {plural(unlinked, 'unlinked mention')}
              </button>
            )}
          </p>
          {entity.aliases.length > 0 && (
            <p>
              <span className="muted">Also known as </span>
              {entity.aliases.join(', ')}
            </p>
          )}
          {entity.description && <p className="entity-description">{entity.description}</p>}
          <EntityFacts page={page} onOpenEntity={onOpenEntity} />
          {page.coOccurring.length > 0 && (
            <p className="co-occurring" aria-label="Appears with">
              <span className="muted">Appears with </span>
              {page.coOccurring.slice(0, 12).map((other) => (
                <button
                  key={other.id}
                  type="button"
                  className={`small subtle co-entity type-${other.type}`}
                  onClick={() => onOpenEntity(other.id)}
                  title={`${plural(other.articles, 'article')} in common, ${plural(other.passages, 'passage')} linked to both`}
                >
                  {other.name} <span className="muted">{other.articles}</span>
                </button>
              ))}
            </p>
          )}
          <div className="entity-actions">
            <button type="button" className="small" onClick={() => setEditing(true)}>
              Edit…
            </button>
            {page.passageCount > 0 && <EvidenceReportMenu entityId={entity.id} report={report} />}
            <MergeControl entity={entity} onMerged={onMerged} report={report} />
          </div>
          {mergeNotice && mergeNotice.merge.keptId === entity.id && (
            <p className="version-banner notice merge-notice" role="status">
              <span>
                Merged {mergeNotice.mergedName} into {entity.name}:{' '}
                {plural(mergeNotice.merge.moved + mergeNotice.merge.dropped, 'passage')} moved
                {mergeNotice.merge.addedAliases.length > 0 &&
                  `; now also known as ${mergeNotice.merge.addedAliases.join(', ')}`}
                .
              </span>
              <button type="button" className="small" onClick={() => onUndoMerge(mergeNotice)}>
                Undo merge
              </button>
            </p>
          )}
          {splitNotice && splitNotice.fromId === entity.id && (
            <p className="version-banner notice split-notice" role="status">
              <span>
                Split {plural(splitNotice.count, 'passage')} off into {splitNotice.created.name}.
              </span>
              <button type="button" className="small" onClick={() => onOpenEntity(splitNotice.created.id)}>
                Open {splitNotice.created.name}
              </button>
              <button type="button" className="small" onClick={() => void undoSplit(splitNotice.created.id)}>
                Undo split
              </button>
            </p>
          )}
          <EntityDuplicates entity={entity} version={version} onMerged={onMerged} report={report} />
        </header>
        <RelationsSection
          entity={entity}
          relations={page.relations}
          choices={choices}
          onOpenEntity={onOpenEntity}
          onOpenEvidence={openAt}
          onChanged={onChanged}
        />
        <section className="entity-section passages-section" aria-label="Passages">
          <div className="entity-section-head">
            <h2>Passages {page.passageCount > 0 && <span className="muted">{page.passageCount}</span>}</h2>
            {page.passageCount > 0 && chosen === null && (
              <button type="button" className="small" onClick={() => setChosen(new Set())}>
                Split off passages…
              </button>
            )}
          </div>
          {chosen !== null && (
            <div className="split-bar" role="group" aria-label="Split off passages">
              <span>
                Tick the passages that are about someone or something else (two people taken for one), then
                split them off into a new entity. <strong>{plural(chosen.size, 'passage')} chosen.</strong>
              </span>
              <span className="split-bar-actions">
                <button type="button" className="small" onClick={() => setChosen(null)}>
                  Cancel
                </button>
                <button
                  type="button"
                  className="small primary"
                  disabled={chosen.size === 0}
                  onClick={() => setSplitting(true)}
                >
                  Split off into a new entity…
                </button>
              </span>
            </div>
          )}
          {page.articles.length === 0 ? (
            <p className="muted section-empty">
              No passages are linked to {entity.name} yet. Select a passage in an article and choose “Link to
              entity…”.
            </p>
          ) : (
            page.articles.map((group) => (
              <section key={group.articleId} className="passage-group" aria-label={group.title}>
                <h3>{group.title || 'Untitled'}</h3>
                <GroupSource group={group} />
                <ul className="passages">
                  {group.passages.map((p) => (
                    <li key={p.highlightId} className={chosen ? 'choosable' : undefined}>
                      {chosen && (
                        <input
                          type="checkbox"
                          className="passage-choice"
                          aria-label={`Choose “${shortQuote(p.exact)}”`}
                          checked={chosen.has(p.highlightId)}
                          onChange={(e) => toggle(p.highlightId, e.target.checked)}
                        />
                      )}
                      <button
                        type="button"
                        className={`passage type-${entity.type}`}
                        onClick={() => onOpenPassage(group.articleId, p)}
                        title="Open in the reader"
                      >
                        <span className="passage-text">
                          <ColorSwatch color={p.color} />
                          {p.status !== 'anchored' && (
                            <span className={`status-badge status-${p.status}`}>
                              {STATUS_LABELS[p.status]}
                            </span>
                          )}
                          {p.exact}
                        </span>
                        <PageCitation pages={p.pages} />
                        {/* Inside the button, so the note's blocks are rendered as spans. */}
                        {p.note && <NoteMarkdown text={p.note} inline />}
                        <TagList tags={p.tags} />
                      </button>
                    </li>
                  ))}
                </ul>
              </section>
            ))
          )}
        </section>
        <TimelineSection
          entity={entity}
          entries={page.timeline}
          onOpenPassage={openAt}
          onOpenEntity={onOpenEntity}
        />
        <div ref={mentionsRef} className="entity-mentions-anchor">
          <EntityMentions
            entity={entity}
            version={version}
            onChanged={onChanged}
            onCount={countMentions}
            report={report}
          />
        </div>
      </article>
      {editing && (
        <EntityForm
          initialName={entity.name}
          initial={{ entity, parent: page.parent }}
          linking={false}
          onSubmit={save}
          onCancel={() => setEditing(false)}
        />
      )}
      {splitting && chosen && (
        <EntityForm
          initialName=""
          initialType={entity.type}
          initialCustomType={entity.customType}
          linking={false}
          heading={`Split ${plural(chosen.size, 'passage')} off into a new entity`}
          submitLabel="Split off"
          onSubmit={split}
          onCancel={() => setSplitting(false)}
        />
      )}
    </main>
  )
}
