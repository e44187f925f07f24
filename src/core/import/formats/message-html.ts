import { parseHTML } from 'linkedom'
import { joinBlocks, type BlockDraft } from '../../../shared/blocks'
import { CasebookError } from '../../../shared/errors'
import type { Block } from '../../../shared/model'
import { extractHtml } from '../html-format'

/**
 * An e-mail's HTML part as text and blocks, or null when it has no words. It goes through extractHtml
 * (Readability, then its block walker), as a saved page does; but Readability is made to drop a page's
 * navigation and boilerplate, and a message has none: on newsletters it keeps a fraction (of the 122
 * HTML-only messages of the SpamAssassin ham, 68 lost more than a fifth of their words, a CNET newsletter
 * 88 %). So its cut is taken only when it keeps nearly every word of the body; otherwise every word of the
 * body is kept, in paragraphs as the markup separates them.
 */
export function messageHtmlBlocks(html: string, fileName: string): { text: string; blocks: Block[] } | null {
  let article: { text: string; blocks: Block[] } | null = null
  try {
    // First, as it runs the nesting guard before any parser sees the markup: the walk below relies on it.
    article = extractHtml(html, fileName)
  } catch (error) {
    // The guard's refusal stands. Readability finding no text, or failing on markup mail is full of (text
    // after </body>, or an <html> with no <body>: it climbs past <html> looking for one and throws a
    // TypeError), leaves the whole body to read.
    if (error instanceof CasebookError && !/no article text/.test(error.message)) throw error
  }
  const whole = joinBlocks(wholeBodyBlocks(html))
  if (article && wordCount(article.text) >= READABILITY_KEEPS * wordCount(whole.text)) return article
  return whole.text ? whole : null
}

/** The share of the body's words Readability's result must keep to be taken. */
const READABILITY_KEEPS = 0.8

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length
}

interface DomNode {
  nodeType: number
  nodeName: string
  textContent: string | null
  childNodes: ArrayLike<DomNode>
}

const SKIPPED = new Set(['HEAD', 'TITLE', 'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE'])
const BLOCKS = new Set([
  ...['ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'CENTER', 'DD', 'DIV', 'DL', 'DT', 'FIGCAPTION'],
  ...['FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN'],
  ...['NAV', 'OL', 'P', 'PRE', 'SECTION', 'TABLE', 'TBODY', 'TD', 'TH', 'THEAD', 'TR', 'UL'],
])

/**
 * Every word of the body: a block element's edges end a paragraph, and so does a blank line made of two
 * `<br>` (how many mailers separate paragraphs); text inside `<blockquote>` is a quote.
 */
function wholeBodyBlocks(html: string): BlockDraft[] {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`)
  const drafts: BlockDraft[] = []
  let inline = ''
  // A <br> with no words after it yet: a second one makes a blank line.
  let lineBroken = false
  const flush = (quote: boolean) => {
    if (inline.trim()) drafts.push({ kind: quote ? 'quote' : 'paragraph', text: inline })
    inline = ''
    lineBroken = false
  }
  const visit = (node: DomNode, quote: boolean): void => {
    if (node.nodeType === 3) {
      const text = (node.textContent ?? '').replace(/\s+/g, ' ')
      inline += text
      if (text.trim()) lineBroken = false
      return
    }
    if (node.nodeType !== 1) return
    const tag = node.nodeName.toUpperCase()
    if (SKIPPED.has(tag)) return
    if (tag === 'BR') {
      if (lineBroken) flush(quote)
      else inline += ' '
      lineBroken = true
      return
    }
    const block = BLOCKS.has(tag)
    const inQuote = quote || tag === 'BLOCKQUOTE'
    if (block) flush(quote)
    for (const child of Array.from(node.childNodes)) visit(child, inQuote)
    if (block) flush(inQuote)
  }
  if (document.body) visit(document.body as unknown as DomNode, false)
  flush(false)
  return drafts
}
