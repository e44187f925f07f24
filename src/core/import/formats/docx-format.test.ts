import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  Document,
  FootnoteReferenceRun,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  type IPropertiesOptions,
} from 'docx'
import { zipSync } from 'fflate'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ownFixture, REPO_ROOT, SHARED_ARTICLE, SHARED_AVAILABLE } from '../../testing/temp-archive'
import { extractDocx } from './docx-format'
import { blockShape, onlyArticle, refusalOf } from './extractor-testing'
import { declareSize, zeroBombZip } from './zip-test-writer'

const MB = 1024 * 1024
const CREATED = '2022-11-21T08:30:00.000Z'
/** Documents saved by Word itself, shipped with mammoth for its own tests. */
const WORD_FILES = join(REPO_ROOT, 'node_modules/mammoth/test/test-data')

/** Word's own Quote style, as Word writes it into styles.xml. */
const QUOTE_STYLES: IPropertiesOptions['styles'] = {
  paragraphStyles: [{ id: 'Quote', name: 'Quote', basedOn: 'Normal', run: { italics: true } }],
}

async function docx(options: IPropertiesOptions): Promise<Uint8Array> {
  return new Uint8Array(await Packer.toBuffer(new Document(options)))
}

const extract = (bytes: Uint8Array, name = 'document.docx') => onlyArticle(extractDocx, bytes, name)
const refusal = (bytes: Uint8Array) => refusalOf(extractDocx, bytes, 'broken.docx')

// The documents' core properties carry the time they are written: held still, so they can be asserted.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date(CREATED))
})
afterEach(() => {
  vi.useRealTimers()
})

describe.skipIf(!SHARED_AVAILABLE)('extractDocx on the shared real article', () => {
  const lines = SHARED_AVAILABLE
    ? readFileSync(SHARED_ARTICLE, 'utf8')
        .split('\n')
        .map((line) => line.replace(/\s+/g, ' ').trim())
        .filter(Boolean)
    : []
  // The article's headings are its short lines without closing punctuation; its quotes open with “.
  const isHeading = (line: string) => line.length <= 90 && !/[.!?:;,…"”»)]$/.test(line)
  const headings = lines.filter(isHeading)
  const title = (lines[0] ?? '').split('. ')[0] ?? ''
  const firstSentences = headings.map((h) => (lines[lines.indexOf(h) + 1] ?? '').split('. ')[0] ?? '')

  it('keeps the title, headings, paragraphs, list, quotes, table and core properties', async () => {
    const bytes = await docx({
      title: 'Snap presidential election in Kazakhstan',
      creator: 'CABAR.asia',
      subject: 'Presidential election, 20 November 2022',
      keywords: 'Kazakhstan, elections; observers',
      lastModifiedBy: 'Casebook tests',
      styles: QUOTE_STYLES,
      sections: [
        {
          children: [
            new Paragraph({ text: title, heading: HeadingLevel.TITLE }),
            ...headings.map((h) => new Paragraph({ text: h, bullet: { level: 0 } })),
            ...lines.map((line) =>
              isHeading(line)
                ? new Paragraph({ text: line, heading: HeadingLevel.HEADING_1 })
                : line.startsWith('“')
                  ? new Paragraph({ text: line, style: 'Quote' })
                  : new Paragraph({ children: [new TextRun(line)] }),
            ),
            new Table({
              rows: headings.map(
                (h, i) =>
                  new TableRow({
                    children: [
                      new TableCell({ children: [new Paragraph(h)] }),
                      new TableCell({ children: [new Paragraph({ text: firstSentences[i] ?? '' })] }),
                    ],
                  }),
              ),
            }),
          ],
        },
      ],
    })
    const article = await extract(bytes, 'kazakhstan-election-2022.docx')
    const expected: Array<[string, string]> = [
      ['h1', title],
      ...headings.map((h): [string, string] => ['list-item', h]),
      ...lines.map((line): [string, string] => [
        isHeading(line) ? 'h1' : line.startsWith('“') ? 'quote' : 'paragraph',
        line,
      ]),
      ...headings.map((h, i): [string, string] => ['paragraph', `${h} | ${firstSentences[i]}`]),
    ]
    expect(headings).toHaveLength(4)
    expect(expected.filter(([kind]) => kind === 'quote').length).toBeGreaterThan(5)
    expect(blockShape(article)).toEqual(expected)
    expect(article.text).toBe(expected.map(([, text]) => text).join('\n\n'))
    expect(article).toMatchObject({
      title: 'Snap presidential election in Kazakhstan',
      byline: 'CABAR.asia',
      siteName: null,
      sourceUrl: null,
      publishedAt: CREATED,
      tags: ['Kazakhstan', 'elections', 'observers'],
      properties: {
        subject: 'Presidential election, 20 November 2022',
        keywords: 'Kazakhstan, elections; observers',
        lastModifiedBy: 'Casebook tests',
        revision: '1',
        modified: CREATED,
      },
    })
  })
})

if (!SHARED_AVAILABLE)
  console.warn(
    'Skipping the DOCX test on the shared real article: ../shared/fixtures is not beside this checkout.',
  )

describe('extractDocx', () => {
  it('reads Cyrillic and Kazakh text, with the first heading as title and keywords as tags', async () => {
    const [heading = '', ...paragraphs] = ownFixture('almaty-ru.txt')
      .toString('utf8')
      .split(/\n\s*\n/)
      .map((p) => p.trim())
    const bytes = await docx({
      creator: 'Корреспондент',
      keywords: 'Алматы; выборы, наблюдатели',
      styles: QUOTE_STYLES,
      sections: [
        {
          children: [
            new Paragraph({ text: heading, heading: HeadingLevel.TITLE }),
            new Paragraph(paragraphs[0] ?? ''),
            new Paragraph({ text: paragraphs[1] ?? '', style: 'Quote' }),
          ],
        },
      ],
    })
    const article = await extract(bytes, 'almaty.docx')
    expect(blockShape(article)).toEqual([
      ['h1', 'Наблюдатели в Алматы'],
      ['paragraph', paragraphs[0]],
      [
        'quote',
        'Қазақстандағы сайлау туралы: бақылаушылар өз есептерін жариялады. Тоқаев жеңіске жетті деп хабарланды.',
      ],
    ])
    expect(article.title).toBe('Наблюдатели в Алматы')
    expect(article.byline).toBe('Корреспондент')
    expect(article.tags).toEqual(['Алматы', 'выборы', 'наблюдатели'])
  })

  it('takes the title from the file name when the document has neither a title nor a heading', async () => {
    const paragraphs = ownFixture('harbour-strike.txt')
      .toString('utf8')
      .split(/\n\s*\n/)
      .map((p) => p.trim())
    const bytes = await docx({
      sections: [{ children: paragraphs.map((p) => new Paragraph(p)) }],
    })
    const article = await extract(bytes, 'harbour-strike.docx')
    expect(article.title).toBe('Harbour strike')
    expect(article.text).toBe(paragraphs.join('\n\n'))
    expect(article.tags).toBeUndefined()
  })

  it('numbers footnotes as their references are, without the back-link arrows', async () => {
    const bytes = await docx({
      footnotes: { 1: { children: [new Paragraph('Erkindik Kanaty, “Wings of Freedom”.')] } },
      sections: [
        {
          children: [
            new Paragraph({
              children: [new TextRun('said Roman Reimer'), new FootnoteReferenceRun(1), new TextRun('.')],
            }),
          ],
        },
      ],
    })
    expect(blockShape(await extract(bytes))).toEqual([
      ['paragraph', 'said Roman Reimer[1].'],
      ['list-item', '[1] Erkindik Kanaty, “Wings of Freedom”.'],
    ])
  })

  it('refuses a document encrypted with a password, and an old .doc, each with its reason', async () => {
    const ole = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]
    const compound = (stream: string) =>
      new Uint8Array([...ole, ...new Uint8Array(504), ...Buffer.from(stream, 'utf16le')])
    const encrypted = await refusal(compound('EncryptedPackage'))
    expect([encrypted.code, encrypted.message]).toEqual([
      'bad_file',
      'it is encrypted with a password: open it in Word, remove the password and import it again',
    ])
    const old = await refusal(compound('WordDocument'))
    expect(old.code).toBe('unsupported_file')
    expect(old.message).toMatch(/older Word document \(\.doc\)/)
  })

  it('refuses random bytes, a cut-short file and a zip that is no Word document as damaged', async () => {
    const random = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 251)
    expect((await refusal(random)).message).toBe(
      'it is damaged (not a valid DOCX archive: it is not a zip file)',
    )
    const whole = await docx({ sections: [{ children: [new Paragraph('Almaty')] }] })
    expect((await refusal(whole.subarray(0, whole.length / 2))).message).toBe(
      'it is damaged (not a valid DOCX archive: the file is cut short)',
    )
    expect((await refusal(zipSync({ mimetype: new Uint8Array([0x61]) }))).message).toBe(
      'it is damaged (not a valid DOCX archive: it has no [Content_Types].xml)',
    )
  })

  it('refuses a zip bomb shaped like a DOCX, before or while unpacking, with memory bounded', async () => {
    const parts = {
      '[Content_Types].xml': '<?xml version="1.0"?><Types/>',
      '_rels/.rels': '<?xml version="1.0"?><Relationships/>',
    }
    const bomb = zeroBombZip('word/document.xml', 300 * MB, parts)
    const before = process.memoryUsage().rss
    expect((await refusal(bomb)).message).toBe('it unpacks to more than 200 MB (a zip bomb?)')
    expect((await refusal(declareSize(bomb, 'word/document.xml', 5000))).message).toBe(
      'it unpacks to more than its directory declares (a zip bomb?)',
    )
    expect(process.memoryUsage().rss - before).toBeLessThan(150 * MB)
  })
})

describe.skipIf(!existsSync(WORD_FILES))('extractDocx on files Word wrote (mammoth’s test data)', () => {
  const word = (name: string) => new Uint8Array(readFileSync(join(WORD_FILES, name)))

  it('reads a table row by row and numbers endnotes as the text refers to them', async () => {
    expect((await extract(word('tables.docx'))).text).toBe(
      'Above\n\nTop left | Top right\n\nBottom left | Bottom right\n\nBelow',
    )
    // Word's endnote ids start after its separators (2, 3), while the text shows [1], [2].
    expect((await extract(word('endnotes.docx'))).text).toBe(
      'Ouch[1].[2]\n\n[1] A tachyon walks into a bar.\n\n[2] Fin.',
    )
  })

  it('refuses a document of pictures only as having no text', async () => {
    expect((await refusal(word('tiny-picture.docx'))).message).toBe('it contains no text')
  })
})
