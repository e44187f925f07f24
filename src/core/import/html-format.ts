import { Readability } from '@mozilla/readability'
import { parseHTML } from 'linkedom'
import { joinBlocks, type BlockDraft } from '../../shared/blocks'
import { CasebookError } from '../../shared/errors'
import type { BlockKind } from '../../shared/model'
import type { ExtractedArticle } from './extracted-article'
import { titleFromFileName } from './decode-text'
import { extractHtmlMetadata, type QueryableDocument } from './html-metadata'
import { checkHtmlNesting } from './nesting-guard'

/** The part of a linkedom node the block walkers read (this one and formats/html-blocks.ts). */
export interface DomNode {
  nodeType: number
  nodeName: string
  textContent: string | null
  childNodes: ArrayLike<DomNode>
}

const TEXT_NODE = 3
const ELEMENT_NODE = 1
const SKIPPED = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'IFRAME', 'BUTTON', 'FORM', 'NAV'])
const CONTAINERS = new Set([
  'DIV',
  'SECTION',
  'ARTICLE',
  'MAIN',
  'HEADER',
  'FOOTER',
  'ASIDE',
  'FIGURE',
  'BODY',
  'HTML',
  'DETAILS',
  'CENTER',
])

/** Elements whose text runs on with its neighbours'; any other element's edges separate words. */
const INLINE_TAGS = new Set([
  'A',
  'ABBR',
  'B',
  'BDI',
  'BDO',
  'CITE',
  'CODE',
  'DATA',
  'DEL',
  'DFN',
  'EM',
  'FONT',
  'I',
  'INS',
  'KBD',
  'MARK',
  'Q',
  'S',
  'SAMP',
  'SMALL',
  'SPAN',
  'STRONG',
  'SUB',
  'SUP',
  'TIME',
  'U',
  'VAR',
  'WBR',
])

/**
 * The text of an element as a reader sees it: a <br> or the edge of a nested block is a space (a line
 * break in preformatted text), never nothing, so "line one<br>line two" does not become "line oneline two".
 */
function inlineText(node: DomNode, preformatted = false): string {
  return Array.from(node.childNodes)
    .map((child) => nodeText(child, preformatted))
    .join('')
}

function nodeText(node: DomNode, preformatted: boolean): string {
  if (node.nodeType === TEXT_NODE) return node.textContent ?? ''
  if (node.nodeType !== ELEMENT_NODE) return ''
  const tag = node.nodeName.toUpperCase()
  if (SKIPPED.has(tag)) return ''
  if (tag === 'BR') return preformatted ? '\n' : ' '
  const inner = inlineText(node, preformatted)
  return INLINE_TAGS.has(tag) ? inner : ` ${inner} `
}

/**
 * Walks Readability's cleaned article HTML into blocks. Inline content between block elements becomes
 * a paragraph of its own, so no text is lost when a site puts words straight into a <div>.
 */
class BlockCollector {
  readonly drafts: BlockDraft[] = []
  private inline = ''

  private flush(kind: BlockKind = 'paragraph') {
    if (this.inline.trim()) this.drafts.push({ kind, text: this.inline })
    this.inline = ''
  }

  private push(kind: BlockKind, text: string, level?: number) {
    this.flush()
    this.drafts.push({ kind, text, level })
  }

  visit(node: DomNode, quote: boolean): void {
    if (node.nodeType === TEXT_NODE) {
      this.inline += node.textContent ?? ''
      return
    }
    if (node.nodeType !== ELEMENT_NODE) return
    const tag = node.nodeName.toUpperCase()
    if (SKIPPED.has(tag)) return
    const heading = /^H([1-6])$/.exec(tag)
    if (heading) return this.push('heading', inlineText(node), Number(heading[1]))
    if (tag === 'P' || tag === 'FIGCAPTION' || tag === 'DT' || tag === 'DD' || tag === 'ADDRESS') {
      return this.push(quote ? 'quote' : 'paragraph', inlineText(node))
    }
    if (tag === 'PRE') return this.push('preformatted', inlineText(node, true))
    if (tag === 'BR') {
      this.inline += ' '
      return
    }
    if (tag === 'BLOCKQUOTE') {
      this.flush()
      this.children(node, true)
      this.flush('quote')
      return
    }
    if (tag === 'UL' || tag === 'OL') {
      this.flush()
      for (const child of Array.from(node.childNodes))
        if (child.nodeName.toUpperCase() === 'LI') this.listItem(child, quote)
      return
    }
    if (tag === 'TABLE' || tag === 'THEAD' || tag === 'TBODY' || tag === 'TFOOT') {
      this.flush()
      this.children(node, quote)
      return
    }
    if (tag === 'TR') {
      const cells = Array.from(node.childNodes).map((c) => inlineText(c).replace(/\s+/g, ' ').trim())
      return this.push('paragraph', cells.filter(Boolean).join(' | '))
    }
    if (CONTAINERS.has(tag) || tag === 'LI') {
      this.flush(quote ? 'quote' : 'paragraph')
      this.children(node, quote)
      this.flush(quote ? 'quote' : 'paragraph')
      return
    }
    // Inline element (a, em, strong, span, …): its text joins the running paragraph.
    this.children(node, quote)
  }

  private listItem(item: DomNode, quote: boolean) {
    const nested: DomNode[] = []
    let own = ''
    for (const child of Array.from(item.childNodes)) {
      const tag = child.nodeName.toUpperCase()
      if (tag === 'UL' || tag === 'OL') nested.push(child)
      else own += nodeText(child, false)
    }
    this.push('list-item', own)
    for (const list of nested) this.visit(list, quote)
  }

  private children(node: DomNode, quote: boolean) {
    for (const child of Array.from(node.childNodes)) this.visit(child, quote)
  }

  finish(): BlockDraft[] {
    this.flush()
    return this.drafts
  }
}

/**
 * A web page saved from a browser: the article is extracted with Readability (on linkedom, no browser
 * needed), navigation and boilerplate dropped; metadata from <meta>, Open Graph and JSON-LD.
 */
export function extractHtml(source: string, fileName: string): ExtractedArticle {
  // Before parsing: the parser and Readability are quadratic in nesting depth (see nesting-guard.ts).
  checkHtmlNesting(source)
  let { document } = parseHTML(source)
  // A fragment without <html> (white space only, or a lone <script> or <p>) parses to a document whose
  // root is missing or another element, on which Readability and linkedom's `body` throw (found by
  // fuzzing); wrapped as a whole page, it reads like one.
  if (document.documentElement?.localName !== 'html')
    ({ document } = parseHTML(`<!doctype html><html><body>${source}</body></html>`))
  const metadata = extractHtmlMetadata(document as unknown as QueryableDocument, source)
  // Readability mutates the document it reads, so metadata is taken first.
  const article = new Readability(document as unknown as Document, { charThreshold: 100 }).parse()
  const collector = new BlockCollector()
  if (article?.content) {
    const { document: content } = parseHTML(`<!doctype html><html><body>${article.content}</body></html>`)
    collector.visit(content.body as unknown as DomNode, false)
  } else if (document.body) {
    collector.visit(document.body as unknown as DomNode, false)
  }
  const { text, blocks } = joinBlocks(collector.finish())
  if (!text) throw new CasebookError('bad_file', 'no article text was found in the page')
  return {
    text,
    blocks,
    title: filled(metadata.title) ?? filled(article?.title) ?? titleFromFileName(fileName),
    byline: filled(metadata.byline) ?? filled(article?.byline) ?? null,
    siteName: filled(metadata.siteName) ?? filled(article?.siteName) ?? null,
    sourceUrl: metadata.sourceUrl ?? null,
    publishedAt: metadata.publishedAt ?? article?.publishedTime ?? null,
  }
}

/** A metadata value with its white space collapsed, or null when nothing is left (an empty <title>). */
function filled(value: string | null | undefined): string | null {
  const collapsed = value?.replace(/\s+/g, ' ').trim()
  return collapsed ? collapsed : null
}
