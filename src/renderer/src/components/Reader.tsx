import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import type { ArticleDetail, EntitySummary } from '../../../shared/model'
import { offsetsToRange, offsetToPoint } from '../lib/dom-offsets'
import { formatDate, plural } from '../lib/format'
import { isEditableTarget } from '../lib/keyboard'
import { readSelection, type ReaderSelection } from '../lib/reader-selection'
import { useHighlightStepper } from '../lib/use-highlight-stepper'
import { useMatchStepper } from '../lib/use-match-stepper'
import { useSearchMatches } from '../lib/use-search-matches'
import { ArticleImportDetails } from './ArticleImportDetails'
import { ArticleBody, type Flash } from './ArticleBody'
import { MatchBar } from './MatchBar'
import { AttachToolbar } from './ReattachBanner'
import { SelectionToolbar, type ToolbarPlace } from './SelectionToolbar'

/** Where to bring the reader when it opens an article: a highlight, or an offset (a search's first match). */
export interface ReaderFocus {
  articleId: string
  highlightId?: string
  offset?: number
  /** Changes on every request, so asking for the same place twice scrolls again. */
  nonce: number
}

export interface ReaderActions {
  highlight: (start: number, end: number) => Promise<void>
  linkNew: (start: number, end: number, name: string) => Promise<void>
  linkExisting: (start: number, end: number, entity: EntitySummary) => Promise<void>
  clickHighlight: (coveringIds: string[]) => void
  /** `l` without a selection: link the highlight selected in the right panel. */
  linkSelectedHighlight: () => void
  /** Deletes the open article (the reader has asked the user first). */
  deleteArticle: (articleId: string) => Promise<void>
  report: (error: unknown) => void
  /** Opens another article (an e-mail's attachment, the e-mail an attachment came with). */
  openArticle: (id: string) => void
  /** Fetches the open article again (its details were edited). */
  reload: () => void
}

/**
 * What a selection in the reader is for: making highlights (the current version), nothing (an older
 * version, read-only), or placing an orphan highlight on the selected words (re-attach mode).
 */
export type ReaderMode =
  | { kind: 'annotate' }
  | { kind: 'read-only' }
  | { kind: 'attach'; attach: (start: number, end: number) => Promise<void> }

const ANNOTATE: ReaderMode = { kind: 'annotate' }

interface Pending {
  /** The article the selection was made in: a pending selection never outlives its article. */
  articleId: string
  start: number
  end: number
  place: ToolbarPlace
  picking: boolean
}

const FLASH_MS = 2000
/** Name of the CSS highlight that marks the selection being linked (styled as ::highlight(...) in styles.css). */
const PENDING_HIGHLIGHT = 'casebook-pending'
/** A selection this short is probably a name, worth pre-filling the type-ahead with. */
const NAME_LIKE_LENGTH = 60

/** True when the text opens with a heading that is the title itself (Markdown's `# Title`, an HTML h1). */
function firstBlockIsTitle(article: ArticleDetail): boolean {
  const first = article.blocks[0]
  if (!first || first.kind !== 'heading' || !article.title) return false
  const squash = (s: string): string => s.replace(/\s+/g, ' ').trim().toLowerCase()
  return squash(article.text.slice(first.start, first.end)) === squash(article.title)
}

function clearDomSelection(): void {
  window.getSelection()?.removeAllRanges()
}

function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState(false)
  const copy = (): void => {
    void navigator.clipboard
      ?.writeText(text)
      .then(() => {
        setCopied(true)
        window.setTimeout(() => setCopied(false), 1500)
      })
      .catch(() => undefined)
  }
  return (
    <button type="button" className="small" onClick={copy} aria-label="Copy source address">
      {copied ? 'Copied' : 'Copy'}
    </button>
  )
}

function ArticleDetails({ article, actions }: { article: ArticleDetail; actions: ReaderActions }) {
  const meta = [article.byline, article.siteName, formatDate(article.publishedAt)].filter(Boolean)
  return (
    <div className="article-details">
      {meta.length > 0 && <p className="article-byline">{meta.join(' · ')}</p>}
      {article.sourceUrl && (
        <p className="article-source">
          <span className="muted">Source: </span>
          <span className="source-url">{article.sourceUrl}</span> <CopyButton text={article.sourceUrl} />
        </p>
      )}
      {!article.sourceUrl && article.importedFrom && (
        <p className="article-source muted">Imported from {article.importedFrom}</p>
      )}
      <ArticleImportDetails article={article} actions={actions} />
    </div>
  )
}

/** "Delete article", asking first: the article goes with its highlights and their links. */
function ArticleActions({ article, onDelete }: { article: ArticleDetail; onDelete: () => void }) {
  const [confirmingId, setConfirmingId] = useState<string | null>(null)
  const count = article.highlights.length
  const linked = article.highlights.some((h) => h.entities.length > 0)
  if (confirmingId !== article.id) {
    return (
      <div className="article-actions">
        <button
          type="button"
          className="small subtle"
          onClick={() => setConfirmingId(article.id)}
          title="Remove this article from the archive"
        >
          Delete article
        </button>
      </div>
    )
  }
  return (
    <div className="article-actions confirm" role="group" aria-label="Confirm article deletion">
      <span>
        Delete this article{count > 0 ? ` and its ${plural(count, 'highlight')}` : ''}
        {linked ? ', with their entity links' : ''}? This cannot be undone.
      </span>
      <button type="button" className="danger" onClick={onDelete}>
        Delete
      </button>
      <button type="button" onClick={() => setConfirmingId(null)}>
        Keep
      </button>
    </div>
  )
}

/** The open article: metadata, text with highlights, and the floating toolbar for new highlights. */
export function Reader({
  article,
  loading,
  focus,
  selectedHighlightId,
  linkingPassage,
  searchMatch,
  onCloseMatches,
  shortcutsEnabled,
  actions,
  mode = ANNOTATE,
  top = null,
}: {
  article: ArticleDetail | null
  loading: boolean
  focus: ReaderFocus | null
  selectedHighlightId: string | null
  /** A passage waiting for the new-entity form: painted like a selection until the form closes. */
  linkingPassage: { articleId: string; start: number; end: number } | null
  /** The query the article was opened from (a search hit): its matches are painted and stepped through. */
  searchMatch: { query: string; nonce: number } | null
  onCloseMatches: () => void
  shortcutsEnabled: boolean
  actions: ReaderActions
  mode?: ReaderMode
  /** Shown above the article and kept in view while it scrolls: the version bar, banners, notices. */
  top?: ReactNode
}) {
  const scrollRef = useRef<HTMLElement>(null)
  const bodyRef = useRef<HTMLDivElement>(null)
  const [pendingState, setPending] = useState<Pending | null>(null)
  const pending = pendingState && pendingState.articleId === article?.id ? pendingState : null
  const [flash, setFlash] = useState<Flash | null>(null)
  const handledNonce = useRef<number | null>(null)
  const text = article?.text ?? ''
  const articleId = article?.id ?? null
  const matches = useSearchMatches(articleId, article?.versionId ?? null, searchMatch, actions.report)

  const placeOf = useCallback((selection: ReaderSelection): ToolbarPlace => {
    const container = scrollRef.current
    if (!container) return { top: 0, below: 0, left: 0 }
    const box = container.getBoundingClientRect()
    const below = selection.rect.bottom - box.top + container.scrollTop + 8
    const above = selection.rect.top - box.top + container.scrollTop - 46
    const centre = selection.rect.left + selection.rect.width / 2 - box.left
    return {
      top: above < container.scrollTop + 4 ? below : above,
      below,
      left: Math.min(Math.max(centre, 180), Math.max(180, box.width - 180)),
    }
  }, [])

  /** Follows the DOM selection; a toolbar in type-ahead mode stays put while the user types. */
  const sync = useCallback(() => {
    const selection = articleId ? readSelection(bodyRef.current, text) : null
    setPending((p) => {
      if (p?.picking && p.articleId === articleId) return p
      if (!selection || !articleId) return null
      return {
        articleId,
        start: selection.start,
        end: selection.end,
        place: placeOf(selection),
        picking: false,
      }
    })
  }, [articleId, text, placeOf])

  useEffect(() => {
    let timer = 0
    const onChange = (): void => {
      window.clearTimeout(timer)
      timer = window.setTimeout(sync, 120)
    }
    document.addEventListener('selectionchange', onChange)
    return () => {
      window.clearTimeout(timer)
      document.removeEventListener('selectionchange', onChange)
    }
  }, [sync])

  const run = useCallback(
    async (task: () => Promise<void>) => {
      setPending(null)
      clearDomSelection()
      try {
        await task()
      } catch (error) {
        actions.report(error)
      }
    },
    [actions],
  )

  const startPicking = useCallback(
    (selection: { start: number; end: number; place: ToolbarPlace }) => {
      if (articleId) setPending({ ...selection, articleId, picking: true })
    },
    [articleId],
  )

  // Typing in the type-ahead (or in the new-entity form) takes the DOM selection away; paint the pending
  // range so the user still sees which words they are linking (CSS Custom Highlight API: no DOM change, so
  // offsets stay exact).
  const formPassage = linkingPassage && linkingPassage.articleId === articleId ? linkingPassage : null
  const pickingStart = pending?.picking ? pending.start : (formPassage?.start ?? null)
  const pickingEnd = pending?.picking ? pending.end : (formPassage?.end ?? null)
  useEffect(() => {
    const root = bodyRef.current
    if (pickingStart === null || pickingEnd === null || !root || !('highlights' in CSS)) return
    const range = offsetsToRange(root, pickingStart, pickingEnd)
    if (!range) return
    CSS.highlights.set(PENDING_HIGHLIGHT, new Highlight(range))
    return () => {
      CSS.highlights.delete(PENDING_HIGHLIGHT)
    }
  }, [pickingStart, pickingEnd])

  // Closes the type-ahead when the user clicks anywhere outside it.
  useEffect(() => {
    if (!pending?.picking) return
    const onDown = (event: MouseEvent): void => {
      if (event.target instanceof Element && event.target.closest('.selection-toolbar')) return
      setPending(null)
    }
    document.addEventListener('mousedown', onDown)
    return () => document.removeEventListener('mousedown', onDown)
  }, [pending?.picking])

  // A newly opened article starts at its top (the focus effect below may then scroll further).
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 })
  }, [article?.id])

  // Brings the requested passage into view once its article is rendered, and flashes it.
  useEffect(() => {
    const root = bodyRef.current
    if (!article || !root || !focus || focus.articleId !== article.id) return
    if (handledNonce.current === focus.nonce) return
    handledNonce.current = focus.nonce
    let target: Element | null = null
    let next: Flash | null = null
    if (focus.highlightId && article.highlights.some((h) => h.id === focus.highlightId)) {
      target = root.querySelector(`[data-highlight-ids~="${CSS.escape(focus.highlightId)}"]`)
      next = { highlightId: focus.highlightId }
    }
    if (!target && focus.offset !== undefined) {
      const point = offsetToPoint(root, focus.offset)
      const element = point ? (point.node instanceof Element ? point.node : point.node.parentElement) : null
      target = element
      const block = element?.closest('[data-block-start]')
      if (block) next = { blockStart: Number(block.getAttribute('data-block-start')) }
    }
    target?.scrollIntoView({ block: 'center' })
    setFlash(next)
  }, [article, focus])

  // After the focus effect above, so the current match wins over the focus's rougher block scroll.
  const matchStepper = useMatchStepper(bodyRef, scrollRef, matches, article)
  // j / k: the next / previous highlight; clicking a single highlight's id selects exactly that one.
  useHighlightStepper({
    bodyRef,
    scrollRef,
    highlights: article?.highlights ?? null,
    selectedHighlightId,
    select: (id) => actions.clickHighlight([id]),
    enabled: shortcutsEnabled,
  })
  const matchCount = matchStepper.count
  const stepMatch = matchStepper.step

  useEffect(() => {
    if (!shortcutsEnabled || !article) return
    const onKey = (event: KeyboardEvent): void => {
      if (event.ctrlKey || event.metaKey || event.altKey || isEditableTarget(event.target)) return
      if (event.key === 'Escape') {
        // One thing at a time: the selection's toolbar first, then the search matches.
        if (pending) setPending(null)
        else if (matchCount > 0) onCloseMatches()
        return
      }
      if (matchCount > 0 && (event.key === 'n' || event.key === 'N' || event.key === 'F3')) {
        event.preventDefault()
        stepMatch(event.key === 'N' || (event.key === 'F3' && event.shiftKey) ? -1 : 1)
        return
      }
      if (mode.kind === 'attach' && (event.key === 'a' || event.key === 'A')) {
        const selection = readSelection(bodyRef.current, article.text)
        if (!selection) return
        event.preventDefault()
        void run(() => mode.attach(selection.start, selection.end))
        return
      }
      if (mode.kind !== 'annotate' || (event.key !== 'h' && event.key !== 'l')) return
      const selection = readSelection(bodyRef.current, article.text)
      if (event.key === 'h' && selection) {
        event.preventDefault()
        void run(() => actions.highlight(selection.start, selection.end))
      } else if (event.key === 'l') {
        event.preventDefault()
        if (selection) startPicking({ start: selection.start, end: selection.end, place: placeOf(selection) })
        else actions.linkSelectedHighlight()
      }
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [
    shortcutsEnabled,
    article,
    actions,
    run,
    placeOf,
    startPicking,
    pending,
    matchCount,
    stepMatch,
    onCloseMatches,
    mode,
  ])

  useEffect(() => {
    if (!flash) return
    const timer = window.setTimeout(() => setFlash(null), FLASH_MS)
    return () => window.clearTimeout(timer)
  }, [flash])

  // Memoised so a moving selection (which re-renders the reader) does not re-render every block.
  const details = useMemo(
    () => (article ? <ArticleDetails article={article} actions={actions} /> : null),
    [article, actions],
  )

  if (!article) {
    return (
      <main className="reader empty" aria-label="Reader" ref={scrollRef}>
        {loading ? (
          <p className="loading">Opening the article…</p>
        ) : (
          <div className="empty-state centred">
            <h2>Nothing open</h2>
            <p>Choose an article in the library or a search result to read it here.</p>
            <p className="muted">
              Select words to highlight them and link them to people, organisations, places and events.
            </p>
          </div>
        )}
      </main>
    )
  }

  const selectedText = pending ? text.slice(pending.start, pending.end) : ''
  const titled = firstBlockIsTitle(article)
  return (
    <main className="reader" aria-label="Reader" ref={scrollRef} aria-busy={loading}>
      {top && <div className="reader-top">{top}</div>}
      <article className={titled ? 'article titled' : 'article'}>
        <ArticleActions
          article={article}
          onDelete={() => void run(() => actions.deleteArticle(article.id))}
        />
        {!titled && (
          <header className="article-header">
            <h1 className="article-heading">{article.title || 'Untitled'}</h1>
            {details}
          </header>
        )}
        <ArticleBody
          text={article.text}
          blocks={article.blocks}
          highlights={article.highlights}
          selectedHighlightId={selectedHighlightId}
          flash={flash}
          bodyRef={bodyRef}
          onHighlightClick={actions.clickHighlight}
          afterTitle={titled ? details : null}
        />
      </article>
      {matchCount > 0 && (
        <MatchBar index={matchStepper.index} count={matchCount} onStep={stepMatch} onClose={onCloseMatches} />
      )}
      {pending && mode.kind === 'attach' && (
        <AttachToolbar
          place={pending.place}
          onAttach={() => void run(() => mode.attach(pending.start, pending.end))}
        />
      )}
      {pending && mode.kind === 'annotate' && (
        <SelectionToolbar
          place={pending.place}
          picking={pending.picking}
          initialQuery={selectedText.length <= NAME_LIKE_LENGTH ? selectedText : ''}
          onHighlight={() => void run(() => actions.highlight(pending.start, pending.end))}
          onLinkNew={() => void run(() => actions.linkNew(pending.start, pending.end, selectedText))}
          onStartPicking={() => startPicking(pending)}
          onPick={(entity) => void run(() => actions.linkExisting(pending.start, pending.end, entity))}
          onCreate={(name) => void run(() => actions.linkNew(pending.start, pending.end, name))}
          onClose={() => setPending(null)}
          report={actions.report}
        />
      )}
    </main>
  )
}
