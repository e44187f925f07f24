import type { Nodes, RootContent } from 'mdast'
import { fromMarkdown } from 'mdast-util-from-markdown'
import { joinBlocks, type BlockDraft } from '../../shared/blocks'
import type { ExtractedArticle } from './extracted-article'
import { titleFromFileName } from './decode-text'
import { splitFrontMatter } from './formats/front-matter'
import { checkMarkdownNesting } from './nesting-guard'

/**
 * A node's reading text. Unlike mdast-util-to-string, a hard line break is a space (not nothing), and
 * inline HTML contributes its text, not its tags.
 */
function toText(node: Nodes): string {
  switch (node.type) {
    case 'break':
      return ' '
    case 'html':
      return node.value.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ')
    case 'text':
    case 'inlineCode':
      return node.value
    case 'image':
      return node.alt ?? ''
    default:
      return 'children' in node ? node.children.map((child) => toText(child as Nodes)).join('') : ''
  }
}

function collect(node: RootContent, drafts: BlockDraft[], inQuote: boolean): void {
  switch (node.type) {
    case 'heading':
      drafts.push({ kind: 'heading', level: node.depth, text: toText(node) })
      return
    case 'paragraph':
      drafts.push({ kind: inQuote ? 'quote' : 'paragraph', text: toText(node) })
      return
    case 'blockquote':
      for (const child of node.children) collect(child, drafts, true)
      return
    case 'list':
      for (const item of node.children) {
        // A list item's own paragraphs form the item; nested lists follow as their own items.
        const own = item.children.filter((c) => c.type !== 'list')
        drafts.push({ kind: 'list-item', text: own.map((c) => toText(c as Nodes)).join(' ') })
        for (const nested of item.children) if (nested.type === 'list') collect(nested, drafts, inQuote)
      }
      return
    case 'code':
      drafts.push({ kind: 'preformatted', text: node.value })
      return
    case 'table':
      for (const row of node.children) {
        drafts.push({ kind: 'paragraph', text: row.children.map((cell) => toText(cell)).join(' | ') })
      }
      return
    case 'html':
      // A raw HTML block keeps its words (as a paragraph); only the tags go.
      drafts.push({ kind: inQuote ? 'quote' : 'paragraph', text: toText(node) })
      return
    default:
      // Thematic breaks and link definitions carry no reading text.
      return
  }
}

/** Markdown through mdast: headings, paragraphs, quotes, lists and code keep their structure. */
export function extractMarkdown(source: string, fileName: string): ExtractedArticle {
  // micromark takes seconds on deep nesting and then overflows the stack (see nesting-guard.ts).
  checkMarkdownNesting(source)
  // Front matter (title, author, date, url, tags) names the document; its fields win over what the body says.
  const { data, body } = splitFrontMatter(source)
  const tree = fromMarkdown(body)
  const drafts: BlockDraft[] = []
  for (const node of tree.children) collect(node, drafts, false)
  const h1 = drafts.find((d) => d.kind === 'heading' && d.level === 1)
  return {
    ...joinBlocks(drafts),
    title: data.title || h1?.text.replace(/\s+/g, ' ').trim() || titleFromFileName(fileName),
    byline: data.author ?? null,
    siteName: null,
    sourceUrl: data.url ?? null,
    publishedAt: data.date ?? null,
    ...(data.tags?.length ? { tags: data.tags } : {}),
    ...(Object.keys(data.other).length > 0 ? { properties: data.other } : {}),
  }
}
