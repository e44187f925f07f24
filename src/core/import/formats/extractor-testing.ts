import { expect } from 'vitest'
import { CasebookError } from '../../../shared/errors'
import type { BinaryExtractor, ExtractedArticle } from '../extracted-article'

/** Test support for the binary extractors: their one article, their refusal, their blocks as read. */

export async function onlyArticle(
  extract: BinaryExtractor,
  bytes: Uint8Array,
  fileName: string,
): Promise<ExtractedArticle> {
  const { articles } = await extract(bytes, fileName)
  expect(articles).toHaveLength(1)
  return articles[0] as ExtractedArticle
}

/** The CasebookError the extractor refuses the bytes with (anything else fails the test). */
export async function refusalOf(
  extract: BinaryExtractor,
  bytes: Uint8Array,
  fileName: string,
): Promise<CasebookError> {
  const error = await extract(bytes, fileName).then(
    () => new Error('expected a refusal'),
    (e: unknown) => e,
  )
  if (error instanceof CasebookError) return error
  throw error
}

/** The blocks as [kind (`h1`…`h6` for headings), text], the way a reader sees them. */
export function blockShape(article: ExtractedArticle): Array<[string, string]> {
  return article.blocks.map((b) => [
    b.kind === 'heading' ? `h${b.level}` : b.kind,
    article.text.slice(b.start, b.end),
  ])
}
