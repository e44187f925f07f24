import { CasebookError } from '../../shared/errors'
import {
  extensionOf,
  IMPORTABLE_EXTENSIONS,
  isImportableFile,
  type ImportableExtension,
} from '../../shared/import-formats'
import type { ExtractedArticle } from './extracted-article'
import { decodeTextDetected } from './decode-text'
import { extractHtml } from './html-format'
import { extractMarkdown } from './markdown-format'
import { extractPlainText } from './text-format'

type Extractor = (source: string, fileName: string) => ExtractedArticle

/** The formats read from decoded text; the others are read from bytes (extract-file.ts). */
const EXTRACTORS: Partial<Record<ImportableExtension, Extractor>> = {
  '.txt': extractPlainText,
  '.text': extractPlainText,
  '.md': extractMarkdown,
  '.markdown': extractMarkdown,
  '.html': extractHtml,
  '.htm': extractHtml,
  '.xhtml': extractHtml,
}

/** Picks the extractor by extension and turns a file's bytes into an article, or a clear reason why not. */
export function extractArticle(fileName: string, bytes: Uint8Array): ExtractedArticle {
  const extension = extensionOf(fileName)
  if (!isImportableFile(fileName)) {
    const what = extension
      ? `'${extension}' files are not supported`
      : 'files without an extension are not supported'
    throw new CasebookError(
      'unsupported_file',
      `${what} (Casebook imports ${IMPORTABLE_EXTENSIONS.join(', ')})`,
    )
  }
  const extractor = EXTRACTORS[extension as ImportableExtension]
  if (!extractor)
    throw new CasebookError(
      'unsupported_file',
      `'${extension}' files are read from their bytes (extract-file.ts)`,
    )
  const { text, detectedEncoding } = decodeTextDetected(bytes, { html: extractor === extractHtml })
  const article = extractor(text, fileName)
  if (!article.text.trim()) throw new CasebookError('bad_file', 'it contains no text')
  // A guessed encoding is shown with the article, so a wrong guess can be seen for what it is.
  if (detectedEncoding)
    article.properties = { ...article.properties, 'Text encoding': `${detectedEncoding} (detected)` }
  return article
}
