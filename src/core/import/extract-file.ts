import { CasebookError } from '../../shared/errors'
import { extensionOf } from '../../shared/import-formats'
import { extractArticle } from './extract-article'
import type { BinaryExtractor, ExtractedFile } from './extracted-article'

/**
 * The formats read from their bytes, possibly asynchronously (issue 7), each loaded on first use: pdf.js and
 * mammoth are large, and an archive of plain text never needs them.
 */
const BINARY_FORMATS: Record<string, () => Promise<BinaryExtractor>> = {
  '.pdf': async () => (await import('./formats/pdf-format')).extractPdf,
  '.docx': async () => (await import('./formats/docx-format')).extractDocx,
  '.epub': async () => (await import('./formats/epub-format')).extractEpub,
  '.eml': async () => (await import('./formats/email-format')).extractEml,
  '.mbox': async () => (await import('./formats/email-format')).extractMbox,
  '.mhtml': async () => (await import('./formats/mhtml-format')).extractMhtml,
  '.mht': async () => (await import('./formats/mhtml-format')).extractMhtml,
}

/** Whether a file's format is read synchronously from decoded text (text, Markdown, HTML). */
export function isTextFormat(fileName: string): boolean {
  return !(extensionOf(fileName) in BINARY_FORMATS)
}

/** Extracts a text-format file (the engine's synchronous path). */
export function extractTextFile(fileName: string, bytes: Uint8Array): ExtractedFile {
  if (!isTextFormat(fileName))
    throw new CasebookError(
      'invalid_input',
      `${fileName} is read in the background: import it with dispatchAsync`,
    )
  return { articles: [extractArticle(fileName, bytes)] }
}

/** Extracts any supported file: one article, or several (an mbox), with attachments to import after it. */
export async function extractFile(fileName: string, bytes: Uint8Array): Promise<ExtractedFile> {
  const load = BINARY_FORMATS[extensionOf(fileName)]
  if (!load) return extractTextFile(fileName, bytes)
  // A plain Uint8Array copy: pdf.js refuses a Node Buffer (which the engine has from base64), and a
  // library that transfers or detaches its input must not take the caller's bytes (kept as the original).
  const extracted = await (await load())(new Uint8Array(bytes), fileName)
  if (extracted.articles.length === 0) throw new CasebookError('bad_file', 'it contains no text')
  return extracted
}
