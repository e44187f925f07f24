import type { BlockDraft } from '../../../shared/blocks'
import type { BlockKind } from '../../../shared/model'
import type { DomNode } from '../html-format'

/**
 * HTML (a DOCX converted by mammoth, an EPUB chapter) to block drafts, with no Readability: these documents
 * are all article, with no navigation to drop. html-format.ts has a fuller walker of the same kind, kept
 * private there; this one stands in until it is exported.
 */

/** The part of a linkedom node the walker reads. */
export type HtmlNode = DomNode

const ELEMENT = 1
const TEXT = 3
const SKIPPED = new Set(['HEAD', 'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'MATH', 'NAV', 'IMG'])
/** Elements whose edges do not separate words ("<b>Al</b>maty" is one word). */
const INLINE = new Set(
  [
    'A ABBR B BDI BDO CITE CODE DFN EM FONT I KBD MARK Q RUBY',
    'S SAMP SMALL SPAN STRIKE STRONG SUB SUP TIME TT U VAR WBR',
  ]
    .join(' ')
    .split(' '),
)
/** Elements read as one paragraph, whatever they hold. */
const PARAGRAPHS = new Set(['P', 'DT', 'DD', 'FIGCAPTION', 'CAPTION', 'ADDRESS'])

/** An element's text as a reader sees it: a <br> or a block's edge is a space (a line break in <pre>). */
function flatText(node: HtmlNode, pre = false): string {
  if (node.nodeType === TEXT) return node.textContent ?? ''
  if (node.nodeType !== ELEMENT) return ''
  const tag = node.nodeName.toUpperCase()
  if (SKIPPED.has(tag)) return ''
  if (tag === 'BR') return pre ? '\n' : ' '
  const inner = Array.from(node.childNodes, (child) => flatText(child, pre)).join('')
  return INLINE.has(tag) ? inner : ` ${inner} `
}

class Walker {
  readonly drafts: BlockDraft[] = []
  /** Text met outside any paragraph (in a <div>, a list item, a quote), kept until the next block. */
  private loose = ''

  private endLoose(kind: BlockKind) {
    if (this.loose.trim()) this.drafts.push({ kind, text: this.loose })
    this.loose = ''
  }

  /** `kind` is what loose text and paragraphs here become: 'quote' in a <blockquote>, 'list-item' in an <li>. */
  walk(node: HtmlNode, kind: BlockKind): void {
    if (node.nodeType === TEXT) this.loose += node.textContent ?? ''
    if (node.nodeType !== ELEMENT) return
    const tag = node.nodeName.toUpperCase()
    if (SKIPPED.has(tag)) return
    if (INLINE.has(tag) || tag === 'BR') {
      this.loose += flatText(node)
      return
    }
    this.endLoose(kind)
    const heading = /^H([1-6])$/.exec(tag)
    if (heading) this.drafts.push({ kind: 'heading', level: Number(heading[1]), text: flatText(node) })
    else if (PARAGRAPHS.has(tag)) this.drafts.push({ kind, text: flatText(node) })
    else if (tag === 'PRE') this.drafts.push({ kind: 'preformatted', text: flatText(node, true) })
    else if (tag === 'TR')
      this.drafts.push({ kind: kind === 'quote' ? 'quote' : 'paragraph', text: tableRow(node) })
    else {
      const inner = tag === 'BLOCKQUOTE' ? 'quote' : tag === 'LI' ? 'list-item' : kind
      for (const child of Array.from(node.childNodes)) this.walk(child, inner)
      this.endLoose(inner)
    }
  }
}

/**
 * A table row as one paragraph, its cells joined by " | " (the reader has no table block; this keeps each
 * row's cells together and in order). Empty cells stay (but at the end of a row), so columns line up.
 */
function tableRow(row: HtmlNode): string {
  const cells = Array.from(row.childNodes).filter((c) => /^T[DH]$/i.test(c.nodeName))
  const texts = cells.map((cell) => flatText(cell).replace(/\s+/g, ' ').trim())
  while (texts.length > 0 && !texts[texts.length - 1]) texts.pop()
  return texts.join(' | ')
}

/** The blocks of an HTML body (or any element), in document order. */
export function htmlBlockDrafts(body: HtmlNode): BlockDraft[] {
  const walker = new Walker()
  walker.walk(body, 'paragraph')
  return walker.drafts
}
