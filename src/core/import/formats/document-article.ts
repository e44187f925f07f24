import { joinBlocks, type BlockDraft } from '../../../shared/blocks'
import { CasebookError } from '../../../shared/errors'
import type { ArticleMetadata } from '../../../shared/model'
import { titleFromFileName } from '../decode-text'
import type { ExtractedArticle } from '../extracted-article'

/** What a document (DOCX, EPUB) says about itself; a missing title is found in its text or its file name. */
export interface DocumentMetadata extends Omit<ArticleMetadata, 'title'> {
  title: string | null
  properties: Record<string, string>
  tags: string[]
}

/**
 * A document's article: its blocks joined, titled by its metadata, else its first heading, else its file
 * name; properties and tags only when there are some. `noText` is the reason given when there is no text.
 */
export function documentArticle(
  drafts: BlockDraft[],
  metadata: DocumentMetadata,
  fileName: string,
  noText: string,
): ExtractedArticle {
  const { text, blocks } = joinBlocks(drafts)
  if (!text) throw new CasebookError('bad_file', noText)
  const heading = blocks.find((block) => block.kind === 'heading')
  const { properties, tags, ...fields } = metadata
  const article: ExtractedArticle = {
    ...fields,
    text,
    blocks,
    title: metadata.title ?? (heading ? text.slice(heading.start, heading.end) : titleFromFileName(fileName)),
  }
  if (Object.keys(properties).length) article.properties = properties
  if (tags.length) article.tags = tags
  return article
}
