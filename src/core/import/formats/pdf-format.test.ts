import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { degrees, PDFDocument } from 'pdf-lib'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadBrownCorpus, type CorpusText } from '../../../../bench/brown-corpus'
import { OWN_FIXTURES, SHARED_ARTICLE, SHARED_AVAILABLE } from '../../testing/temp-archive'
import type { ExtractedArticle } from '../extracted-article'
import { onlyArticle, refusalOf } from './extractor-testing'
import { extractPdf, MAX_PDF_PAGES, needsOcrMarker } from './pdf-format'
import { joinLines, layoutBlocks, type TextRun } from './pdf-layout'
import { pdfDateToIso } from './pdf-metadata'
import {
  addXmp,
  blankPagesPdf,
  scanLikePng,
  typeset,
  wrap,
  type SourceBlock,
  type Typeset,
  type TypesetOptions,
} from './pdf-test-writer'

const FIXTURES = join(import.meta.dirname, 'fixtures')
const DEJAVU = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'

const extract = (bytes: Uint8Array, fileName = 'test.pdf'): Promise<ExtractedArticle> =>
  onlyArticle(extractPdf, bytes, fileName)

/** An article's blocks with their text, in the shape of what the typesetter says it drew. */
function blocksOf(
  article: ExtractedArticle,
): { kind: string; level?: number; page?: number; text: string }[] {
  return article.blocks.map((b) => ({
    kind: b.kind,
    ...(b.level === undefined ? {} : { level: b.level }),
    page: b.page,
    text: article.text.slice(b.start, b.end),
  }))
}

function expected(set: Typeset): { kind: string; level?: number; page?: number; text: string }[] {
  return set.blocks.map((b) => ({
    kind: b.kind,
    ...(b.kind === 'heading' ? { level: b.level ?? 2 } : {}),
    page: b.page,
    text: b.text.replace(/\s+/g, ' ').trim(),
  }))
}

async function expectRefusal(bytes: Uint8Array, reason: RegExp | string): Promise<void> {
  const error = await refusalOf(extractPdf, bytes, 'refused.pdf')
  expect(error.code).toBe('bad_file')
  if (typeof reason === 'string') expect(error.message).toBe(reason)
  else expect(error.message).toMatch(reason)
}

/** Typesets blocks into a new PDF; `prepare` may set metadata first. */
async function pdfOf(
  blocks: SourceBlock[],
  options: TypesetOptions,
  prepare?: (doc: PDFDocument) => void,
): Promise<{ bytes: Uint8Array; set: Typeset }> {
  const doc = await PDFDocument.create()
  const set = await typeset(doc, blocks, options)
  prepare?.(doc)
  return { bytes: await doc.save(), set }
}

/** The Kazakhstan article's lines: short lines without closing punctuation are its section headings. */
function kazakhstanBlocks(): SourceBlock[] {
  const lines = readFileSync(SHARED_ARTICLE, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
  return lines.map((text, i) => {
    const heading =
      text.length <= 90 && !/[.!?:;,…"”»)]$/.test(text) && (lines[i + 1]?.length ?? 0) > text.length
    return heading ? { kind: 'heading', level: 2, text } : { kind: 'paragraph', text }
  })
}

if (!SHARED_AVAILABLE)
  console.warn(
    'Skipping the PDF test on the shared real article: ../shared/fixtures is not beside this checkout.',
  )

describe.skipIf(!SHARED_AVAILABLE)('extractPdf on the shared real article, typeset', () => {
  const title = 'Kazakhstan: the snap presidential election'
  let bytes: Uint8Array
  let set: Typeset
  let article: ExtractedArticle

  beforeAll(async () => {
    ;({ bytes, set } = await pdfOf(
      [{ kind: 'heading', level: 1, text: title }, ...kazakhstanBlocks()],
      {
        hyphenate: true,
        header: 'Casebook test print — Kazakhstan election 2022',
        footer: (page, pages) => `Page ${page} of ${pages}`,
      },
      (doc) => {
        doc.setTitle('Kazakhstan election 2022: results and reactions')
        doc.setAuthor('Casebook test desk')
        doc.setSubject('The snap presidential election of November 2022')
        // One string, so pdf-lib keeps the separators as written.
        doc.setKeywords(['Kazakhstan, election; Tokayev ,observers'])
        doc.setCreator('Casebook typesetter')
        doc.setProducer('pdf-lib')
        doc.setCreationDate(new Date('2022-11-21T08:30:00Z'))
      },
    ))
    article = await extract(bytes, 'kazakhstan.pdf')
  })

  it('gives the text back paragraph for paragraph, in order, with the page each block starts on', () => {
    expect(set.pages).toBeGreaterThanOrEqual(3)
    expect(blocksOf(article)).toEqual(expected(set))
    expect(article.text).toBe(
      expected(set)
        .map((b) => b.text)
        .join('\n\n'),
    )
    expect(article.blocks.at(-1)!.page).toBe(set.pages)
  })

  it('drops the running header and the "Page N of M" footers', () => {
    expect(article.text).not.toContain('Casebook test print')
    expect(article.text).not.toMatch(/Page \d+ of \d+/)
  })

  it('rejoins words hyphenated at line ends and keeps the compounds of the text', () => {
    expect(set.hyphenated.length).toBeGreaterThan(10)
    for (const word of set.hyphenated) expect(article.text).toContain(word)
    expect(article.text).toContain('Kasym-Zhomart Tokayev')
    expect(article.text).toContain('ex-president Nursultan Nazarbayev')
  })

  it('maps the info dictionary: title, author, creation date as ISO 8601, the rest as properties, keywords as tags', () => {
    expect(article).toMatchObject({
      title: 'Kazakhstan election 2022: results and reactions',
      byline: 'Casebook test desk',
      publishedAt: '2022-11-21T08:30:00Z',
      properties: {
        Subject: 'The snap presidential election of November 2022',
        Keywords: 'Kazakhstan, election; Tokayev ,observers',
        Creator: 'Casebook typesetter',
        Producer: 'pdf-lib',
        ModDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      },
      tags: ['Kazakhstan', 'election', 'Tokayev', 'observers'],
    })
    expect(article.needsOcr).toBeUndefined()
  })

  it('leaves the caller’s bytes whole (pdf.js is given a copy to take)', () => {
    expect(bytes.byteLength).toBeGreaterThan(1000)
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-')
  })
})

describe('extractPdf on typeset Brown corpus texts', () => {
  let corpus: Map<string, CorpusText>
  const brown = (name: string): SourceBlock[] => [
    { kind: 'heading', level: 1, text: `The Brown Corpus, text ${name}` },
    ...corpus
      .get(name)!
      .text.split('\n\n')
      .map((text): SourceBlock => ({ kind: 'paragraph', text })),
  ]

  beforeAll(() => {
    corpus = new Map(loadBrownCorpus().map((t) => [t.name, t]))
  })

  it('one column, a page number alone as footer: text, pages, compounds at line ends kept', async () => {
    const { bytes, set } = await pdfOf(brown('cb23'), {
      hyphenate: true,
      header: 'The Brown Corpus',
      footer: (page) => String(page),
    })
    const article = await extract(bytes)
    expect(set.compounds.length).toBeGreaterThan(0)
    expect(blocksOf(article)).toEqual(expected(set))
    for (const compound of set.compounds) expect(article.text).toContain(compound)
    for (const word of set.hyphenated) expect(article.text).toContain(word)
    expect(article.text).not.toContain('The Brown Corpus\n')
    expect(article.text).not.toMatch(/\n\n\d+\n\n|\n\n\d+$/)
    // No metadata title: the first heading is the title.
    expect(article.title).toBe('The Brown Corpus, text cb23')
    expect(article.blocks[0]).toMatchObject({ kind: 'heading', level: 1, page: 1 })
  })

  it('two columns under a title across both: left column, then right, page by page', async () => {
    const { bytes, set } = await pdfOf(brown('ca37'), {
      columns: 2,
      hyphenate: true,
      header: 'The Brown Corpus',
      footer: (page, pages) => `Page ${page} of ${pages}`,
    })
    expect(set.pages).toBeGreaterThanOrEqual(2)
    expect(set.compounds.length).toBeGreaterThan(0)
    expect(blocksOf(await extract(bytes))).toEqual(expected(set))
  })

  it('justified lines drawn word by word, paragraphs told apart by space alone', async () => {
    const { bytes, set } = await pdfOf(brown('cj01'), {
      justify: true,
      indent: 0,
      hyphenate: true,
      footer: (page) => `- ${page} -`,
    })
    expect(set.pages).toBeGreaterThanOrEqual(3)
    expect(blocksOf(await extract(bytes))).toEqual(expected(set))
  })

  it('paragraphs told apart by indent alone, dialogue of one-line paragraphs among them', async () => {
    const { bytes, set } = await pdfOf(brown('cn29'), { paragraphGap: 0, hyphenate: true })
    expect(blocksOf(await extract(bytes))).toEqual(expected(set))
  })

  it('keeps text set at an angle (a margin stamp) out of the flow, after it, with its page', async () => {
    const { bytes, set } = await pdfOf(brown('ca01').slice(0, 6), { hyphenate: true }, (doc) => {
      const page = doc.getPage(0)
      page.drawText('RECEIVED 12 MAR 1961', { x: 40, y: 300, size: 8, rotate: degrees(90) })
    })
    const article = await extract(bytes)
    expect(blocksOf(article)).toEqual([
      ...expected(set),
      { kind: 'paragraph', page: 1, text: 'RECEIVED 12 MAR 1961' },
    ])
  })
})

describe('extractPdf metadata', () => {
  const blocks: SourceBlock[] = [
    { kind: 'paragraph', text: 'Observers reported long queues at the polling stations of Almaty.' },
  ]

  it('prefers XMP (dc:title, dc:creator, xmp:CreateDate) to the info dictionary, and keeps the rest', async () => {
    const { bytes } = await pdfOf(blocks, {}, (doc) => {
      doc.setTitle('Info title')
      doc.setAuthor('Info author')
      doc.setSubject('Info subject')
      doc.setKeywords(['info keyword'])
      doc.setCreationDate(new Date('2020-01-01T00:00:00Z'))
      addXmp(doc, {
        title: 'Observers & queues in Almaty',
        creators: ['Aigerim Nurlanovna', 'Roman Reimer'],
        createDate: '2022-11-20T21:15:00+06:00',
        keywords: 'observers; Almaty, queues',
        producer: 'Casebook XMP writer',
      })
    })
    const article = await extract(bytes)
    expect(article).toMatchObject({
      title: 'Observers & queues in Almaty',
      byline: 'Aigerim Nurlanovna, Roman Reimer',
      publishedAt: '2022-11-20T21:15:00+06:00',
      // Subject from the info dictionary (the XMP has none); Keywords and Producer from the XMP.
      properties: {
        Subject: 'Info subject',
        Keywords: 'observers; Almaty, queues',
        Producer: 'Casebook XMP writer',
      },
      tags: ['observers', 'Almaty', 'queues'],
    })
  })

  it('without a title anywhere, takes the file name', async () => {
    const { bytes } = await pdfOf(blocks, {})
    const article = await extract(bytes, 'scans/almaty-observers_2022.pdf')
    expect(article.title).toBe('Almaty observers 2022')
    expect(article.text).toBe(blocks[0]!.text)
  })

  it('reads PDF dates as ISO 8601, as precise as given, with their own offset', () => {
    const dates: [string, string | null][] = [
      ["D:20221120211500+06'00'", '2022-11-20T21:15:00+06:00'],
      ['D:20221120211500Z', '2022-11-20T21:15:00Z'],
      ["D:20221120211500-05'30", '2022-11-20T21:15:00-05:30'],
      ['D:202211201215', '2022-11-20T12:15'],
      ['D:20221120', '2022-11-20'],
      ['D:2022', '2022'],
      ['D:20221320', null],
      ['yesterday', null],
    ]
    for (const [raw, iso] of dates) expect(pdfDateToIso(raw), raw).toBe(iso)
  })
})

describe('extractPdf on scans and broken files', () => {
  it('a scan (pages with an image and no text) is imported with a marker that it needs OCR', async () => {
    const doc = await PDFDocument.create()
    const image = await doc.embedPng(scanLikePng())
    for (let i = 0; i < 2; i++)
      doc.addPage([300, 400]).drawImage(image, { x: 20, y: 20, width: 260, height: 360 })
    const article = await extract(await doc.save(), 'court-ruling-scan.pdf')
    expect(article.needsOcr).toBe(true)
    expect(article.text).toBe(needsOcrMarker(2))
    expect(article.text).toBe(
      '[No text layer: this PDF is a scanned image of 2 pages and needs OCR before its words can be searched or highlighted.]',
    )
    expect(article.blocks).toEqual([{ kind: 'paragraph', start: 0, end: article.text.length, page: 1 }])
    expect(article.title).toBe('Court ruling scan')
  })

  it('refuses a PDF that needs a password, and opens one encrypted with an owner password only', async () => {
    await expectRefusal(
      readFileSync(join(FIXTURES, 'encrypted-password.pdf')),
      'it is encrypted with a password; open it in a PDF reader and save an unprotected copy',
    )
    const article = await extract(readFileSync(join(FIXTURES, 'encrypted-owner-only.pdf')))
    expect(article.text).toBe('Observers reported queues at the polling station.')
    expect(article.title).toBe('Encrypted test')
  })

  it('refuses a truncated PDF as damaged, with pdf.js’s reason', async () => {
    const { bytes } = await pdfOf([{ kind: 'paragraph', text: 'A paragraph that will be cut in half.' }], {})
    await expectRefusal(
      bytes.slice(0, bytes.length >> 1),
      /^it is damaged \(.+; it ends without an end-of-file marker, as a file cut short does\)$/,
    )
  })

  it('refuses an empty file, random bytes, and random bytes behind a PDF header', async () => {
    let seed = 7
    const random = new Uint8Array(4096).map(() => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff)
    await expectRefusal(new Uint8Array(), 'the file is empty')
    await expectRefusal(random, 'it is not a PDF (it has no %PDF- header)')
    await expectRefusal(new Uint8Array([...Buffer.from('%PDF-1.7\n'), ...random]), /^it is damaged \(.+\)$/)
  })

  it(`refuses more than ${MAX_PDF_PAGES} pages before reading any, and reads as many`, async () => {
    await expectRefusal(
      blankPagesPdf(MAX_PDF_PAGES + 1),
      'it has 5,001 pages; Casebook imports PDFs of up to 5,000 pages',
    )
    // Blank pages are no scan, but nothing tells them apart without rendering: the marker says what is sure.
    const blank = await extract(blankPagesPdf(MAX_PDF_PAGES))
    expect(blank.text).toBe(needsOcrMarker(MAX_PDF_PAGES))
    expect(blank.text).toContain('5,000 pages')
  }, 60_000)
})

describe('PDF layout rules', () => {
  it('joins lines: hyphenation repaired before a lowercase letter (Cyrillic too), compounds kept', () => {
    expect(joinLines('на избиратель-', 'ных участках')).toBe('на избирательных участках')
    expect(joinLines('Қазақстан-', 'дағы сайлау')).toBe('Қазақстандағы сайлау')
    expect(joinLines('в городе Алма-', 'Ата')).toBe('в городе Алма-Ата')
    expect(joinLines('the COVID-', '19 rules')).toBe('the COVID-19 rules')
    expect(joinLines('a 22-', '12 upset')).toBe('a 22-12 upset')
    expect(joinLines('elec\u00ad', 'tion day')).toBe('election day')
    expect(joinLines('long-', 'and short-term')).toBe('long- and short-term')
    expect(joinLines('ends here.', 'Next')).toBe('ends here. Next')
    const words = { hyphenated: new Set(['well-known']), plain: new Set<string>() }
    expect(joinLines('a well-', 'known name', words)).toBe('a well-known name')
    expect(joinLines('a well-', 'known name')).toBe('a wellknown name')
  })

  it('lays out Russian and Kazakh lines (from fixtures/articles/almaty-ru.txt) into paragraphs', () => {
    const paragraphs = readFileSync(join(OWN_FIXTURES, 'almaty-ru.txt'), 'utf8')
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter(Boolean)
    const found = { hyphenated: [] as string[], compounds: [] as string[] }
    const runs: TextRun[] = []
    let y = 780
    for (const [i, paragraph] of paragraphs.entries()) {
      const heading = i === 0
      const size = heading ? 16 : 10
      const lines = wrap(paragraph, (s) => s.length * size * 0.55, 170, heading ? 0 : 15, !heading, found)
      y -= heading ? 0 : 6
      for (const [n, text] of lines.entries()) {
        y -= size * 1.25
        const x = 72 + (n === 0 && !heading ? 15 : 0)
        runs.push({ text, x, y, width: text.length * size * 0.55, size, rtl: false })
      }
    }
    expect(found.hyphenated.length).toBeGreaterThan(2)
    const drafts = layoutBlocks([{ page: 1, runs, aside: [] }])
    expect(drafts).toEqual([
      { kind: 'heading', level: 1, text: paragraphs[0], page: 1 },
      ...paragraphs.slice(1).map((text) => ({ kind: 'paragraph', text, page: 1 })),
    ])
  })
})

/** @pdf-lib/fontkit, when installed: pdf-lib needs it to embed a TrueType font (Cyrillic). */
const FONTKIT = '@pdf-lib/fontkit'
const fontkit: unknown = await import(/* @vite-ignore */ FONTKIT).then(
  (module: { default?: unknown }) => module.default ?? module,
  () => null,
)
const CYRILLIC_PDF = fontkit !== null && existsSync(DEJAVU)
if (!CYRILLIC_PDF)
  console.warn(
    'Skipping the Cyrillic PDF test: it needs @pdf-lib/fontkit (a devDependency) and DejaVu Sans to embed the font.',
  )

describe.skipIf(!CYRILLIC_PDF)('extractPdf on typeset Russian and Kazakh text', () => {
  it('rejoins hyphenated Cyrillic words and keeps the paragraphs', async () => {
    const text = readFileSync(join(OWN_FIXTURES, 'almaty-ru.txt'), 'utf8')
    const [title = '', ...paragraphs] = text.split(/\n\s*\n/).map((p) => p.trim())
    const doc = await PDFDocument.create()
    doc.registerFontkit(fontkit as Parameters<PDFDocument['registerFontkit']>[0])
    const font = await doc.embedFont(readFileSync(DEJAVU), { subset: true })
    const set = await typeset(
      doc,
      [
        { kind: 'heading', level: 1, text: title },
        ...paragraphs.map((p): SourceBlock => ({ kind: 'paragraph', text: p })),
      ],
      { font, boldFont: font, hyphenate: true, pageSize: [260, 400], footer: (page) => String(page) },
    )
    const article = await extract(await doc.save(), 'almaty-ru.pdf')
    expect(set.hyphenated.length).toBeGreaterThan(0)
    expect(blocksOf(article)).toEqual(expected(set))
    expect(article.title).toBe(title)
  })
})
