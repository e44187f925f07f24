import type { Block, ArticleMetadata } from '../../shared/model'

/** What every format's extractor produces: canonical text, its blocks, and what metadata it found. */
export interface ExtractedArticle extends ArticleMetadata {
  text: string
  blocks: Block[]
}
