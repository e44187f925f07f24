import { useState, type ReactNode } from 'react'
import type { SearchFilters } from '../../../shared/contract'
import type { EntityMatch, HighlightMatch } from '../../../shared/model'
import { formatDate, markRuns, plural } from '../lib/format'
import { useRelatedSearch } from '../lib/use-related-search'
import { TypeBadge } from './EntityChip'
import { TagList } from './TagChip'

type Section = 'entities' | 'highlights'

/** Items of each kind shown above the article results; the rest are a click away. */
const PREVIEW_COUNT = 3
/** Items loaded at a time in a section shown in full. */
const PAGE_SIZE = 50

const SECTION_TITLES: Record<Section, string> = { entities: 'Entities', highlights: 'Highlights & notes' }

const MATCHED_IN_LABELS: Record<HighlightMatch['matchedIn'], string> = {
  quote: 'Highlight',
  note: 'Note',
  both: 'Highlight & note',
  tag: 'Tagged',
}

function Marked({ text, marks }: { text: string; marks: ReadonlyArray<readonly [number, number]> }) {
  return (
    <>
      {markRuns(text, marks).map((run, i) =>
        run.marked ? <mark key={i}>{run.text}</mark> : <span key={i}>{run.text}</span>,
      )}
    </>
  )
}

function EntityRow({ entity, onOpen }: { entity: EntityMatch; onOpen: (id: string) => void }) {
  return (
    <button
      type="button"
      className={`related-item related-entity type-${entity.type}`}
      onClick={() => onOpen(entity.id)}
    >
      <span className="related-line">
        <span className="kind-label">Entity</span>
        <TypeBadge type={entity.type} />
        <span className="related-count">{plural(entity.passageCount, 'passage')}</span>
      </span>
      <span className="entity-name">
        {entity.matchedAlias === null ? <Marked text={entity.name} marks={entity.marks} /> : entity.name}
      </span>
      {entity.matchedAlias !== null && (
        <span className="entity-aliases">
          also known as <Marked text={entity.matchedAlias} marks={entity.marks} />
        </span>
      )}
    </button>
  )
}

function HighlightRow({
  highlight,
  onOpen,
}: {
  highlight: HighlightMatch
  onOpen: (highlight: HighlightMatch) => void
}) {
  const source = [highlight.articleTitle || 'Untitled', highlight.siteName, formatDate(highlight.publishedAt)]
  return (
    <button type="button" className="related-item related-highlight" onClick={() => onOpen(highlight)}>
      <span className="related-line">
        <span className={`kind-label matched-${highlight.matchedIn}`}>
          {MATCHED_IN_LABELS[highlight.matchedIn]}
        </span>
      </span>
      <span className="related-quote">
        <Marked text={highlight.quote.snippet} marks={highlight.quote.marks} />
      </span>
      {highlight.note && (
        <span className="related-note">
          <span className="note-label">Note: </span>
          <Marked text={highlight.note.snippet} marks={highlight.note.marks} />
        </span>
      )}
      <TagList tags={highlight.tags} />
      <span className="article-meta related-source">{source.filter(Boolean).join(' · ')}</span>
    </button>
  )
}

interface Openers {
  openEntityId: string | null
  openHighlightId: string | null
  onOpenEntity: (entityId: string) => void
  onOpenHighlight: (highlight: HighlightMatch) => void
}

function SectionItems({
  section,
  entities,
  highlights,
  openers,
}: {
  section: Section
  entities: EntityMatch[]
  highlights: HighlightMatch[]
  openers: Openers
}) {
  return (
    <ul className="related-items">
      {section === 'entities'
        ? entities.map((entity) => (
            <li key={entity.id} className={entity.id === openers.openEntityId ? 'current' : undefined}>
              <EntityRow entity={entity} onOpen={openers.onOpenEntity} />
            </li>
          ))
        : highlights.map((highlight) => (
            <li
              key={highlight.id}
              className={highlight.id === openers.openHighlightId ? 'current' : undefined}
            >
              <HighlightRow highlight={highlight} onOpen={openers.onOpenHighlight} />
            </li>
          ))}
    </ul>
  )
}

/** One section in full, in place of the article results, loading more as asked. */
function FullSection({
  section,
  query,
  filters,
  version,
  openers,
  onBack,
  report,
}: {
  section: Section
  query: string
  filters: SearchFilters
  version: number
  openers: Openers
  onBack: () => void
  report: (error: unknown) => void
}) {
  const { results, stale, more } = useRelatedSearch(query, filters, version, PAGE_SIZE, report)
  const found = results?.[section]
  const shown = found?.items.length ?? 0
  return (
    <section className="related-full" aria-label={SECTION_TITLES[section]} aria-busy={stale || !results}>
      <div className="related-heading">
        <button type="button" className="small subtle" onClick={onBack}>
          ← All results
        </button>
        <h2>{SECTION_TITLES[section]}</h2>
        {found && <span className="related-total">{found.total}</span>}
      </div>
      {!results ? (
        <p className="loading">Searching…</p>
      ) : (
        <div className="related-scroller">
          <SectionItems
            section={section}
            entities={results.entities.items}
            highlights={results.highlights.items}
            openers={openers}
          />
          {found && shown < found.total && (
            <button type="button" className="link-button show-more" onClick={more} disabled={stale}>
              Show more ({shown} of {found.total})
            </button>
          )}
        </div>
      )}
    </section>
  )
}

/**
 * What a query finds besides articles, above the article results: entities by name or alias, highlights
 * by quote or note, each section labelled and counted, hidden when empty. "Show all" puts one section in
 * place of the article results (`children`) until "All results" or a new query.
 */
export function RelatedResults({
  query,
  filters,
  version,
  report,
  children,
  ...openers
}: Openers & {
  query: string
  filters: SearchFilters
  /** Bumped when highlights or entities may have changed: the search runs again. */
  version: number
  report: (error: unknown) => void
  children: ReactNode
}) {
  const [expanded, setExpanded] = useState<{ query: string; section: Section } | null>(null)
  const { results, stale } = useRelatedSearch(query, filters, version, PREVIEW_COUNT, report)
  const full = expanded?.query === query ? expanded.section : null

  if (query && full) {
    return (
      <FullSection
        section={full}
        query={query}
        filters={filters}
        version={version}
        openers={openers}
        onBack={() => setExpanded(null)}
        report={report}
      />
    )
  }
  const sections = (['entities', 'highlights'] as const).filter(
    (section) => (results?.[section].total ?? 0) > 0,
  )
  return (
    <>
      {results && sections.length > 0 && (
        <div className="related" aria-busy={stale}>
          {sections.map((section) => {
            const { total } = results[section]
            return (
              <section key={section} className="related-section" aria-label={SECTION_TITLES[section]}>
                <div className="related-heading">
                  <h2>{SECTION_TITLES[section]}</h2>
                  <span className="related-total">{total}</span>
                  {total > PREVIEW_COUNT && (
                    <button
                      type="button"
                      className="link-button show-all"
                      onClick={() => setExpanded({ query, section })}
                      aria-label={`Show all ${total} ${SECTION_TITLES[section].toLowerCase()}`}
                    >
                      Show all {total}
                    </button>
                  )}
                </div>
                <SectionItems
                  section={section}
                  entities={results.entities.items}
                  highlights={results.highlights.items}
                  openers={openers}
                />
              </section>
            )
          })}
        </div>
      )}
      {children}
    </>
  )
}
