import { memo, useCallback, useMemo, useState, type ReactNode } from 'react'
import type { ArticleVersionSummary, DiffPart } from '../../../shared/model'
import { readableParts, wordsIn } from '../lib/diff-parts'
import { formatDate, plural } from '../lib/format'
import { useVersionDiff, versionOrigin } from '../lib/use-versions'

type Layout = 'inline' | 'side-by-side'
type Side = 'both' | 'older' | 'newer'

/** An unchanged run longer than this is folded to its ends, so a few changes in a long article stand out. */
const FOLD_AT = 1500
/** Characters of context kept on each side of a folded run. */
const FOLD_CONTEXT = 300

/** Cuts near `at`, at a white space so no word is split; within 40 characters, else exactly at `at`. */
function cutNear(text: string, at: number, forward: boolean): number {
  for (let i = 0; i < 40; i++) {
    const j = forward ? at + i : at - i
    if (j <= 0 || j >= text.length) break
    if (/\s/.test(text[j] as string)) return j
  }
  return at
}

/**
 * The parts of one side (or both, inline) as text runs: one node per part, never per character, so a long
 * article's diff renders fast. `<del>` and `<ins>` carry the meaning; CSS only colours them.
 */
const DiffText = memo(function DiffText({
  parts,
  side,
  expanded,
  onExpand,
}: {
  parts: DiffPart[]
  side: Side
  expanded: ReadonlySet<number>
  onExpand: (index: number) => void
}) {
  const nodes: ReactNode[] = []
  parts.forEach((part, i) => {
    if (part.kind === 'removed') {
      if (side !== 'newer') nodes.push(<del key={i}>{part.text}</del>)
      return
    }
    if (part.kind === 'added') {
      if (side !== 'older') nodes.push(<ins key={i}>{part.text}</ins>)
      return
    }
    const first = i === 0
    const last = i === parts.length - 1
    if (part.text.length <= FOLD_AT || expanded.has(i)) {
      nodes.push(part.text)
      return
    }
    // The start of the text needs no head and its end no tail: only context next to a change matters.
    const head = first ? 0 : cutNear(part.text, FOLD_CONTEXT, true)
    const tail = last ? part.text.length : cutNear(part.text, part.text.length - FOLD_CONTEXT, false)
    const hidden = part.text.slice(head, tail)
    nodes.push(part.text.slice(0, head))
    nodes.push(
      <button
        key={`fold-${i}`}
        type="button"
        className="diff-fold"
        onClick={() => onExpand(i)}
        title="Show the unchanged text"
      >
        … {plural(wordsIn(hidden), 'unchanged word')} …
      </button>,
    )
    nodes.push(part.text.slice(tail))
  })
  return <div className="diff-text">{nodes}</div>
})

function versionName(v: ArticleVersionSummary): string {
  return `Version ${v.number}${v.current ? ' (current)' : ''} · ${formatDate(v.createdAt)} · ${versionOrigin(v)}`
}

/** One end of the comparison: any of the article's versions. */
function VersionSelect({
  label,
  versions,
  value,
  onChange,
}: {
  label: string
  versions: ArticleVersionSummary[]
  value: string
  onChange: (versionId: string) => void
}) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {versions.map((v) => (
          <option key={v.id} value={v.id}>
            {versionName(v)}
          </option>
        ))}
      </select>
    </label>
  )
}

/**
 * Two versions of an article, word by word: inline (removed words struck through, added ones underlined), or
 * side by side (the older text with its removals, the newer with its additions).
 */
export function VersionDiffView({
  articleId,
  title,
  versions,
  fromVersionId,
  toVersionId,
  onChange,
  onClose,
  report,
}: {
  articleId: string
  title: string
  versions: ArticleVersionSummary[]
  fromVersionId: string
  toVersionId: string
  onChange: (fromVersionId: string, toVersionId: string) => void
  onClose: () => void
  report: (error: unknown) => void
}) {
  const [layout, setLayout] = useState<Layout>('inline')
  const { diff, failed } = useVersionDiff(articleId, fromVersionId, toVersionId, report)
  const [expanded, setExpanded] = useState<{ key: string; parts: ReadonlySet<number> }>({
    key: '',
    parts: new Set(),
  })
  const key = `${fromVersionId}:${toVersionId}`
  const expandedNow = expanded.key === key ? expanded.parts : new Set<number>()
  const expand = useCallback(
    (index: number) =>
      setExpanded((e) => ({ key, parts: new Set([...(e.key === key ? e.parts : []), index]) })),
    [key],
  )
  const parts = useMemo(() => (diff ? readableParts(diff.parts) : []), [diff])
  const same = fromVersionId === toVersionId
  const changed = diff ? diff.added + diff.removed > 0 : false

  return (
    <main className="reader diff-view" aria-label="Compare versions" aria-busy={!diff && !failed}>
      <div className="diff-wrap">
        <header className="diff-header">
          <div className="diff-title-row">
            <h1 className="diff-title">Compare versions</h1>
            <button type="button" className="small" onClick={onClose}>
              Back to the article
            </button>
          </div>
          <p className="muted diff-article">{title || 'Untitled'}</p>
          <div className="diff-controls">
            <VersionSelect
              label="From"
              versions={versions}
              value={fromVersionId}
              onChange={(id) => onChange(id, toVersionId)}
            />
            <VersionSelect
              label="To"
              versions={versions}
              value={toVersionId}
              onChange={(id) => onChange(fromVersionId, id)}
            />
            <div className="diff-layout" role="radiogroup" aria-label="Layout">
              {(['inline', 'side-by-side'] as const).map((l) => (
                <button
                  key={l}
                  type="button"
                  role="radio"
                  aria-checked={layout === l}
                  className={layout === l ? 'small on' : 'small'}
                  onClick={() => setLayout(l)}
                >
                  {l === 'inline' ? 'Inline' : 'Side by side'}
                </button>
              ))}
            </div>
          </div>
          <div className="diff-summary">
            <span className="diff-legend" aria-label="Legend">
              <del>removed</del> <ins>added</ins>
            </span>
            {diff && (
              <span aria-live="polite" className="diff-counts">
                {changed
                  ? `${plural(diff.added, 'word')} added, ${diff.removed} removed`
                  : 'The two versions have the same text.'}
              </span>
            )}
          </div>
        </header>
        {same && <p className="muted">Choose two different versions to see what changed.</p>}
        {!diff && !failed && (
          <p className="loading busy" role="status">
            <span className="busy-dot" aria-hidden="true" /> Comparing the versions…
          </p>
        )}
        {failed && <p className="muted">The versions could not be compared.</p>}
        {diff && changed && layout === 'inline' && (
          <section className="diff-body" aria-label="Differences">
            <DiffText parts={parts} side="both" expanded={expandedNow} onExpand={expand} />
          </section>
        )}
        {diff && changed && layout === 'side-by-side' && (
          <div className="diff-columns">
            <section className="diff-body" aria-label={`Version ${diff.from.number}, with removals`}>
              <h2>Version {diff.from.number}</h2>
              <DiffText parts={parts} side="older" expanded={expandedNow} onExpand={expand} />
            </section>
            <section className="diff-body" aria-label={`Version ${diff.to.number}, with additions`}>
              <h2>Version {diff.to.number}</h2>
              <DiffText parts={parts} side="newer" expanded={expandedNow} onExpand={expand} />
            </section>
          </div>
        )}
      </div>
    </main>
  )
}
