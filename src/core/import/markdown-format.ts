import type { Nodes, RootContent } from 'mdast'
import { fromMarkdown } from 'mdast-util-from-markdown'
import { toString } from 'mdast-util-to-string'
import { joinBlocks, type BlockDraft } from '../../shared/blocks'
import type { ExtractedArticle } from './extracted-article'
import { titleFromFileName } from './decode-text'

function collect(node: RootContent, drafts: BlockDraft[], inQuote: boolean): void {
  switch (node.type) {
    case 'heading':
      drafts.push({ kind: 'heading', level: node.depth, text: toString(node) })
      return
    case 'paragraph':
      drafts.push({ kind: inQuote ? 'quote' : 'paragraph', text: toString(node) })
      return
    case 'blockquote':
      for (const child of node.children) collect(child, drafts, true)
      return
    case 'list':
      for (const item of node.children) {
        // A list item's own paragraphs form the item; nested lists follow as their own items.
        const own = item.children.filter((c) => c.type !== 'list')
        drafts.push({ kind: 'list-item', text: own.map((c) => toString(c as Nodes)).join(' ') })
        for (const nested of item.children) if (nested.type === 'list') collect(nested, drafts, inQuote)
      }
      return
    case 'code':
      drafts.push({ kind: 'preformatted', text: node.value })
      return
    case 'table':
      for (const row of node.children) {
        drafts.push({ kind: 'paragraph', text: row.children.map((cell) => toString(cell)).join(' | ') })
      }
      return
    default:
      // Thematic breaks, raw HTML and definitions carry no reading text.
      return
  }
}

/** Markdown through mdast: headings, paragraphs, quotes, lists and code keep their structure. */
export function extractMarkdown(source: string, fileName: string): ExtractedArticle {
  const tree = fromMarkdown(source.replace(/^---\n[\s\S]*?\n---\n/, ''))
  const drafts: BlockDraft[] = []
  for (const node of tree.children) collect(node, drafts, false)
  const h1 = drafts.find((d) => d.kind === 'heading' && d.level === 1)
  return {
    ...joinBlocks(drafts),
    title: h1?.text.replace(/\s+/g, ' ').trim() || titleFromFileName(fileName),
    byline: null,
    siteName: null,
    sourceUrl: null,
    publishedAt: null,
  }
}
