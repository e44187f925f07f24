import { CasebookError, type ErrorCode } from '../../shared/errors'
import { countWords } from '../archive/word-count'
import { detectLanguage } from './detect-language'
import { extractFile } from './extract-file'
import type { ExtractedFile } from './extracted-article'

/**
 * Everything an import computes from a file before it touches the archive: the extraction and each
 * article's language. Kept together so that it can run on another thread (extraction-pool.ts) and the
 * archive's thread only stores what comes back.
 */
export async function extractForImport(fileName: string, bytes: Uint8Array): Promise<ExtractedFile> {
  return withReadingDetails(await extractFile(fileName, bytes))
}

/** Each article's language (none for a scan's marker) and word count, computed where it was read. */
export function withReadingDetails(extracted: ExtractedFile): ExtractedFile {
  for (const article of extracted.articles) {
    article.language = article.needsOcr ? null : detectLanguage(article.text, article.declaredLanguage)
    article.wordCount = countWords(article.text)
  }
  return extracted
}

/** A failed extraction as it crosses a thread: a CasebookError keeps its code, anything else its message. */
export interface ExtractionFailure {
  code: string | null
  message: string
}

export function describeFailure(error: unknown): ExtractionFailure {
  if (error instanceof CasebookError) return { code: error.code, message: error.message }
  return { code: null, message: error instanceof Error ? error.message : String(error) }
}

export function rebuildFailure(failure: ExtractionFailure): Error {
  return failure.code
    ? new CasebookError(failure.code as ErrorCode, failure.message)
    : new Error(failure.message)
}
