import { existsSync, readFileSync } from 'node:fs'
import { TextDecoder } from 'node:util'
import { describe, expect, it } from 'vitest'
import { CasebookError } from '../../../shared/errors'
import type { ExtractedArticle } from '../extracted-article'
import { ownFixture } from '../../testing/temp-archive'
import { extractHtml } from '../html-format'
import { extractMhtml } from './mhtml-format'

const BOUNDARY = '----MultipartBoundary--Qx8HbpUu3ZjBr5YtLkXo6mNnHhIeqO1cWsA9dVvGf7----'
/** A 1×1 PNG, as a page's image part carries one. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='

/** Quoted-printable as Blink writes it: lines of at most 76 characters, CRLF line breaks, `=` and non-ASCII escaped. */
function quotedPrintable(text: string): string {
  const bytes = Buffer.from(text.replace(/\r\n/g, '\n'), 'utf8')
  const lines: string[] = []
  let line = ''
  bytes.forEach((byte, i) => {
    if (byte === 0x0a) {
      lines.push(line)
      line = ''
      return
    }
    const lineEnds = i + 1 === bytes.length || bytes[i + 1] === 0x0a
    const plain = (byte >= 33 && byte <= 126 && byte !== 61) || ((byte === 32 || byte === 9) && !lineEnds)
    const token = plain ? String.fromCharCode(byte) : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`
    if (line.length + token.length > 75) {
      lines.push(`${line}=`)
      line = ''
    }
    line += token
  })
  lines.push(line)
  return lines.join('\r\n')
}

interface PartSpec {
  type: string
  encoding: 'quoted-printable' | 'base64'
  body: string
  location?: string
  id?: string
}

/**
 * A page saved by Chromium ("Webpage, single file"): Blink's header (From: <Saved by Blink>,
 * Snapshot-Content-Location, Subject, Date, MIME-Version, a folded multipart/related Content-Type), two
 * blank lines, then the parts, each with Content-Type, Content-ID, Content-Transfer-Encoding and
 * Content-Location, as chrome's MHTMLArchive writes them.
 */
function savedByChromium(options: {
  url: string
  subject: string
  parts: PartSpec[]
  start?: string
}): Buffer {
  const header = [
    'From: <Saved by Blink>',
    `Snapshot-Content-Location: ${options.url}`,
    `Subject: ${options.subject}`,
    'Date: Sat, 28 Nov 2026 10:15:02 -0000',
    'MIME-Version: 1.0',
    'Content-Type: multipart/related;',
    '\ttype="text/html";',
    `\tboundary="${BOUNDARY}"${options.start ? `;\r\n\tstart="${options.start}"` : ''}`,
    '',
    '',
  ]
  const parts = options.parts.map((part) =>
    [
      `--${BOUNDARY}`,
      `Content-Type: ${part.type}`,
      ...(part.id ? [`Content-ID: ${part.id}`] : []),
      `Content-Transfer-Encoding: ${part.encoding}`,
      ...(part.location ? [`Content-Location: ${part.location}`] : []),
      '',
      part.body,
    ].join('\r\n'),
  )
  return Buffer.from([...header, ...parts, `--${BOUNDARY}--`, ''].join('\r\n'), 'latin1')
}

function resources(url: string): PartSpec[] {
  return [
    {
      type: 'text/css',
      encoding: 'quoted-printable',
      body: quotedPrintable('@charset "utf-8";\nbody { font-family: serif; content: "—"; }\n'),
      location: 'cid:css-1d2c3b4a@mhtml.blink',
    },
    { type: 'image/png', encoding: 'base64', body: PNG, location: new URL('logo.png', url).href },
  ]
}

function page(html: string, url: string): PartSpec {
  return {
    type: 'text/html',
    encoding: 'quoted-printable',
    body: quotedPrintable(html),
    location: url,
    id: '<frame-8C3B2F1A9E7D4C5B6A0F1E2D3C4B5A69@mhtml.blink>',
  }
}

async function onlyArticle(bytes: Uint8Array, name = 'page.mhtml'): Promise<ExtractedArticle> {
  const { articles, attachments } = await extractMhtml(bytes, name)
  expect(articles).toHaveLength(1)
  expect(attachments).toBeUndefined()
  return articles[0] as ExtractedArticle
}

async function expectRefused(bytes: Uint8Array, reason: RegExp): Promise<void> {
  const error = await extractMhtml(bytes, 'page.mhtml').then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(CasebookError)
  expect((error as CasebookError).code).toBe('bad_file')
  expect((error as Error).message).toMatch(reason)
}

/** What extractHtml reads from the page itself, to compare with what the saved file gives. */
function sameArticle(saved: ExtractedArticle, original: ExtractedArticle) {
  expect(saved.title).toBe(original.title)
  expect(saved.text).toBe(original.text)
  expect(saved.blocks).toEqual(original.blocks)
  expect(saved.byline).toBe(original.byline)
  expect(saved.publishedAt).toBe(original.publishedAt)
}

describe('extractMhtml', () => {
  it('a page saved by Chromium reads as the page itself; its own canonical address wins', async () => {
    const html = ownFixture('saved-page.html').toString('utf8')
    const url = 'https://news.example.org/2026/05/river-valley-water-dispute?utm_source=feed'
    const file = savedByChromium({
      url,
      subject: 'Farmers and city clash over river water | The Valley Courier',
      parts: [page(html, url), ...resources(url)],
    })
    const article = await onlyArticle(file)
    const original = extractHtml(html, 'page.mhtml')
    sameArticle(article, original)
    expect(article.title).toBe('Farmers and city clash over river water')
    expect(article.sourceUrl).toBe('https://news.example.org/2026/05/river-valley-water-dispute')
    expect(article.properties).toEqual({ Saved: '2026-11-28T10:15:02.000Z', 'Saved from': url })
  })

  const manual = '/usr/share/doc/bzip2/manual.html'
  it.skipIf(!existsSync(manual))(
    'a real manual (Debian’s bzip2) with no address of its own: the saved address is its source',
    async () => {
      const html = readFileSync(manual, 'utf8')
      const url = 'https://sourceware.org/bzip2/manual/manual.html'
      const file = savedByChromium({
        url,
        subject: 'bzip2 and libbzip2, version 1.0.8',
        parts: [page(html, url), ...resources(url)],
      })
      const article = await onlyArticle(file, 'bzip2 manual.mhtml')
      sameArticle(article, extractHtml(html, 'bzip2 manual.mhtml'))
      expect(article.title).toBe('bzip2 and libbzip2, version 1.0.8')
      expect(article.sourceUrl).toBe(url)
      expect(article.text.length).toBeGreaterThan(20_000)
    },
  )

  it('the root is the part `start` names, even after a frame; base64 and the charset it declares are decoded', async () => {
    const cyrillic = new TextDecoder('windows-1251')
    const toCp1251 = new Map(Array.from({ length: 256 }, (_, b) => [cyrillic.decode(Uint8Array.of(b)), b]))
    // The Russian lines of the fixture (its Kazakh letters have no place in windows-1251).
    const lines = ownFixture('almaty-ru.txt')
      .toString('utf8')
      .split('\n')
      .filter((line) => line.trim() && [...line].every((c) => toCp1251.has(c)))
    const [heading = '', ...paragraphs] = lines
    const html =
      `<html><head><title>${heading}</title></head><body><article><h1>${heading}</h1>` +
      `${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}</article></body></html>`
    const encoded = Buffer.from([...html].map((c) => toCp1251.get(c) ?? 0x3f))
    const url = 'https://vlast.example.kz/almaty-nablyudateli'
    const frame =
      '<html><body><p>Advertisement: subscribe to our newsletter for the best offers in town.</p></body></html>'
    const file = savedByChromium({
      url,
      subject: '?????????? ? ??????',
      start: '<root-part@mhtml.blink>',
      parts: [
        { ...page(frame, 'https://ads.example.com/frame'), id: '<frame-ad@mhtml.blink>' },
        {
          type: 'text/html; charset=windows-1251',
          encoding: 'base64',
          body: encoded.toString('base64').replace(/.{76}/g, '$&\r\n'),
          location: url,
          id: '<root-part@mhtml.blink>',
        },
        ...resources(url),
      ],
    })
    const article = await onlyArticle(file)
    expect(article.title).toBe(heading)
    expect(article.text).toContain(paragraphs[0])
    expect(article.text).not.toContain('Advertisement')
    expect(article.sourceUrl).toBe(url)
  })

  it('without `start`, the HTML part at the saved address is the root; then the first HTML part', async () => {
    const url = 'https://example.org/report'
    const body =
      '<p>The count at station 14 finished after midnight, and turnout was reported at 41 per cent.</p>'
    const frame = page(
      '<html><body><p>A frame: weather in Almaty, sunny and warm all week.</p></body></html>',
      'https://example.org/weather',
    )
    const root = page(`<html><head><title>Report</title></head><body>${body}</body></html>`, url)
    const atAddress = await onlyArticle(savedByChromium({ url, subject: 'Report', parts: [frame, root] }))
    expect(atAddress.text).toContain('station 14')
    const first = await onlyArticle(
      savedByChromium({ url: 'https://example.org/other', subject: 'Report', parts: [frame, root] }),
    )
    expect(first.text).toContain('weather in Almaty')
  })

  it('a title only in the Subject (encoded words decoded) when the page has none', async () => {
    const url = 'https://example.org/untitled'
    const html =
      '<html><body><p>Observers were asked to leave the counting room twice during the evening.</p></body></html>'
    const file = savedByChromium({
      url,
      subject: '=?utf-8?Q?Observers_in_Almaty_=E2=80=94_day_two?=',
      parts: [page(html, url)],
    })
    expect((await onlyArticle(file, 'untitled.mhtml')).title).toBe('Observers in Almaty — day two')
  })

  it('a file cut short keeps the part of the page it holds', async () => {
    const html = ownFixture('saved-page.html').toString('utf8')
    const url = 'https://news.example.org/2026/05/river-valley-water-dispute'
    const file = savedByChromium({ url, subject: 'x', parts: [page(html, url), ...resources(url)] })
    const cut = file.subarray(0, file.indexOf('A dispute years'))
    const article = await onlyArticle(cut)
    expect(article.title).toBe('Farmers and city clash over river water')
    expect(article.text).toContain('Farmers in the lower valley accused the city council on Tuesday')
    expect(article.text).not.toContain('Ada Lind')
  })

  it('refuses an empty file, random bytes, a file with no HTML part, no boundary or no parts', async () => {
    await expectRefused(new Uint8Array(), /^the file is empty$/)
    await expectRefused(
      Uint8Array.from({ length: 2048 }, (_, i) => (i * 131 + 7) % 256),
      /^it is not a saved web page \(MHTML\): it has no MIME headers$/,
    )
    const url = 'https://example.org/'
    await expectRefused(
      savedByChromium({ url, subject: 'x', parts: resources(url) }),
      /^it has no text\/html part$/,
    )
    await expectRefused(
      Buffer.from(
        'MIME-Version: 1.0\r\nContent-Type: multipart/related; type="text/html"\r\n\r\n<p>x</p>\r\n',
      ),
      /^its multipart content names no boundary$/,
    )
    await expectRefused(
      Buffer.from(
        'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"\r\n\r\n<p>no parts</p>\r\n',
      ),
      /^it has no parts: the boundary its header names never occurs$/,
    )
    await expectRefused(
      Buffer.from('MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nJust text.\r\n'),
      /^it is not a saved web page \(MHTML\): its content is text\/plain$/,
    )
  })
})
