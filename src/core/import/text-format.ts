import { joinBlocks, type BlockDraft } from '../../shared/blocks'
import type { ExtractedArticle } from './extracted-article'
import { titleFromFileName } from './decode-text'

/** A short line without closing punctuation, followed by more text, reads as a heading. */
function looksLikeHeading(line: string, next: string | undefined): boolean {
  return line.length <= 90 && !/[.!?:;,…"”»)]$/.test(line) && next !== undefined && next.length > line.length
}

/**
 * Plain text: paragraphs are separated by blank lines; where a file has none, each line is a paragraph
 * (as in text copied from a web page). Short unpunctuated lines become headings.
 */
export function extractPlainText(source: string, fileName: string): ExtractedArticle {
  const normalised = source.replace(/\r\n?/g, '\n')
  const chunks = /\n[ \t]*\n/.test(normalised) ? normalised.split(/\n[ \t]*\n+/) : normalised.split('\n')
  const paragraphs = chunks.map((c) => c.replace(/\s+/g, ' ').trim()).filter(Boolean)
  const drafts: BlockDraft[] = paragraphs.map((text, i) => ({
    kind: looksLikeHeading(text, paragraphs[i + 1]) ? 'heading' : 'paragraph',
    level: 2,
    text,
  }))
  let title = titleFromFileName(fileName)
  const first = drafts[0]
  if (first?.kind === 'heading') {
    title = first.text
    first.level = 1
  }
  return { ...joinBlocks(drafts), title, byline: null, siteName: null, sourceUrl: null, publishedAt: null }
}
