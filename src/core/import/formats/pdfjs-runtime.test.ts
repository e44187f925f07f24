import { PDFDocument, StandardFonts } from 'pdf-lib'
import { describe, expect, it } from 'vitest'
import { onlyArticle } from './extractor-testing'
import { extractPdf } from './pdf-format'
import { loadPdfjs } from './pdfjs-runtime'

// Read before pdf.js is loaded: core-js wraps Function.prototype.toString so its own functions print as
// native code, so only identity with these proves a built-in is back.
const NATIVE_PUSH = Array.prototype.push
const NATIVE_TO_STRING = Function.prototype.toString

async function onePagePdf(text: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create()
  const font = await pdf.embedFont(StandardFonts.Helvetica)
  pdf.addPage([300, 200]).drawText(text, { x: 20, y: 150, size: 12, font })
  return pdf.save()
}

describe('loadPdfjs', () => {
  it('leaves the thread its native Array.prototype.push after pdf.js, both halves, is loaded and used', async () => {
    const pdfjs = await loadPdfjs()
    expect(typeof pdfjs.getDocument).toBe('function')
    // The worker half is in, so pdf.js's fake worker imports nothing later (which would polyfill again).
    const worker = (globalThis as { pdfjsWorker?: { WorkerMessageHandler?: unknown } }).pdfjsWorker
    expect(worker?.WorkerMessageHandler).toBeDefined()
    const article = await onlyArticle(extractPdf, await onePagePdf('Ballots were counted twice.'), 'one.pdf')
    expect(article.text).toBe('Ballots were counted twice.')
    expect(Array.prototype.push).toBe(NATIVE_PUSH)
    expect(Function.prototype.toString).toBe(NATIVE_TO_STRING)
    const list: number[] = []
    expect(list.push(1, 2)).toBe(2)
    // What Node 20 lacks and pdf.js needs is still added.
    expect(typeof (Promise as { withResolvers?: unknown }).withResolvers).toBe('function')
  })

  it('loads once: every caller gets the same module', async () => {
    expect(await loadPdfjs()).toBe(await loadPdfjs())
  })
})
