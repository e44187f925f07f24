import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type {
  Entity,
  EntityPassage,
  Highlight,
  HighlightListItem,
  ImportResult,
  ReanchorSummary,
  SearchHit,
} from '../../../shared/model'
import { call } from '../lib/api'
import { isEditableTarget } from '../lib/keyboard'
import { activeFilterCount, NO_FILTERS, toSearchFilters, type FilterDraft } from '../lib/search-filters'
import { useArticle } from '../lib/use-article'
import { useDebounced } from '../lib/use-debounced'
import { useEntityGraph } from '../lib/entity-graph-state'
import { useFileDrop } from '../lib/use-file-drop'
import { useImport } from '../lib/use-import'
import { useOrphanCount } from '../lib/use-review-queue'
import { useOlderVersion, useVersions } from '../lib/use-versions'
import { EditTextDialog } from './EditTextDialog'
import { EntityForm, type EntityDraft } from './EntityForm'
import { EntityGraphPanel, EntityGraphView } from './EntityGraph'
import { EntityList } from './EntityList'
import { EntityPageView, type MergeNotice } from './EntityPageView'
import { ErrorArea, type ShownError } from './ErrorArea'
import type { HighlightCardActions } from './HighlightCard'
import { HighlightPanel } from './HighlightPanel'
import { HighlightsList } from './HighlightsList'
import { ImportControls } from './ImportControls'
import { ImportReport } from './ImportReport'
import { LibraryList } from './LibraryList'
import { ReattachBanner } from './ReattachBanner'
import { Reader, type ReaderActions, type ReaderFocus, type ReaderMode } from './Reader'
import { RelatedResults } from './RelatedResults'
import { ReviewQueue, type ReviewFilter } from './ReviewQueue'
import { SearchFiltersPanel } from './SearchFiltersPanel'
import { SearchResultsList } from './SearchResultsList'
import { ShortcutsFooter } from './ShortcutsFooter'
import { BackupsDialog } from './BackupsDialog'
import { LockControls } from './LockControls'
import { PassphraseDialog } from './PassphraseDialog'
import type { LockControl } from './LockGate'
import {
  OlderVersionBanner,
  OrphanNotice,
  VersionBar,
  VersionNotice,
  type VersionBarActions,
  type VersionNoticeInfo,
} from './VersionBar'
import { VersionDiffView } from './VersionDiffView'

type LeftTab = 'library' | 'entities' | 'graph' | 'highlights' | 'review'
type Middle = { kind: 'reader' } | { kind: 'entity'; entityId: string }

/** A selected passage not yet saved: it becomes a highlight only when the new-entity form is submitted. */
interface Passage {
  articleId: string
  versionId: string
  start: number
  end: number
}

interface EntityFormRequest {
  name: string
  /** The existing highlight to link the new entity to, when the form was opened from the right panel. */
  highlightId?: string
  /** The selection to highlight and link in one step, when the form was opened from the reader. */
  passage?: Passage
}

/** A counter for request ids; React state would re-render for nothing. */
let sequence = 0
const next = (): number => ++sequence

/** The whole window: library and search on the left, the reader in the middle, highlights on the right. */
/** `lock`: given by LockGate (main.tsx); its controls show for an encrypted archive only. */
export function App({ lock }: { lock?: LockControl } = {}) {
  const [errors, setErrors] = useState<ShownError[]>([])
  const [backupsOpen, setBackupsOpen] = useState(false)
  const [passphraseOpen, setPassphraseOpen] = useState(false)
  const report = useCallback((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error)
    // Keep the last few: a burst of identical failures must not bury the window.
    setErrors((shown) => [...shown.filter((e) => e.message !== message).slice(-3), { id: next(), message }])
  }, [])

  const [tab, setTab] = useState<LeftTab>('library')
  const [searchText, setSearchText] = useState('')
  const query = useDebounced(searchText.trim(), 200)
  const searchInput = useRef<HTMLInputElement>(null)
  const [filterDraft, setFilterDraft] = useState<FilterDraft>(NO_FILTERS)
  const typedFilters = useMemo(() => toSearchFilters(filterDraft), [filterDraft])
  const filters = useDebounced(typedFilters, 200)
  /** The search an article was opened from: the reader paints and steps through its matches. */
  const [matchQuery, setMatchQuery] = useState<{ articleId: string; query: string; nonce: number } | null>(
    null,
  )

  const [middle, setMiddle] = useState<Middle>({ kind: 'reader' })
  const [articleId, setArticleId] = useState<string | null>(null)
  const [focus, setFocus] = useState<ReaderFocus | null>(null)
  const [selectedHighlightId, setSelectedHighlightId] = useState<string | null>(null)
  const [linkingHighlightId, setLinkingHighlightId] = useState<string | null>(null)
  const [entityForm, setEntityForm] = useState<EntityFormRequest | null>(null)

  // Bumped whenever lists derived from the archive may be stale (counts, new rows).
  const [libraryVersion, setLibraryVersion] = useState(0)
  const [entityVersion, setEntityVersion] = useState(0)
  const refreshLibrary = useCallback(() => setLibraryVersion((v) => v + 1), [])
  const refreshEntities = useCallback(() => setEntityVersion((v) => v + 1), [])
  /** The last merge, shown with its undo on the kept entity's page until undone or another is made. */
  const [mergeNotice, setMergeNotice] = useState<MergeNotice | null>(null)

  // Bumped on every request to open an article, so reopening one that failed to load tries again.
  const [openRequest, setOpenRequest] = useState(0)
  const {
    article,
    loading,
    upsertHighlight: upsertCurrent,
    removeHighlight: removeCurrent,
    reload,
  } = useArticle(articleId, openRequest, report)

  // Versions (issue 4): an older version shown read-only, a comparison, a correction being typed, the
  // notice of what a new version did to the highlights, and the orphan being re-attached.
  const [shownVersionId, setShownVersionId] = useState<string | null>(null)
  const {
    older,
    loading: olderLoading,
    patchHighlight: patchOlder,
    removeHighlight: removeOlder,
  } = useOlderVersion(articleId, shownVersionId, report)
  const versions = useVersions(article?.id ?? null, article?.currentVersionId ?? null, report)
  const [comparing, setComparing] = useState<{ articleId: string; fromId: string; toId: string } | null>(null)
  const [editing, setEditing] = useState(false)
  const [notice, setNotice] = useState<VersionNoticeInfo | null>(null)
  const [reattaching, setReattaching] = useState<HighlightListItem | null>(null)
  const [reviewFilter, setReviewFilter] = useState<ReviewFilter | null>(null)
  const [reviewVersion, setReviewVersion] = useState(0)
  const refreshReview = useCallback(() => setReviewVersion((v) => v + 1), [])
  // Orphans come and go with imports, edits, deletions: whatever refreshes the library refreshes the count.
  const orphanCount = useOrphanCount(libraryVersion + reviewVersion, report)
  // Asked of the engine only while its tab is open; links, merges and imports change it.
  const entityGraph = useEntityGraph(tab === 'graph', libraryVersion + entityVersion, report)

  const upsertHighlight = useCallback(
    (highlight: Highlight) => {
      upsertCurrent(highlight)
      patchOlder(highlight)
    },
    [upsertCurrent, patchOlder],
  )
  const removeHighlight = useCallback(
    (id: string) => {
      removeCurrent(id)
      removeOlder(id)
    },
    [removeCurrent, removeOlder],
  )

  /** The open article's id for the import's callback, which outlives the render that queued the batch. */
  const openIdRef = useRef<string | null>(null)
  useEffect(() => {
    openIdRef.current = articleId
  }, [articleId])
  const imported = useCallback(
    (results: ImportResult[]) => {
      refreshLibrary()
      refreshReview()
      // A file that became a new version of the open article: show that version and what it did.
      const updated = results.find((r) => r.status === 'updated' && r.articleId === openIdRef.current)
      if (!updated) return
      reload()
        .then((detail) => {
          if (!detail || detail.id !== updated.articleId) return
          setShownVersionId(null)
          setComparing(null)
          setNotice({
            articleId: detail.id,
            how: 'import',
            versionNumber: detail.versionNumber,
            anchored: updated.reanchor?.anchored ?? 0,
            orphaned: updated.reanchor?.orphaned ?? 0,
          })
        })
        .catch(report)
    },
    [refreshLibrary, refreshReview, reload, report],
  )
  const importer = useImport(imported)
  const dragging = useFileDrop(importer.start, report)

  const openArticle = useCallback((id: string, at: { highlightId?: string; offset?: number } = {}) => {
    setArticleId(id)
    setOpenRequest(next())
    setMiddle({ kind: 'reader' })
    setSelectedHighlightId(at.highlightId ?? null)
    setLinkingHighlightId(null)
    setFocus({ articleId: id, ...at, nonce: next() })
    setShownVersionId(null)
    setComparing(null)
    setReattaching(null)
    // Opened from anywhere but a search hit: no matches to step through (openHit sets them after this).
    setMatchQuery(null)
  }, [])

  const openEntity = useCallback((entityId: string) => setMiddle({ kind: 'entity', entityId }), [])

  const openHit = useCallback(
    (hit: SearchHit) => {
      openArticle(hit.articleId, hit.firstMatch === null ? {} : { offset: hit.firstMatch })
      // A browse by filters alone has no words to find in the text.
      if (query) setMatchQuery({ articleId: hit.articleId, query, nonce: next() })
    },
    [openArticle, query],
  )
  const closeMatches = useCallback(() => setMatchQuery(null), [])

  const openPassage = useCallback(
    // A relation's evidence may be another entity's passage, whose offset the page does not know.
    (id: string, passage: Pick<EntityPassage, 'highlightId'> & { start?: number }) =>
      openArticle(id, { highlightId: passage.highlightId, offset: passage.start }),
    [openArticle],
  )

  const passageOf = useCallback(
    (start: number, end: number): Passage => {
      if (!article) throw new Error('Open an article first.')
      return { articleId: article.id, versionId: article.versionId, start, end }
    },
    [article],
  )

  /** One call: the highlight and its links are stored together or not at all. */
  const createHighlight = useCallback(
    async (passage: Passage, entityIds: string[] = []) => {
      const highlight = await call('highlights.create', { ...passage, entityIds })
      upsertHighlight(highlight)
      setSelectedHighlightId(highlight.id)
      refreshLibrary()
      if (entityIds.length > 0) refreshEntities()
      return highlight
    },
    [upsertHighlight, refreshLibrary, refreshEntities],
  )

  const deleteArticle = useCallback(
    async (id: string) => {
      await call('articles.delete', { id })
      setArticleId((open) => (open === id ? null : open))
      setSelectedHighlightId(null)
      setLinkingHighlightId(null)
      setEntityForm((form) => (form?.passage?.articleId === id ? null : form))
      refreshLibrary()
      refreshEntities()
    },
    [refreshLibrary, refreshEntities],
  )

  const readerActions = useMemo<ReaderActions>(
    () => ({
      highlight: async (start, end) => {
        await createHighlight(passageOf(start, end))
      },
      linkNew: async (start, end, name) => {
        // Nothing is stored yet: cancelling the form leaves the archive as it was.
        setEntityForm({ name: name.replace(/\s+/g, ' ').trim(), passage: passageOf(start, end) })
      },
      linkExisting: async (start, end, entity) => {
        await createHighlight(passageOf(start, end), [entity.id])
      },
      clickHighlight: (ids) => {
        // On an older version the highlights are where they stood then (useOlderVersion).
        const covering = ((shownVersionId ? older : article)?.highlights ?? [])
          .filter((h) => ids.includes(h.id))
          .sort((a, b) => a.position.end - a.position.start - (b.position.end - b.position.start))
        // Clicking overlapping highlights again steps from the innermost outwards.
        const at = covering.findIndex((h) => h.id === selectedHighlightId)
        const chosen = covering[at === -1 ? 0 : (at + 1) % covering.length]
        if (chosen) setSelectedHighlightId(chosen.id)
      },
      linkSelectedHighlight: () => {
        if (selectedHighlightId) setLinkingHighlightId(selectedHighlightId)
      },
      deleteArticle,
      report,
      openArticle: (id) => openArticle(id),
      reload: () => {
        void reload().catch(report)
        refreshLibrary()
      },
    }),
    [
      article,
      older,
      shownVersionId,
      passageOf,
      createHighlight,
      deleteArticle,
      selectedHighlightId,
      report,
      openArticle,
      reload,
      refreshLibrary,
    ],
  )

  /** Runs a mutation from the right panel, showing its error rather than throwing it away. */
  const attempt = useCallback(
    async (task: () => Promise<void>) => {
      try {
        await task()
      } catch (error) {
        report(error)
      }
    },
    [report],
  )

  const cardActions = useMemo<HighlightCardActions>(
    () => ({
      select: (id) => {
        setSelectedHighlightId(id)
        if (article) setFocus({ articleId: article.id, highlightId: id, nonce: next() })
      },
      saveColor: (id, color) =>
        attempt(async () => {
          upsertHighlight(await call('highlights.update', { id, color }))
          // Entity pages and the list of all highlights show the colour.
          refreshEntities()
        }),
      saveNote: (id, note) =>
        attempt(async () => {
          upsertHighlight(await call('highlights.update', { id, note }))
          // Entity pages and the search's highlights show notes.
          refreshEntities()
        }),
      saveTags: async (id, tags) => {
        try {
          const highlight = await call('highlights.update', { id, tags })
          upsertHighlight(highlight)
          // tag: searches, the tag filter's list, entity pages and the search's highlights show tags.
          refreshLibrary()
          refreshEntities()
          return highlight.tags
        } catch (error) {
          report(error)
          return null
        }
      },
      remove: (id) =>
        attempt(async () => {
          await call('highlights.delete', { id })
          removeHighlight(id)
          refreshLibrary()
          refreshEntities()
        }),
      unlink: (id, entityId) =>
        attempt(async () => {
          upsertHighlight(await call('links.delete', { highlightId: id, entityId }))
          refreshEntities()
        }),
      startLinking: (id) => {
        setSelectedHighlightId(id)
        setLinkingHighlightId(id)
      },
      stopLinking: () => setLinkingHighlightId(null),
      link: (id, entity) =>
        attempt(async () => {
          upsertHighlight(await call('links.create', { highlightId: id, entityId: entity.id }))
          setLinkingHighlightId(null)
          refreshEntities()
        }),
      createAndLink: (id, name) => {
        setLinkingHighlightId(null)
        setEntityForm({ name, highlightId: id })
      },
      openEntity,
      report,
    }),
    [article, attempt, upsertHighlight, removeHighlight, refreshLibrary, refreshEntities, openEntity, report],
  )

  const submitEntity = useCallback(
    async (draft: EntityDraft) => {
      const request = entityForm
      let entity: Entity
      try {
        entity = await call('entities.create', draft)
      } catch (error) {
        // Nothing was stored: the form stays open so the user can correct it.
        report(error)
        return
      }
      // The entity exists from here on: close the form whatever happens, so a retry cannot create it twice.
      setEntityForm(null)
      refreshEntities()
      try {
        if (request?.passage) await createHighlight(request.passage, [entity.id])
        else if (request?.highlightId) {
          upsertHighlight(
            await call('links.create', { highlightId: request.highlightId, entityId: entity.id }),
          )
        }
      } catch (error) {
        report(error)
      }
    },
    [entityForm, createHighlight, upsertHighlight, refreshEntities, report],
  )

  /** The review queue, narrowed to one article; search and filters are cleared so the tab is in view. */
  const reviewArticle = useCallback((id: string, title: string) => {
    setReviewFilter({ articleId: id, title })
    setTab('review')
    setSearchText('')
    setFilterDraft(NO_FILTERS)
  }, [])

  const startReattach = useCallback(
    (item: HighlightListItem) => {
      openArticle(item.articleId)
      setReattaching(item)
    },
    [openArticle],
  )

  const reattachHere =
    reattaching && reattaching.articleId === articleId && !shownVersionId ? reattaching : null
  const readerMode = useMemo<ReaderMode>(() => {
    if (shownVersionId) return { kind: 'read-only' }
    if (!reattachHere || !article) return { kind: 'annotate' }
    return {
      kind: 'attach',
      attach: async (start, end) => {
        const highlight = await call('highlights.reattach', {
          id: reattachHere.id,
          versionId: article.versionId,
          start,
          end,
        })
        upsertHighlight(highlight)
        setReattaching(null)
        setSelectedHighlightId(highlight.id)
        setFocus({ articleId: article.id, highlightId: highlight.id, nonce: next() })
        refreshLibrary()
        refreshEntities()
        // The article's count of orphans has changed with it.
        await reload()
      },
    }
  }, [shownVersionId, reattachHere, article, upsertHighlight, refreshLibrary, refreshEntities, reload])

  const saveEdit = useCallback(
    async (summary: ReanchorSummary) => {
      let versionNumber = (article?.versionCount ?? 0) + 1
      try {
        versionNumber = (await reload())?.versionNumber ?? versionNumber
      } catch (error) {
        report(error)
      }
      setEditing(false)
      refreshLibrary()
      refreshEntities()
      if (article) {
        setNotice({
          articleId: article.id,
          how: 'edit',
          versionNumber,
          anchored: summary.anchored,
          orphaned: summary.orphaned,
        })
      }
    },
    [article, reload, refreshLibrary, refreshEntities, report],
  )

  const shownArticle = shownVersionId ? older : article && article.id === articleId ? article : null
  const versionActions = useMemo<VersionBarActions>(
    () => ({
      openVersion: (versionId) => {
        setShownVersionId(versionId)
        setSelectedHighlightId(null)
      },
      compare: () => {
        if (!shownArticle || !versions) return
        // Previous → shown by default; the first version is compared with the one after it.
        const at = versions.findIndex((v) => v.id === shownArticle.versionId)
        const from = versions[at > 0 ? at - 1 : 0]
        const to = versions[at > 0 ? at : 1]
        if (from && to) setComparing({ articleId: shownArticle.id, fromId: from.id, toId: to.id })
      },
      editText: () => setEditing(true),
      importVersion: (files) => {
        if (article) importer.start(files, { versionOf: article.id })
      },
    }),
    [shownArticle, versions, article, importer],
  )

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      const searchKey = (event.key === 'k' || event.key === 'K') && (event.ctrlKey || event.metaKey)
      if (searchKey || (event.key === '/' && !isEditableTarget(event.target) && !entityForm)) {
        event.preventDefault()
        searchInput.current?.focus()
        searchInput.current?.select()
      } else if (event.key === 'Escape') {
        if (entityForm) setEntityForm(null)
        else if (linkingHighlightId) setLinkingHighlightId(null)
        else if (event.target === searchInput.current) searchInput.current?.blur()
        // With words selected, Escape first drops the selection (the reader does that); then re-attach mode.
        else if (reattaching && window.getSelection()?.isCollapsed !== false) setReattaching(null)
      }
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [entityForm, linkingHighlightId, reattaching])

  const changeSearch = (value: string): void => {
    setSearchText(value)
    if (!value.trim()) setTab('library')
  }

  const activeFilters = activeFilterCount(typedFilters)
  // Both the typed and the settled values must agree, so the list neither lingers nor flashes an empty query.
  const filtering = activeFilters > 0 && activeFilterCount(filters) > 0
  const searching = (query.length > 0 && searchText.trim().length > 0) || filtering
  // The Graph tab shows the network where the reader was; an entity opened from it covers it until closed.
  const graphShown = tab === 'graph' && !searching && middle.kind === 'reader'
  const readerShown = middle.kind === 'reader' && !graphShown

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">Casebook</span>
        <ImportControls onFiles={importer.start} busy={importer.state.running} />
        <button type="button" className="topbar-backups" onClick={() => setBackupsOpen(true)}>
          Backups
        </button>
        {backupsOpen && <BackupsDialog onClose={() => setBackupsOpen(false)} report={report} />}
        {lock && (
          <button type="button" onClick={() => setPassphraseOpen(true)}>
            {lock.state.encrypted ? 'Passphrase…' : 'Encrypt…'}
          </button>
        )}
        {lock && passphraseOpen && <PassphraseDialog lock={lock} onClose={() => setPassphraseOpen(false)} />}
        {lock?.state.encrypted && <LockControls lock={lock} report={report} />}
      </header>

      <nav className="left-pane" aria-label="Archive">
        <div className="search-box">
          <input
            ref={searchInput}
            type="search"
            aria-label="Search"
            placeholder="Search the archive   /"
            title="Search (/ or Ctrl+K)"
            value={searchText}
            onChange={(e) => changeSearch(e.target.value)}
          />
          <SearchFiltersPanel
            draft={filterDraft}
            onChange={setFilterDraft}
            activeCount={activeFilters}
            version={libraryVersion}
            report={report}
          />
        </div>
        <ImportReport
          state={importer.state}
          onDismiss={importer.dismiss}
          onCancel={importer.cancel}
          onResume={importer.resume}
          onOpen={(id) => openArticle(id)}
          onReview={(id) =>
            reviewArticle(id, importer.state.results.find((r) => r.articleId === id)?.title ?? '')
          }
        />
        {searching ? (
          <RelatedResults
            query={searching && searchText.trim() ? query : ''}
            filters={filters}
            version={libraryVersion + entityVersion}
            openEntityId={middle.kind === 'entity' ? middle.entityId : null}
            openHighlightId={readerShown ? selectedHighlightId : null}
            onOpenEntity={openEntity}
            onOpenHighlight={(h) => openArticle(h.articleId, { highlightId: h.id, offset: h.start })}
            report={report}
          >
            <SearchResultsList
              query={searching && searchText.trim() ? query : ''}
              filters={filters}
              version={libraryVersion}
              onOpen={openHit}
              report={report}
            />
          </RelatedResults>
        ) : (
          <>
            <div className="tabs" role="tablist" aria-label="Views">
              <button
                type="button"
                role="tab"
                aria-selected={tab === 'library'}
                onClick={() => setTab('library')}
              >
                Library
              </button>
              <button
                type="button"
                role="tab"
                aria-selected={tab === 'entities'}
                onClick={() => setTab('entities')}
              >
                Entities
              </button>
              <button
                type="button"
                role="tab"
                aria-selected={tab === 'graph'}
                onClick={() => setTab('graph')}
                title="Entities as a network: who appears with whom, and their relations"
              >
                Graph
              </button>
              <button
                type="button"
                role="tab"
                aria-selected={tab === 'highlights'}
                onClick={() => setTab('highlights')}
              >
                Highlights
              </button>
              <button
                type="button"
                role="tab"
                aria-selected={tab === 'review'}
                onClick={() => setTab('review')}
                title="Highlights that lost their words in a new version of their article"
              >
                Review
                {orphanCount !== null && orphanCount > 0 && (
                  <span className="tab-badge" aria-label={`${orphanCount} to review`}>
                    {orphanCount}
                  </span>
                )}
              </button>
            </div>
            {tab === 'review' ? (
              <section className="tab-panel" role="tabpanel" aria-label="Review">
                <ReviewQueue
                  version={libraryVersion + reviewVersion}
                  filter={reviewFilter}
                  onClearFilter={() => setReviewFilter(null)}
                  onReattach={startReattach}
                  onDismissed={(item) => {
                    refreshReview()
                    if (item.articleId === articleId) void reload().catch(report)
                  }}
                  report={report}
                />
              </section>
            ) : tab === 'highlights' ? (
              <section className="tab-panel" role="tabpanel" aria-label="Highlights">
                <HighlightsList
                  version={libraryVersion + entityVersion + reviewVersion}
                  openArticle={readerShown && article ? { id: article.id, title: article.title } : null}
                  currentHighlightId={readerShown ? selectedHighlightId : null}
                  onOpen={(h) =>
                    // An orphan's position belongs to an older version: open its article at the top.
                    openArticle(
                      h.articleId,
                      h.anchor.status === 'anchored' ? { highlightId: h.id, offset: h.position.start } : {},
                    )
                  }
                  onOpenEntity={openEntity}
                  onImported={() => {
                    refreshLibrary()
                    refreshEntities()
                    refreshReview()
                  }}
                  report={report}
                />
              </section>
            ) : tab === 'graph' ? (
              <section className="tab-panel" role="tabpanel" aria-label="Graph">
                <EntityGraphPanel
                  state={entityGraph}
                  openEntityId={middle.kind === 'entity' ? middle.entityId : null}
                  onOpen={openEntity}
                />
              </section>
            ) : tab === 'library' ? (
              <section className="tab-panel" role="tabpanel" aria-label="Library">
                <LibraryList
                  version={libraryVersion}
                  openArticleId={readerShown ? articleId : null}
                  onOpen={(id) => openArticle(id)}
                  report={report}
                />
              </section>
            ) : (
              <section className="tab-panel" role="tabpanel" aria-label="Entities">
                <EntityList
                  version={entityVersion}
                  openEntityId={middle.kind === 'entity' ? middle.entityId : null}
                  onOpen={openEntity}
                  onNew={() => setEntityForm({ name: '' })}
                  report={report}
                />
              </section>
            )}
          </>
        )}
      </nav>

      {middle.kind === 'entity' ? (
        <EntityPageView
          entityId={middle.entityId}
          version={entityVersion}
          onOpenPassage={openPassage}
          onClose={() => setMiddle({ kind: 'reader' })}
          mergeNotice={mergeNotice}
          onOpenEntity={openEntity}
          onChanged={() => {
            refreshEntities()
            refreshLibrary()
          }}
          onMerged={(notice) => {
            setMergeNotice(notice)
            refreshEntities()
            openEntity(notice.merge.keptId)
          }}
          onUndoMerge={(notice) => {
            call('entities.unmerge', { mergeId: notice.merge.id })
              .then((restored) => {
                setMergeNotice(null)
                refreshEntities()
                openEntity(restored.id)
              })
              .catch(report)
          }}
          report={report}
        />
      ) : graphShown ? (
        <EntityGraphView state={entityGraph} onOpen={openEntity} />
      ) : comparing && comparing.articleId === articleId && versions && shownArticle ? (
        <VersionDiffView
          articleId={comparing.articleId}
          title={shownArticle.title}
          versions={versions}
          fromVersionId={comparing.fromId}
          toVersionId={comparing.toId}
          onChange={(fromId, toId) => setComparing({ articleId: comparing.articleId, fromId, toId })}
          onClose={() => setComparing(null)}
          report={report}
        />
      ) : (
        <Reader
          article={shownArticle}
          loading={loading || olderLoading}
          mode={readerMode}
          top={
            shownArticle && (
              <>
                <VersionBar
                  article={shownArticle}
                  versions={versions}
                  busy={importer.state.running}
                  actions={versionActions}
                />
                {shownVersionId && (
                  <OlderVersionBanner article={shownArticle} onBack={() => setShownVersionId(null)} />
                )}
                {reattachHere && (
                  <ReattachBanner orphan={reattachHere} onCancel={() => setReattaching(null)} />
                )}
                {!shownVersionId && notice && notice.articleId === shownArticle.id && (
                  <VersionNotice
                    notice={notice}
                    onReview={() => reviewArticle(shownArticle.id, shownArticle.title)}
                    onDismiss={() => setNotice(null)}
                  />
                )}
                {!shownVersionId &&
                  !reattachHere &&
                  shownArticle.orphanCount > 0 &&
                  !(notice && notice.articleId === shownArticle.id && notice.orphaned > 0) && (
                    <OrphanNotice
                      count={shownArticle.orphanCount}
                      onReview={() => reviewArticle(shownArticle.id, shownArticle.title)}
                    />
                  )}
              </>
            )
          }
          focus={focus}
          selectedHighlightId={selectedHighlightId}
          linkingPassage={entityForm?.passage ?? null}
          searchMatch={matchQuery && matchQuery.articleId === articleId ? matchQuery : null}
          onCloseMatches={closeMatches}
          shortcutsEnabled={!entityForm && !editing}
          actions={readerActions}
        />
      )}

      <HighlightPanel
        article={readerShown ? shownArticle : null}
        selectedHighlightId={selectedHighlightId}
        linkingHighlightId={linkingHighlightId}
        actions={cardActions}
        onLinksAdded={() => {
          void reload().catch(report)
          refreshEntities()
        }}
        report={report}
      />

      <ShortcutsFooter />
      <ErrorArea errors={errors} onDismiss={(id) => setErrors((shown) => shown.filter((e) => e.id !== id))} />
      {entityForm && (
        <EntityForm
          initialName={entityForm.name}
          linking={!!(entityForm.highlightId || entityForm.passage)}
          onSubmit={submitEntity}
          onCancel={() => setEntityForm(null)}
        />
      )}
      {editing && article && (
        <EditTextDialog article={article} onSaved={saveEdit} onCancel={() => setEditing(false)} />
      )}
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <p>Drop files or folders to import them</p>
        </div>
      )}
    </div>
  )
}
