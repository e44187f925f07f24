import { useEffect, useState, type ReactNode } from 'react'
import type {
  Entity,
  EntityArticleGroup,
  EntityMerge,
  EntityPage,
  EntityPassage,
  EntitySummary,
} from '../../../shared/model'
import { call } from '../lib/api'
import { downloadFile } from '../lib/download'
import { formatDate, plural } from '../lib/format'
import { STATUS_LABELS } from '../lib/highlight-colors'
import { ColorSwatch } from './ColorPicker'
import { ActionMenu } from './ActionMenu'
import { TypeBadge } from './EntityChip'
import { EntityDuplicates } from './EntityDuplicates'
import { EntityMentions } from './EntityMentions'
import { EntityPicker } from './EntityPicker'
import { NoteMarkdown } from './NoteMarkdown'
import { TagList } from './TagChip'

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

/** Everything the archive says about one entity: its details, then every linked passage by article. */
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
  onOpenPassage: (articleId: string, passage: EntityPassage) => void
  onClose: () => void
  /** The merge just made into this entity, if any: shown with its undo. */
  mergeNotice: MergeNotice | null
  onMerged: (notice: MergeNotice) => void
  onUndoMerge: (notice: MergeNotice) => void
  /** Highlights were made from the page (accepted mentions): refresh what shows them. */
  onChanged: () => void
  onOpenEntity: (entityId: string) => void
  report: (error: unknown) => void
}) {
  const [page, setPage] = useState<EntityPage | null>(null)

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

  if (!page || page.entity.id !== entityId) {
    return (
      <main className="reader" aria-label="Entity">
        <p className="loading">Loading the entity…</p>
      </main>
    )
  }
  const { entity } = page
  return (
    <main className="reader entity-page" aria-label="Entity">
      <article className="article">
        <header className={`article-header entity-header type-${entity.type}`}>
          <button type="button" className="small subtle back" onClick={onClose}>
            ← Close
          </button>
          <h1 className="article-heading">{entity.name}</h1>
          <p className="article-byline">
            <TypeBadge type={entity.type} /> {plural(page.passageCount, 'passage')} in{' '}
            {plural(page.articles.length, 'article')}
          </p>
          {entity.aliases.length > 0 && (
            <p>
              <span className="muted">Also known as </span>
              {entity.aliases.join(', ')}
            </p>
          )}
          {entity.description && <p className="entity-description">{entity.description}</p>}
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
          <EntityDuplicates entity={entity} version={version} onMerged={onMerged} report={report} />
        </header>
        {page.articles.length === 0 ? (
          <p className="muted">
            No passages are linked to {entity.name} yet. Select a passage in an article and choose “Link to
            entity…”.
          </p>
        ) : (
          page.articles.map((group) => (
            <section key={group.articleId} className="passage-group" aria-label={group.title}>
              <h2>{group.title || 'Untitled'}</h2>
              <GroupSource group={group} />
              <ul className="passages">
                {group.passages.map((p) => (
                  <li key={p.highlightId}>
                    <button
                      type="button"
                      className={`passage type-${entity.type}`}
                      onClick={() => onOpenPassage(group.articleId, p)}
                      title="Open in the reader"
                    >
                      <span className="passage-text">
                        <ColorSwatch color={p.color} />
                        {p.status !== 'anchored' && (
                          <span className={`status-badge status-${p.status}`}>{STATUS_LABELS[p.status]}</span>
                        )}
                        {p.exact}
                      </span>
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
        <EntityMentions entity={entity} version={version} onChanged={onChanged} report={report} />
      </article>
    </main>
  )
}
