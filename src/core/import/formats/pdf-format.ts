import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs'
import type { BlockDraft } from '../../../shared/blocks'
import { CasebookError } from '../../../shared/errors'
import type { BinaryExtractor } from '../extracted-article'
import { documentArticle } from './document-article'
import { layoutBlocks, type PageText, type TextRun } from './pdf-layout'
import { readPdfMetadata } from './pdf-metadata'
import { loadPdfjs, type Pdfjs } from './pdfjs-runtime'

const NO_TEXT = 'it contains no text'

/** More pages than this is refused before any is read: a guard on memory and time, not a format limit. */
export const MAX_PDF_PAGES = 5000

/** pdf.js's own data files (standard fonts, CMaps, ICC profiles, wasm decoders), read from disk. */
const PDFJS_ROOT = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'))
const pdfjsFolder = (name: string): string => `${join(PDFJS_ROOT, name)}/`

/**
 * pdf.js on Node, offline. It is given the bytes (never a URL), so it opens no stream; every data file it
 * may want is a local folder, read through its Node factories (fs), and `useWorkerFetch: false` keeps the
 * worker from fetching them itself. No worker thread: on Node pdf.js runs its "fake worker" in this thread
 * (the engine already runs in its own). No eval of PDF functions, no system fonts, no XFA, no warnings on
 * the console (a damaged file is reported through the error it throws).
 */
const PDFJS_OPTIONS = {
  isEvalSupported: false,
  useSystemFonts: false,
  useWorkerFetch: false,
  disableFontFace: true,
  enableXfa: false,
  isOffscreenCanvasSupported: false,
  isImageDecoderSupported: false,
  standardFontDataUrl: pdfjsFolder('standard_fonts'),
  cMapUrl: pdfjsFolder('cmaps'),
  cMapPacked: true,
  iccUrl: pdfjsFolder('iccs'),
  wasmUrl: pdfjsFolder('wasm'),
  /** VerbosityLevel.ERRORS, written out: the module is loaded only when a PDF comes. */
  verbosity: 0,
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message.replace(/\s+/g, ' ').replace(/[.\s]+$/, '') || 'unknown error'
}

function openError(error: unknown, bytes: Uint8Array): CasebookError {
  if (error instanceof CasebookError) return error
  if ((error as { name?: unknown } | null)?.name === 'PasswordException') {
    return new CasebookError(
      'bad_file',
      'it is encrypted with a password; open it in a PDF reader and save an unprotected copy',
    )
  }
  const cut = Buffer.from(bytes.subarray(-1024)).includes('%%EOF')
    ? ''
    : '; it ends without an end-of-file marker, as a file cut short does'
  return new CasebookError('bad_file', `it is damaged (${reasonOf(error)}${cut})`)
}

/** pdf.js finds the header anywhere in the first kilobyte, as readers do. */
function hasPdfHeader(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 1024)).includes('%PDF-')
}

/**
 * A page's text runs, turned upright through the page's viewport (so a page with /Rotate reads as shown):
 * x, y in points from the bottom left. Text at an angle, upside down or set vertically goes aside.
 */
async function readPage(page: PDFPageProxy, Util: Pdfjs['Util']): Promise<PageText> {
  const viewport = page.getViewport({ scale: 1 })
  const content = await page.getTextContent()
  const runs: TextRun[] = []
  const aside: string[] = []
  let spaceBefore = false
  for (const item of content.items) {
    if (!('str' in item)) continue
    if (item.str.trim() === '') {
      // A space of its own between two runs; an empty item marks the end of a line.
      spaceBefore = item.str !== ''
      continue
    }
    const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = Util.transform(viewport.transform, item.transform)
    if (item.dir === 'ttb' || a <= 0 || Math.abs(b) > 0.05 * a) {
      aside.push(item.str)
      spaceBefore = false
      continue
    }
    runs.push({
      text: item.str,
      x: e,
      y: viewport.height - f,
      width: item.width,
      size: Math.hypot(c, d),
      rtl: item.dir === 'rtl',
      spaceBefore,
    })
    spaceBefore = false
  }
  return { page: page.pageNumber, runs, aside }
}

async function readPages(doc: PDFDocumentProxy, Util: Pdfjs['Util']): Promise<PageText[]> {
  const pages: PageText[] = []
  for (let number = 1; number <= doc.numPages; number++) {
    let page: PDFPageProxy | undefined
    try {
      page = await doc.getPage(number)
      pages.push(await readPage(page, Util))
    } catch (error) {
      throw new CasebookError('bad_file', `it is damaged (page ${number}: ${reasonOf(error)})`)
    } finally {
      page?.cleanup()
    }
  }
  return pages
}

/** The text of a PDF without a text layer: a marker that says so, never nothing. */
export function needsOcrMarker(pageCount: number): string {
  const pages = pageCount === 1 ? '1 page' : `${pageCount.toLocaleString('en-US')} pages`
  return `[No text layer: this PDF is a scanned image of ${pages} and needs OCR before its words can be searched or highlighted.]`
}

/**
 * A PDF's text layer as one article: reading order, paragraphs and headings from the layout (see
 * pdf-layout.ts), each block with the page it starts on; metadata from XMP, else the info dictionary.
 * Refuses an encrypted or damaged file, or one of more than MAX_PDF_PAGES pages, with a reason.
 */
export const extractPdf: BinaryExtractor = async (bytes, fileName) => {
  if (bytes.length === 0) throw new CasebookError('bad_file', 'the file is empty')
  if (!hasPdfHeader(bytes)) throw new CasebookError('bad_file', 'it is not a PDF (it has no %PDF- header)')
  // pdf.js takes over the buffer it is given (transfers it) and refuses a Node Buffer: a plain copy, always
  // (Buffer's slice() would be a view of the caller's bytes).
  const { getDocument, Util } = await loadPdfjs().catch((error: unknown) => {
    throw new CasebookError('internal', `the PDF reader could not be loaded (${reasonOf(error)})`)
  })
  const task = getDocument({ ...PDFJS_OPTIONS, data: new Uint8Array(bytes) })
  try {
    const doc = await task.promise.catch((error: unknown) => {
      throw openError(error, bytes)
    })
    if (doc.numPages > MAX_PDF_PAGES) {
      throw new CasebookError(
        'bad_file',
        `it has ${doc.numPages.toLocaleString('en-US')} pages; Casebook imports PDFs of up to ${MAX_PDF_PAGES.toLocaleString('en-US')} pages`,
      )
    }
    if (doc.numPages === 0) throw new CasebookError('bad_file', 'it has no pages')
    const pages = await readPages(doc, Util)
    const metadata = await readPdfMetadata(doc)
    const drafts = layoutBlocks(pages)
    if (drafts.length > 0) return { articles: [documentArticle(drafts, metadata, fileName, NO_TEXT)] }
    const marker: BlockDraft = { kind: 'paragraph', text: needsOcrMarker(doc.numPages), page: 1 }
    return { articles: [{ ...documentArticle([marker], metadata, fileName, NO_TEXT), needsOcr: true }] }
  } finally {
    await task.destroy()
  }
}
