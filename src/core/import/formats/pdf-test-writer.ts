import { deflateSync, crc32 } from 'node:zlib'
import { PDFDocument, PDFName, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib'

/**
 * Test support: typesets real text into a PDF with pdf-lib the way a word processor would (wrapped lines,
 * words hyphenated at line ends, indented paragraphs with space between them, larger headings, a running
 * header and a page-number footer, one or two columns) and says what a reader should get back from it.
 */

export interface SourceBlock {
  kind: 'heading' | 'paragraph'
  /** 1: the title (20 pt), 2: a section heading (14 pt). */
  level?: 1 | 2
  text: string
}

export interface ExpectedBlock extends SourceBlock {
  /** The page the block starts on, 1-based. */
  page: number
}

export interface TypesetOptions {
  columns?: 1 | 2
  /** Break long words with a hyphen at line ends (and compounds at their hyphen before a capital). */
  hyphenate?: boolean
  /** A running header, drawn at the top of every page. */
  header?: string
  /** The footer of a page, centred at its bottom: `(page, pages) => 'Page 3 of 10'`. */
  footer?: (page: number, pages: number) => string
  /** Points; A4 unless given. */
  pageSize?: [number, number]
  font?: PDFFont
  boldFont?: PDFFont
  /** First-line indent of paragraphs (18 pt unless given) and the space between them (8 pt). */
  indent?: number
  paragraphGap?: number
  /** Justify lines (but a paragraph's last), each word drawn on its own, as many producers do. */
  justify?: boolean
}

export interface Typeset {
  pages: number
  blocks: ExpectedBlock[]
  /** Words broken across lines by an added hyphen, as they read whole. */
  hyphenated: string[]
  /** Hyphenated compounds broken at their own hyphen (before a capital or a digit). */
  compounds: string[]
}

const MARGIN = 72
const GUTTER = 24
const BODY = { size: 11, leading: 13.5 }
const HEADING_SIZE = { 1: 20, 2: 14 }

interface PlacedLine {
  page: number
  x: number
  y: number
  size: number
  bold: boolean
  text: string
  /** Width to justify the line to, if it is. */
  justifyTo?: number
}

/** Splits `text` into lines no wider than `width` (the first `firstIndent` narrower), hyphenating words. */
export function wrap(
  text: string,
  measure: (s: string) => number,
  width: number,
  firstIndent: number,
  hyphenate: boolean,
  found: Pick<Typeset, 'hyphenated' | 'compounds'>,
): string[] {
  const lines: string[] = []
  let line = ''
  const room = (): number => width - (lines.length === 0 ? firstIndent : 0)
  const words = text.split(/\s+/).filter(Boolean)
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!
    const candidate = line ? `${line} ${word}` : word
    if (measure(candidate) <= room()) {
      line = candidate
      continue
    }
    if (hyphenate && line) {
      const compound = /^([\p{L}\p{N}]+-)([\p{Lu}\p{N}].*)$/u.exec(word)
      if (compound && measure(`${line} ${compound[1]}`) <= room()) {
        lines.push(`${line} ${compound[1]}`)
        found.compounds.push(word.replace(/[^\p{L}\p{N}-]+$/u, ''))
        line = compound[2]!
        continue
      }
      const plain = /^(\p{L}{6,})(\P{L}*)$/u.exec(word)
      if (plain) {
        const core = plain[1]!
        let cut = 0
        for (let k = core.length - 4; k >= 3; k--) {
          if (/\p{Ll}/u.test(core[k]!) && measure(`${line} ${core.slice(0, k)}-`) <= room()) {
            cut = k
            break
          }
        }
        if (cut > 0) {
          lines.push(`${line} ${core.slice(0, cut)}-`)
          found.hyphenated.push(core)
          line = core.slice(cut) + plain[2]!
          continue
        }
      }
    }
    if (line) lines.push(line)
    line = word
  }
  if (line) lines.push(line)
  return lines
}

/** Lays the blocks out on pages and draws them, with header and footer, into `doc`. */
export async function typeset(
  doc: PDFDocument,
  blocks: SourceBlock[],
  options: TypesetOptions = {},
): Promise<Typeset> {
  const font = options.font ?? (await doc.embedFont(StandardFonts.TimesRoman))
  const bold = options.boldFont ?? (await doc.embedFont(StandardFonts.TimesRomanBold))
  const [pageWidth, pageHeight] = options.pageSize ?? [595.28, 841.89]
  const columns = options.columns ?? 1
  const textWidth = pageWidth - 2 * MARGIN
  const columnWidth = columns === 1 ? textWidth : (textWidth - GUTTER) / 2
  const top = pageHeight - MARGIN
  const found: Typeset = { pages: 1, blocks: [], hyphenated: [], compounds: [] }
  const placed: PlacedLine[] = []
  let page = 1
  let column = 0
  let y = top
  let columnTop = top
  const nextColumn = (): void => {
    column++
    if (column >= columns) {
      column = 0
      page++
      columnTop = top
    }
    y = columnTop
  }
  for (const [index, block] of blocks.entries()) {
    const heading = block.kind === 'heading'
    const size = heading ? HEADING_SIZE[block.level ?? 2] : BODY.size
    const leading = heading ? size * 1.25 : BODY.leading
    // The title of a two-column document runs across both columns.
    const spans = columns === 2 && heading && block.level === 1 && index === 0
    const width = spans ? textWidth : columnWidth
    const face = heading ? bold : font
    const measure = (s: string): number => face.widthOfTextAtSize(s, size)
    const indent = heading ? 0 : (options.indent ?? 18)
    const lines = wrap(block.text, measure, width, indent, options.hyphenate === true && !heading, found)
    const before = y === columnTop ? 0 : heading ? 12 : (options.paragraphGap ?? 8)
    y -= before
    let startPage = 0
    for (const [i, text] of lines.entries()) {
      if (y - leading < MARGIN) nextColumn()
      y -= leading
      if (startPage === 0) startPage = page
      const x = MARGIN + (spans ? 0 : column * (columnWidth + GUTTER)) + (i === 0 ? indent : 0)
      const justifyTo =
        options.justify && !heading && i < lines.length - 1 ? width - (i === 0 ? indent : 0) : undefined
      placed.push({ page, x, y, size, bold: heading, text, justifyTo })
    }
    if (spans) columnTop = y - 12
    found.blocks.push({ ...block, page: startPage })
  }
  found.pages = page
  const pages: PDFPage[] = []
  for (let p = 1; p <= page; p++) pages.push(doc.addPage([pageWidth, pageHeight]))
  for (const line of placed) {
    const face = line.bold ? bold : font
    const target = pages[line.page - 1]!
    if (line.justifyTo === undefined) {
      target.drawText(line.text, { x: line.x, y: line.y, size: line.size, font: face })
      continue
    }
    // As drawn: pdf-lib's measure subtracts kerning, which its drawText does not apply.
    const drawn = (word: string): number =>
      [...word].reduce((sum, c) => sum + face.widthOfTextAtSize(c, line.size), 0)
    const words = line.text.split(' ')
    const inked = words.reduce((sum, w) => sum + drawn(w), 0)
    const space = words.length > 1 ? (line.justifyTo - inked) / (words.length - 1) : 0
    let x = line.x
    for (const word of words) {
      target.drawText(word, { x, y: line.y, size: line.size, font: face })
      x += drawn(word) + space
    }
  }
  for (const [i, target] of pages.entries()) {
    if (options.header) target.drawText(options.header, { x: MARGIN, y: pageHeight - 40, size: 9, font })
    if (options.footer) {
      const text = options.footer(i + 1, page)
      const x = (pageWidth - font.widthOfTextAtSize(text, 9)) / 2
      target.drawText(text, { x, y: 36, size: 9, font })
    }
  }
  return found
}

/** Adds an XMP packet (the catalog's /Metadata stream) with the given Dublin Core and XMP properties. */
export function addXmp(
  doc: PDFDocument,
  fields: { title?: string; creators?: string[]; createDate?: string; keywords?: string; producer?: string },
): void {
  const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;')
  const xml = `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   ${fields.title ? `<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${escape(fields.title)}</rdf:li></rdf:Alt></dc:title>` : ''}
   ${fields.creators ? `<dc:creator><rdf:Seq>${fields.creators.map((c) => `<rdf:li>${escape(c)}</rdf:li>`).join('')}</rdf:Seq></dc:creator>` : ''}
   ${fields.createDate ? `<xmp:CreateDate>${fields.createDate}</xmp:CreateDate>` : ''}
   ${fields.keywords ? `<pdf:Keywords>${escape(fields.keywords)}</pdf:Keywords>` : ''}
   ${fields.producer ? `<pdf:Producer>${escape(fields.producer)}</pdf:Producer>` : ''}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`
  const stream = doc.context.stream(new TextEncoder().encode(xml), { Type: 'Metadata', Subtype: 'XML' })
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(stream))
}

function pngChunk(type: string, data: Uint8Array): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

/** A small greyscale PNG (a few dark "lines of print" on white), made from bytes: a stand-in for a scan. */
export function scanLikePng(width = 120, height = 160): Uint8Array {
  const rows: number[] = []
  for (let y = 0; y < height; y++) {
    rows.push(0)
    for (let x = 0; x < width; x++) rows.push(y % 12 < 3 && x > 10 && x < width - 10 - (y % 5) * 7 ? 30 : 250)
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header[8] = 8 // bit depth
  header[9] = 0 // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.from(rows))),
    pngChunk('IEND', new Uint8Array()),
  ])
}

/**
 * A valid PDF of `count` blank pages, written by hand with a balanced page tree (a hundred pages a node):
 * pdf-lib's flat tree of thousands of pages takes pdf.js seconds to walk.
 */
export function blankPagesPdf(count: number): Uint8Array {
  const objects: string[] = ['<< /Type /Catalog /Pages 2 0 R >>', '']
  const nodes: number[] = []
  for (let first = 0; first < count; first += 100) {
    const node = objects.push('') // its number is its 1-based index
    nodes.push(node)
    const kids: number[] = []
    for (let i = first; i < Math.min(count, first + 100); i++) {
      kids.push(objects.push(`<< /Type /Page /Parent ${node} 0 R /MediaBox [0 0 100 100] >>`))
    }
    objects[node - 1] =
      `<< /Type /Pages /Parent 2 0 R /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`
  }
  objects[1] = `<< /Type /Pages /Kids [${nodes.map((n) => `${n} 0 R`).join(' ')}] /Count ${count} >>`
  let pdf = '%PDF-1.7\n'
  const offsets: number[] = []
  for (const [i, body] of objects.entries()) {
    offsets.push(pdf.length)
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`
  }
  const xref = pdf.length
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  for (const offset of offsets) pdf += `${String(offset).padStart(10, '0')} 00000 n \n`
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return new TextEncoder().encode(pdf)
}

/**
 * A report of `count` numbered paragraphs ("Item 7. …", the paragraphs of `paragraphs` in turn) under
 * `title`, typeset without hyphenation so every item's number is in the text as written: several pages,
 * and the page each item was drawn on.
 */
export async function numberedReportPdf(
  title: string,
  paragraphs: readonly string[],
  count: number,
): Promise<{ bytes: Uint8Array; pageOf: (item: number) => number; pages: number }> {
  const items: SourceBlock[] = Array.from({ length: count }, (_, i) => ({
    kind: 'paragraph' as const,
    text: `Item ${i + 1}. ${paragraphs[i % paragraphs.length] ?? ''}`,
  }))
  const doc = await PDFDocument.create()
  doc.setTitle(title)
  const laid = await typeset(doc, [{ kind: 'heading', level: 1, text: title }, ...items], {
    footer: (page) => String(page),
  })
  const pageOf = (item: number): number =>
    laid.blocks.find((b) => b.text.startsWith(`Item ${item}. `))?.page ?? 0
  return { bytes: await doc.save(), pageOf, pages: laid.pages }
}
