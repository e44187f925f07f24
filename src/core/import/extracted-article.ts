import type { Block, ArticleMetadata } from '../../shared/model'

/** What every format's extractor produces: canonical text, its blocks, and what metadata it found. */
export interface ExtractedArticle extends ArticleMetadata {
  text: string
  blocks: Block[]
  /**
   * Metadata the format carried beyond the common fields, by the format's own names, kept as found and shown
   * to the user: a PDF's info dictionary and XMP (Producer, Subject, Keywords…), a DOCX's core properties, an
   * e-mail's From / To / Cc, an EPUB's OPF (publisher, identifier…). Values are plain text.
   */
  properties?: Record<string, string>
  /** Tags the source gave (Markdown front matter `tags`, EPUB subjects, PDF keywords split). */
  tags?: string[]
  /**
   * The file has pages but no text layer (a scan): the article's text is a marker that says so, so it is
   * found and listed, never silently empty (issue 7, "needs OCR").
   */
  needsOcr?: boolean
  /**
   * The text's language (ISO 639-1), detected offline when the file is read for import (extract-for-import.ts);
   * null when the text is too short to tell or is a scan's marker. Search stems the article's words by it.
   */
  language?: string | null
  /**
   * The language the file declares (a page's `<html lang>`), as found: a hint for the detection, which takes
   * it only when the text's start reads as that language too.
   */
  declaredLanguage?: string | null
  /** Its words, counted where it was read (a reading thread), so the archive's thread need not. */
  wordCount?: number
}

/**
 * What a binary (or many-article) format yields from one file: usually one article; an mbox yields one per
 * message; an e-mail's attachments of supported kinds come as files to import after it, linked to it.
 */
export interface ExtractedFile {
  articles: ExtractedArticle[]
  attachments?: ExtractedAttachment[]
}

export interface ExtractedAttachment {
  /** The attachment's own file name (its extension picks its extractor). */
  name: string
  bytes: Uint8Array
  /** Index in `articles` of the message it was attached to. */
  parent: number
}

/**
 * An extractor of a format that needs the file's bytes (PDF, DOCX, EPUB, e-mail, MHTML) and may work
 * asynchronously (pdf.js does). It throws CasebookError('bad_file' | 'unsupported_file', reason) for a
 * file it cannot read, with a reason fit for the user ("it is encrypted", "it is truncated", …); the
 * caller adds the file's name.
 */
export type BinaryExtractor = (bytes: Uint8Array, fileName: string) => Promise<ExtractedFile>
