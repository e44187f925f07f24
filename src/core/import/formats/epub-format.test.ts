import { readFileSync } from 'node:fs'
import { strToU8, zipSync, type Zippable } from 'fflate'
import { describe, expect, it } from 'vitest'
import { ownFixture, SHARED_ARTICLE, SHARED_AVAILABLE } from '../../testing/temp-archive'
import { extractEpub } from './epub-format'
import { blockShape, onlyArticle, refusalOf } from './extractor-testing'
import { zeroBombZip } from './zip-test-writer'

const MB = 1024 * 1024

const CONTAINER = (opf: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="${opf}" media-type="application/oebps-package+xml"/></rootfiles>
</container>`

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** A chapter as EPUB writers make them; an empty title self-closed, as XML lets them. */
function xhtml(body: string, title = '', encoding = 'UTF-8'): string {
  return `<?xml version="1.0" encoding="${encoding}"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
<head>${title ? `<title>${title}</title>` : '<title/>'}<link rel="stylesheet" type="text/css" href="../style.css"/></head>
<body>${body}</body>
</html>`
}

/** An EPUB as its writers make one: `mimetype` first and stored, then the other files. */
function epub(files: Record<string, string | Uint8Array>): Uint8Array {
  const entries: Zippable = { mimetype: [strToU8('application/epub+zip'), { level: 0 }] }
  for (const [name, content] of Object.entries(files))
    entries[name] = typeof content === 'string' ? strToU8(content) : content
  return zipSync(entries)
}

const extract = (bytes: Uint8Array, name = 'book.epub') => onlyArticle(extractEpub, bytes, name)
const refusal = (bytes: Uint8Array) => refusalOf(extractEpub, bytes, 'broken.epub')

/** The shared article's sections: its headings (short lines without closing punctuation) and their lines. */
function sections(): Array<{ heading: string; lines: string[] }> {
  const found: Array<{ heading: string; lines: string[] }> = []
  for (const line of readFileSync(SHARED_ARTICLE, 'utf8').split('\n')) {
    const text = line.replace(/\s+/g, ' ').trim()
    if (!text) continue
    if (text.length <= 90 && !/[.!?:;,…"”»)]$/.test(text)) found.push({ heading: text, lines: [] })
    else found[found.length - 1]?.lines.push(text)
  }
  return found
}

/**
 * An EPUB 3 book of the shared article's first three sections: chapter 1 carries its own <h1>; chapter 2
 * none (its title comes from the nav document) and a self-closed <script/> first (read as HTML, it would
 * swallow the chapter); chapter 3 only a <title>, its quotes as <blockquote>s, a self-closed anchor and
 * a <br/>. The manifest lists them out of order; the spine gives the order.
 */
function electionBook() {
  const [one, two, three] = sections()
  if (!one || !two || !three) throw new Error('the shared article has fewer than three sections')
  const paragraphs = (lines: string[]) => lines.map((l) => `<p>${escape(l)}</p>`).join('\n')
  const [opening = '', ...rest] = three.lines
  const split = opening.indexOf(' ', opening.length / 2)
  const chapterThree = [
    `<p>${escape(opening.slice(0, split))}<a id="page12"/> ${escape(opening.slice(split + 1))}</p>`,
    ...rest.map((l) =>
      l.startsWith('“')
        ? `<blockquote><p>${escape(l)}</p></blockquote>`
        : `<p>${escape(l).replace(' ', '<br/>')}</p>`,
    ),
  ].join('\n')
  const files = {
    'META-INF/container.xml': CONTAINER('OEBPS/content.opf'),
    'OEBPS/content.opf': `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="uid">urn:uuid:0b6f1c9e-5d43-4c53-9f3e-2a7d1e0c4b11</dc:identifier>
    <dc:title>Snap presidential election in Kazakhstan</dc:title>
    <dc:creator id="a1">CABAR.asia</dc:creator>
    <dc:creator id="a2">Casebook tests</dc:creator>
    <dc:date>2022-11-21</dc:date>
    <dc:publisher>CABAR.asia</dc:publisher>
    <dc:language>en</dc:language>
    <dc:subject>Kazakhstan</dc:subject>
    <dc:subject>Elections</dc:subject>
    <meta property="dcterms:modified">2022-11-22T10:00:00Z</meta>
  </metadata>
  <manifest>
    <item id="c3" href="text/ch3.xhtml" media-type="application/xhtml+xml"/>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="c1" href="text/ch1.xhtml" media-type="application/xhtml+xml"/>
    <item id="c2" href="text/chapter%202.xhtml" media-type="application/xhtml+xml"/>
    <item id="css" href="style.css" media-type="text/css"/>
  </manifest>
  <spine><itemref idref="nav"/><itemref idref="c1"/><itemref idref="c2"/><itemref idref="c3"/></spine>
</package>`,
    'OEBPS/nav.xhtml': xhtml(`<nav epub:type="toc"><h1>Contents</h1><ol>
      <li><a href="text/ch1.xhtml">Chapter one</a></li>
      <li><a href="text/chapter%202.xhtml#start">${escape(two.heading)}</a></li>
    </ol></nav>`),
    'OEBPS/style.css': 'p { margin: 0 }',
    'OEBPS/text/ch1.xhtml': xhtml(`<h1>${escape(one.heading)}</h1>\n${paragraphs(one.lines)}`, 'Chapter one'),
    'OEBPS/text/chapter 2.xhtml': xhtml(
      `<script src="../notes.js"/><div id="start">${paragraphs(two.lines)}</div>`,
    ),
    'OEBPS/text/ch3.xhtml': xhtml(chapterThree, escape(three.heading)),
  }
  const expected: Array<[string, string]> = [
    ['h1', one.heading],
    ...one.lines.map((l): [string, string] => ['paragraph', l]),
    ['h1', two.heading],
    ...two.lines.map((l): [string, string] => ['paragraph', l]),
    ['h1', three.heading],
    ...three.lines.map((l): [string, string] => [l.startsWith('“') ? 'quote' : 'paragraph', l]),
  ]
  return { files, expected }
}

describe.skipIf(!SHARED_AVAILABLE)('extractEpub on the shared real article', () => {
  it('reads the chapters in spine order, each headed by its title, with the book’s metadata', async () => {
    const { files, expected } = electionBook()
    const article = await extract(epub(files))
    expect(expected.filter(([kind]) => kind === 'quote').length).toBeGreaterThan(0)
    expect(blockShape(article)).toEqual(expected)
    expect(article.text).toBe(expected.map(([, text]) => text).join('\n\n'))
    expect(article).toMatchObject({
      title: 'Snap presidential election in Kazakhstan',
      byline: 'CABAR.asia, Casebook tests',
      siteName: 'CABAR.asia',
      sourceUrl: null,
      publishedAt: '2022-11-21',
      tags: ['Kazakhstan', 'Elections'],
      properties: {
        publisher: 'CABAR.asia',
        language: 'en',
        identifier: 'urn:uuid:0b6f1c9e-5d43-4c53-9f3e-2a7d1e0c4b11',
        modified: '2022-11-22T10:00:00Z',
      },
    })
  })
})
if (!SHARED_AVAILABLE)
  console.warn(
    'Skipping the EPUB tests on the shared real article: ../shared/fixtures is not beside this checkout.',
  )

describe('extractEpub', () => {
  const [headline = '', ...strike] = ownFixture('harbour-strike.txt')
    .toString('utf8')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
  const [almatyHeading = '', almatyRussian = ''] = ownFixture('almaty-ru.txt')
    .toString('utf8')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
  /** Russian letters to windows-1251 (А–я are 0xC0–0xFF there), as older Russian e-books are encoded. */
  const windows1251 = (text: string) =>
    Uint8Array.from(text, (ch) => {
      const code = ch.charCodeAt(0)
      return code >= 0x410 && code <= 0x44f ? code - 0x350 : code
    })

  /**
   * An EPUB 2 book with an NCX: the package file at the root, chapter 1 titled by the NCX only, chapter 2
   * in windows-1251 with its own <h2>, and no dc:title (the title falls back to the first heading).
   */
  function strikeBook(): Record<string, string | Uint8Array> {
    return {
      'META-INF/container.xml': CONTAINER('book.opf'),
      'book.opf': `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" xmlns:opf="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="id" opf:scheme="ISBN">9780000000002</dc:identifier>
    <dc:creator opf:role="aut">Mira Kostova</dc:creator>
    <dc:date opf:event="modification">2023-01-05</dc:date>
    <dc:date opf:event="publication">2022-12-01</dc:date>
    <dc:language>en</dc:language>
  </metadata>
  <manifest>
    <item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
    <item id="strike" href="strike.html" media-type="application/xhtml+xml"/>
    <item id="almaty" href="almaty%20ru.html" media-type="application/xhtml+xml"/>
  </manifest>
  <spine toc="ncx"><itemref idref="strike"/><itemref idref="almaty"/><itemref idref="strike"/></spine>
</package>`,
      'toc.ncx': `<?xml version="1.0" encoding="UTF-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><navMap>
  <navPoint id="n1" playOrder="1"><navLabel><text>${escape(headline)}</text></navLabel><content src="strike.html"/></navPoint>
  <navPoint id="n2" playOrder="2"><navLabel><text>Almaty</text></navLabel><content src="almaty%20ru.html"/></navPoint>
</navMap></ncx>`,
      'strike.html': xhtml(strike.map((p) => `<p>${escape(p)}</p>`).join('')),
      'almaty ru.html': windows1251(
        xhtml(`<h2>${almatyHeading}</h2><p>${almatyRussian}</p>`, almatyHeading, 'windows-1251'),
      ),
    }
  }

  it('reads an EPUB 2 book: NCX labels, a declared encoding, a chapter listed twice read once', async () => {
    const article = await extract(epub(strikeBook()))
    expect(blockShape(article)).toEqual([
      ['h1', headline],
      ...strike.map((p): [string, string] => ['paragraph', p]),
      ['h2', 'Наблюдатели в Алматы'],
      ['paragraph', almatyRussian],
    ])
    expect(article).toMatchObject({
      title: headline,
      byline: 'Mira Kostova',
      siteName: null,
      publishedAt: '2022-12-01',
      properties: { identifier: '9780000000002', language: 'en', modification: '2023-01-05' },
    })
    expect(article.tags).toBeUndefined()
  })

  it('takes the title from the file name when the book has neither a title nor a heading', async () => {
    const files = strikeBook()
    files['toc.ncx'] = '<ncx/>'
    files['almaty ru.html'] = xhtml('<p>Алматы</p>')
    expect((await extract(epub(files), 'harbour_strike.epub')).title).toBe('Harbour strike')
  })

  it('names a chapter the book lists but the file lacks', async () => {
    const files = strikeBook()
    delete files['almaty ru.html']
    const error = await refusal(epub(files))
    expect([error.code, error.message]).toEqual([
      'bad_file',
      'chapter almaty ru.html listed in the book is missing from the file',
    ])
  })

  it('refuses a book whose chapters are encrypted (DRM), but reads one whose fonts are obfuscated', async () => {
    const encryption = (algorithm: string, uri: string) => `<?xml version="1.0"?>
<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#">
  <enc:EncryptedData><enc:EncryptionMethod Algorithm="${algorithm}"/>
  <enc:CipherData><enc:CipherReference URI="${uri}"/></enc:CipherData></enc:EncryptedData>
</encryption>`
    const drm = encryption('http://www.w3.org/2001/04/xmlenc#aes128-cbc', 'strike.html')
    expect((await refusal(epub({ ...strikeBook(), 'META-INF/encryption.xml': drm }))).message).toBe(
      'it is protected by DRM (its chapters are encrypted), which Casebook cannot read',
    )
    const fonts = encryption('http://www.idpf.org/2008/embedding', 'fonts/serif.otf')
    expect((await extract(epub({ ...strikeBook(), 'META-INF/encryption.xml': fonts }))).title).toBe(headline)
  })

  it('refuses random bytes, a cut-short book and a zip with no container as damaged', async () => {
    const random = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 251)
    expect((await refusal(random)).message).toBe(
      'it is damaged (not a valid EPUB archive: it is not a zip file)',
    )
    const whole = epub(strikeBook())
    expect((await refusal(whole.subarray(0, whole.length - 100))).message).toBe(
      'it is damaged (not a valid EPUB archive: the file is cut short)',
    )
    expect((await refusal(zipSync({ 'a.txt': strToU8('Almaty') }))).message).toBe(
      'it is damaged (not a valid EPUB archive: its container META-INF/container.xml is missing)',
    )
    const files = strikeBook()
    files['book.opf'] = String(files['book.opf']).replace(
      '<itemref idref="almaty"/>',
      '<itemref idref="gone"/>',
    )
    expect((await refusal(epub(files))).message).toBe(
      'it is damaged (not a valid EPUB archive: its reading order lists “gone”, which the book does not contain)',
    )
  })

  it('refuses a book whose chapter is a zip bomb, with memory bounded', async () => {
    const small: Record<string, string> = {}
    for (const [name, content] of Object.entries(strikeBook()))
      if (typeof content === 'string' && name !== 'strike.html') small[name] = content
    const before = process.memoryUsage().rss
    expect((await refusal(zeroBombZip('strike.html', 300 * MB, small))).message).toBe(
      'it unpacks to more than 200 MB (a zip bomb?)',
    )
    expect(process.memoryUsage().rss - before).toBeLessThan(150 * MB)
  })
})
