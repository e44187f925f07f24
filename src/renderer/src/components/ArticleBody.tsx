import { Fragment, memo, useMemo, type MouseEvent, type ReactNode, type Ref } from 'react'
import type { Block, Highlight } from '../../../shared/model'
import { colorClass } from '../lib/highlight-colors'
import { pageStarts } from '../../../shared/source-pages'
import { leadHighlight, splitBlock, type Segment } from '../lib/segments'

export interface Flash {
  highlightId?: string
  blockStart?: number
}

/** What every block needs to render its highlights. */
interface BlockView {
  text: string
  highlights: Highlight[]
  selectedHighlightId: string | null
  flash: Flash | null
}

interface BodyProps extends BlockView {
  blocks: Block[]
  /**
   * Shown right after the first block when that block is the article's title (a document's own h1), so the
   * title is not printed twice and the byline still sits under it. It lies outside every block, so it
   * never counts towards text offsets.
   */
  afterTitle: ReactNode
  bodyRef: Ref<HTMLDivElement>
  onHighlightClick: (coveringIds: string[]) => void
}

/** The innermost highlight of a run decides its entity colour: it is the one the user most likely means. */
function innermost(highlights: Highlight[]): Highlight | undefined {
  return [...highlights].sort(
    (a, b) => a.position.end - a.position.start - (b.position.end - b.position.start),
  )[0]
}

function renderSegment(segment: Segment, text: string, props: BlockView): ReactNode {
  const content = text.slice(segment.start, segment.end)
  if (segment.highlights.length === 0) return content
  const ids = segment.highlights.map((h) => h.id)
  const linked = innermost(segment.highlights.filter((h) => h.entities.length > 0))
  const entityType = linked?.entities[0]?.type
  const classes = ['hl', `depth-${Math.min(segment.highlights.length, 3)}`]
  // One colour per run, so overlaps stay legible: depth darkens it, the lead highlight chooses it.
  const lead = leadHighlight(segment.highlights)
  if (lead) classes.push(colorClass(lead.color))
  if (entityType) classes.push('linked', `type-${entityType}`)
  if (props.selectedHighlightId && ids.includes(props.selectedHighlightId)) classes.push('selected')
  if (props.flash?.highlightId && ids.includes(props.flash.highlightId)) classes.push('flash')
  const names = [...new Set(segment.highlights.flatMap((h) => h.entities.map((e) => e.name)))]
  return (
    <span
      key={segment.start}
      className={classes.join(' ')}
      data-highlight-ids={ids.join(' ')}
      title={names.length ? `Linked to ${names.join(', ')}` : 'Highlight'}
    >
      {content}
    </span>
  )
}

function BlockElement({
  block,
  props,
  pageStart,
}: {
  block: Block
  props: BlockView
  /** The source's page this block begins (a PDF's), when it is the first block of that page. */
  pageStart: number | undefined
}) {
  const segments = useMemo(
    () => splitBlock(block.start, block.end, props.highlights),
    [block.start, block.end, props.highlights],
  )
  const children = segments.map((s) => renderSegment(s, props.text, props))
  const flashing = props.flash?.blockStart === block.start
  const common = {
    'data-block-start': block.start,
    'data-block-end': block.end,
    // Drawn as "Page n" by CSS (::before): no text of the article, so offsets and selections never see it.
    'data-page-start': pageStart,
    className: flashing ? 'flash-block' : undefined,
  }
  switch (block.kind) {
    case 'heading': {
      const level = Math.min(Math.max(block.level ?? 2, 1), 6)
      const Tag = `h${level}` as 'h1' | 'h2' | 'h3' | 'h4' | 'h5' | 'h6'
      return <Tag {...common}>{children}</Tag>
    }
    case 'quote':
      return <blockquote {...common}>{children}</blockquote>
    case 'list-item':
      return <li {...common}>{children}</li>
    case 'preformatted':
      return <pre {...common}>{children}</pre>
    default:
      return <p {...common}>{children}</p>
  }
}

/** Consecutive list items share one list, as in the source document. */
function groupBlocks(blocks: Block[]): Array<Block | Block[]> {
  const groups: Array<Block | Block[]> = []
  for (const block of blocks) {
    const last = groups[groups.length - 1]
    if (block.kind === 'list-item' && Array.isArray(last)) last.push(block)
    else groups.push(block.kind === 'list-item' ? [block] : block)
  }
  return groups
}

/**
 * The article's blocks with highlights rendered in place. Text nodes hold exactly the canonical text of
 * each block (see lib/dom-offsets), so no whitespace or decoration may be added between segments.
 */
export const ArticleBody = memo(function ArticleBody({
  blocks,
  bodyRef,
  onHighlightClick,
  afterTitle,
  ...view
}: BodyProps) {
  const groups = useMemo(() => groupBlocks(blocks), [blocks])
  const pageMarks = useMemo(() => pageStarts(blocks), [blocks])

  const onClick = (event: MouseEvent<HTMLDivElement>): void => {
    const selection = window.getSelection()
    if (selection && !selection.isCollapsed) return
    const target = event.target instanceof Element ? event.target.closest('[data-highlight-ids]') : null
    const ids = target?.getAttribute('data-highlight-ids')
    if (ids) onHighlightClick(ids.split(' '))
  }

  return (
    <div className="article-body" ref={bodyRef} onClick={onClick}>
      {groups.map((group, index) => (
        <Fragment key={Array.isArray(group) ? `list-${group[0]?.start ?? 0}` : group.start}>
          {Array.isArray(group) ? (
            <ul>
              {group.map((block) => (
                <BlockElement
                  key={block.start}
                  block={block}
                  props={view}
                  pageStart={pageMarks.get(block.start)}
                />
              ))}
            </ul>
          ) : (
            <BlockElement block={group} props={view} pageStart={pageMarks.get(group.start)} />
          )}
          {index === 0 && afterTitle}
        </Fragment>
      ))}
    </div>
  )
})
