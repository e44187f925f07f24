import { CasebookError } from '../../shared/errors'
import type { ExtractedArticle } from './extracted-article'
import { decodeUtf8 } from './decode-text'
import { extractHtml } from './html-format'
import { extractMarkdown } from './markdown-format'
import { extractPlainText } from './text-format'

type Extractor = (source: string, fileName: string) => ExtractedArticle

const EXTRACTORS: Record<string, Extractor> = {
  '.txt': extractPlainText,
  '.text': extractPlainText,
  '.md': extractMarkdown,
  '.markdown': extractMarkdown,
  '.html': extractHtml,
  '.htm': extractHtml,
  '.xhtml': extractHtml,
}

export const SUPPORTED_EXTENSIONS = Object.keys(EXTRACTORS)

function extensionOf(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName
  const dot = base.lastIndexOf('.')
  return dot > 0 ? base.slice(dot).toLowerCase() : ''
}

export function isSupportedFile(fileName: string): boolean {
  return extensionOf(fileName) in EXTRACTORS
}

/** Picks the extractor by extension and turns a file's bytes into an article, or a clear reason why not. */
export function extractArticle(fileName: string, bytes: Uint8Array): ExtractedArticle {
  const extension = extensionOf(fileName)
  const extractor = EXTRACTORS[extension]
  if (!extractor) {
    const what = extension
      ? `'${extension}' files are not supported`
      : 'files without an extension are not supported'
    throw new CasebookError(
      'unsupported_file',
      `${what} (Casebook imports ${SUPPORTED_EXTENSIONS.join(', ')})`,
    )
  }
  const article = extractor(decodeUtf8(bytes), fileName)
  if (!article.text.trim()) throw new CasebookError('bad_file', 'it contains no text')
  return article
}
