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
/** What a whole page's text leaves out when Readability's article is not used: SKIPPED and the page's frame. */
const BOILERPLATE = new Set([...SKIPPED, 'HEADER', 'FOOTER', 'ASIDE'])
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

const PARAGRAPH_TAGS = new Set(['P', 'FIGCAPTION', 'DT', 'DD', 'ADDRESS'])

/** Elements that a table of data does not hold, but a table laying out a whole page does. */
const LAYOUT_CONTENT = new Set([
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'UL',
  'OL',
  'DL',
  'TABLE',
  'PRE',
  'BLOCKQUOTE',
])

/** Whether an element holds headings, lists, tables or the like: then a table row is layout, not data. */
function holdsLayout(node: DomNode): boolean {
  return Array.from(node.childNodes).some(
    (child) =>
      child.nodeType === ELEMENT_NODE &&
      (LAYOUT_CONTENT.has(child.nodeName.toUpperCase()) || holdsLayout(child)),
  )
}

/**
 * Walks Readability's cleaned article HTML into blocks. Inline content between block elements becomes
 * a paragraph of its own, so no text is lost when a site puts words straight into a <div>.
 */
class BlockCollector {
  readonly drafts: BlockDraft[] = []
  private inline = ''

  /**
   * For a whole page (not Readability's article), `page` also skips its header, footer and asides, and
   * reads a layout table's cells as the blocks they hold.
   */
  constructor(private readonly page = false) {}

  private get skipped(): ReadonlySet<string> {
    return this.page ? BOILERPLATE : SKIPPED
  }

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
    if (this.skipped.has(tag)) return
    const heading = /^H([1-6])$/.exec(tag)
    if (heading) return this.push('heading', inlineText(node), Number(heading[1]))
    // A <p> holding a heading or a list (Readability turns such <div>s into <p>s) is read as a container,
    // as an HTML parser would split it, so its heading stays a heading.
    const paragraphLike = tag === 'P' ? !holdsLayout(node) : PARAGRAPH_TAGS.has(tag)
    if (paragraphLike) return this.push(quote ? 'quote' : 'paragraph', inlineText(node))
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
    if (tag === 'TR' && !(this.page && holdsLayout(node))) {
      const cells = Array.from(node.childNodes).map((c) => inlineText(c).replace(/\s+/g, ' ').trim())
      return this.push('paragraph', cells.filter(Boolean).join(' | '))
    }
    // A layout table's row and cells hold the page's blocks, read as such (not one paragraph per row).
    if (CONTAINERS.has(tag) || tag === 'LI' || tag === 'P' || (this.page && /^(TR|TD|TH)$/.test(tag))) {
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

/** The length of an element's visible text, white space collapsed, without BOILERPLATE elements. */
function visibleTextLength(node: DomNode): number {
  let length = 0
  let space = true
  const walk = (n: DomNode) => {
    if (n.nodeType === TEXT_NODE) {
      const collapsed = (n.textContent ?? '').replace(/\s+/g, ' ')
      if (!collapsed) return
      length += collapsed.length - (space && collapsed.startsWith(' ') ? 1 : 0)
      space = collapsed.endsWith(' ')
    } else if (n.nodeType === ELEMENT_NODE && !BOILERPLATE.has(n.nodeName.toUpperCase())) {
      for (const child of Array.from(n.childNodes)) walk(child)
    }
  }
  walk(node)
  return length
}

/**
 * When Readability finds no article it returns the longest of its failed attempts: on an index or table
 * of contents (Debian's libxslt API index, Valgrind's manual) that is a banner line ("The XSLT C library
 * for GNOME"), the same on every page of a site, so different pages import as duplicates of each other.
 * Its article is taken for such a misfire when it is short (Readability's own floor is 100 characters;
 * misfires measured 28 to 114, real articles run to thousands) and under a quarter of a page whose
 * visible text is substantial. The page's whole body is read instead.
 */
const MISFIRE_MAX_ARTICLE = 300
const MISFIRE_MAX_SHARE = 0.25
const MISFIRE_MIN_BODY = 500

function isMisfire(articleLength: number, bodyLength: number): boolean {
  return (
    bodyLength >= MISFIRE_MIN_BODY &&
    articleLength <= MISFIRE_MAX_ARTICLE &&
    articleLength < MISFIRE_MAX_SHARE * bodyLength
  )
}

/** The page as a document; a fragment is wrapped as a whole page first (see extractHtml). */
function parsePage(source: string) {
  let { document } = parseHTML(source)
  // A fragment without <html> (white space only, or a lone <script> or <p>) parses to a document whose
  // root is missing or another element, on which Readability and linkedom's `body` throw (found by
  // fuzzing); wrapped as a whole page, it reads like one.
  if (document.documentElement?.localName !== 'html')
    ({ document } = parseHTML(`<!doctype html><html><body>${source}</body></html>`))
  return document
}

/**
 * A web page saved from a browser: the article is extracted with Readability (on linkedom, no browser
 * needed), navigation and boilerplate dropped; metadata from <meta>, Open Graph and JSON-LD. A page with
 * no article Readability can find (an index, a table of contents) is read whole, less its frame.
 */
export function extractHtml(source: string, fileName: string): ExtractedArticle {
  // Before parsing: the parser and Readability are quadratic in nesting depth (see nesting-guard.ts).
  checkHtmlNesting(source)
  const document = parsePage(source)
  const metadata = extractHtmlMetadata(document as unknown as QueryableDocument, source)
  const declaredLanguage = document.documentElement?.getAttribute('lang')
  // Readability mutates the document it reads, so metadata is taken first.
  // The article comes back as Readability's own element, walked as it is: serialized to HTML and parsed
  // again, it cost a fifth of a saved page's extraction (a CPU profile of bench:import).
  const article = new Readability<DomNode>(document as unknown as Document, {
    charThreshold: 100,
    serializer: (node) => node as unknown as DomNode,
  }).parse()
  const drafts: BlockDraft[] = []
  if (article?.content) {
    const collector = new BlockCollector()
    collector.visit(article.content, false)
    drafts.push(...collector.finish())
  }
  let joined = joinBlocks(drafts)
  let whole: DomNode | null = null
  if (!article?.content) whole = document.body as unknown as DomNode | null
  else if (joined.text.length <= MISFIRE_MAX_ARTICLE) {
    // Only a short article can be a misfire (rare): the page is parsed again, since Readability emptied
    // the document it read, and its text measured; a real article never pays for this.
    const body = parsePage(source).body as unknown as DomNode | null
    if (body && isMisfire(joined.text.length, visibleTextLength(body))) whole = body
  }
  if (whole) {
    const collector = new BlockCollector(Boolean(article?.content))
    collector.visit(whole, false)
    joined = joinBlocks(collector.finish())
  }
  const { text, blocks } = joined
  if (!text) throw new CasebookError('bad_file', 'no article text was found in the page')
  return {
    text,
    blocks,
    declaredLanguage: declaredLanguage ?? null,
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
