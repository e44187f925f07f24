import { describe, expect, it } from 'vitest'
import { CasebookError } from '../../shared/errors'
import type { Block } from '../../shared/model'
import { ownFixture } from '../testing/temp-archive'
import { extractArticle } from './extract-article'

function blockTexts(text: string, blocks: Block[]): string[] {
  return blocks.map((b) => `${b.kind}${b.level ?? ''}: ${text.slice(b.start, b.end)}`)
}

function expectReason(run: () => unknown, code: string, reason: RegExp): void {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(CasebookError)
    expect((error as CasebookError).code).toBe(code)
    expect((error as Error).message).toMatch(reason)
    return
  }
  throw new Error('expected the extraction to fail')
}

describe('extractArticle', () => {
  it('plain text: a title line, paragraphs split on blank lines, blocks that tile the canonical text', () => {
    const article = extractArticle('harbour-strike.txt', ownFixture('harbour-strike.txt'))
    expect(article.title).toBe('Dock workers end three-day strike at Port Veles')
    expect(article.blocks[0]).toMatchObject({ kind: 'heading', level: 1 })
    expect(article.blocks.filter((b) => b.kind === 'paragraph')).toHaveLength(5)
    // The blocks concatenate, with the separator, to exactly the canonical text.
    expect(article.blocks.map((b) => article.text.slice(b.start, b.end)).join('\n\n')).toBe(article.text)
    expect(article.text).toContain('"Our members voted for the deal with a clear majority."')
  })

  it('plain text without blank lines: each line is a paragraph, the title comes from the file name', () => {
    const source =
      'The first paragraph is a long line that ends with a full stop, as articles do.\nShort heading\nThe second paragraph follows the heading and is longer than it.'
    const article = extractArticle('notes/election-day_report.txt', Buffer.from(source))
    expect(article.title).toBe('Election day report')
    expect(blockTexts(article.text, article.blocks)).toEqual([
      'paragraph: The first paragraph is a long line that ends with a full stop, as articles do.',
      'heading2: Short heading',
      'paragraph: The second paragraph follows the heading and is longer than it.',
    ])
  })

  it('Markdown keeps headings, list items (nested too), quotes and code', () => {
    const article = extractArticle('field-notes.md', ownFixture('field-notes.md'))
    expect(article.title).toBe('Field notes from the polling stations')
    const blocks = blockTexts(article.text, article.blocks)
    expect(blocks).toContain('heading2: Morning')
    expect(blocks).toContain('list-item: Station 22 had no ink for marking fingers.')
    expect(blocks).toContain('list-item: The chair sent a runner to the district office.')
    expect(blocks).toContain('quote: Observers were asked to leave the counting room twice.')
    expect(blocks).toContain(
      'paragraph: The count at station 14 finished after midnight. Turnout was reported as 41 per cent.',
    )
    expect(blocks.some((b) => b.startsWith('preformatted: station  turnout\n14'))).toBe(true)
    expect(article.text).not.toContain('title: Field notes') // front matter is not article text
  })

  it('a saved web page: the article without navigation or boilerplate, with its metadata', () => {
    const article = extractArticle('saved-page.html', ownFixture('saved-page.html'))
    expect(article).toMatchObject({
      title: 'Farmers and city clash over river water',
      byline: 'Lena Marsh',
      siteName: 'The Valley Courier',
      sourceUrl: 'https://news.example.org/2026/05/river-valley-water-dispute',
      publishedAt: '2026-05-14T08:30:00Z',
    })
    // Every block of the article, in order, and nothing else.
    expect(blockTexts(article.text, article.blocks).map((b) => b.slice(0, 50))).toEqual([
      'paragraph: By Lena Marsh',
      'paragraph: Farmers in the lower valley accused the',
      "paragraph: The farmers' cooperative said its own m",
      'heading2: A dispute years in the making',
      'paragraph: The quarrel over the river goes back to',
      'quote: "We are not asking for more than our share.',
      "paragraph: The council's water engineer, Ada Lind,",
      'list-item: The cooperative has 212 member farms.',
      'list-item: The second pumping station supplies abo',
      'paragraph: A meeting between the two sides is plan',
    ])
    expect(article.text).toContain('with an independent hydrologist.')
    for (const boilerplate of ['Subscribe now', 'cookies', 'Most read', 'All rights reserved', 'analytics']) {
      expect(article.text).not.toContain(boilerplate)
    }
  })

  it('reads metadata from Open Graph and <meta> when there is no JSON-LD', () => {
    const html = `<html><head><title>Fallback title</title>
      <meta property="og:title" content="Open Graph title"><meta property="og:site_name" content="Example Daily">
      <meta property="og:url" content="https://example.org/story"><meta name="date" content="2025-01-02">
      <meta name="author" content="A. Writer"></head>
      <body><article><p>${'A sentence of the story that is long enough to be an article. '.repeat(8)}</p></article></body></html>`
    expect(extractArticle('story.htm', Buffer.from(html))).toMatchObject({
      title: 'Open Graph title',
      siteName: 'Example Daily',
      sourceUrl: 'https://example.org/story',
      publishedAt: '2025-01-02',
      byline: 'A. Writer',
    })
  })

  it('keeps words apart at <br>, inline markup and table cells, and lines in <pre>', () => {
    const filler = '<p>' + 'Background sentence for the extractor to find an article. '.repeat(6) + '</p>'
    const html = `<html><body><article>${filler}
      <p>First line of the address<br>Second line of the <b>address</b>, <a href="#">linked</a>.</p>
      <table><tr><td><p>cell one</p><p>more</p></td><td>cell two</td></tr></table>
      <pre>col1 col2<br>1    2</pre></article></body></html>`
    const article = extractArticle('page.html', Buffer.from(html))
    const blocks = blockTexts(article.text, article.blocks)
    expect(blocks).toContain('paragraph: First line of the address Second line of the address, linked.')
    expect(blocks).toContain('paragraph: cell one more | cell two')
    expect(blocks).toContain('preformatted: col1 col2\n1    2')
  })

  it('Markdown: hard line breaks separate words, raw HTML keeps its text, CRLF front matter is dropped', () => {
    const source =
      '---\r\ntitle: x\r\n---\r\n# Title\r\n\r\nline one  \r\nline two\\\r\nline three\r\n\r\n<div>raw <b>html</b> text</div>\r\n'
    const article = extractArticle('notes.md', Buffer.from(source))
    expect(blockTexts(article.text, article.blocks)).toEqual([
      'heading1: Title',
      'paragraph: line one line two line three',
      'paragraph: raw html text',
    ])
  })

  it('HTML: an empty <title> falls back to the file name, and a byline over several lines is one line', () => {
    const body =
      '<p>Observers counted the ballots twice at station fourteen before the protocol was signed.</p>'
    const titled = `<html><head><title>  </title><meta name="author" content="Ana\n  Petrova"></head><body>${body}</body></html>`
    expect(extractArticle('untitled-page.html', Buffer.from(titled))).toMatchObject({
      title: 'Untitled page',
      byline: 'Ana Petrova',
    })
  })

  it('Markdown front matter names the document: title, author, date, address, tags and other fields', () => {
    const source = [
      '---',
      'title: "Observers report from Almaty"',
      'author: Ana Petrova',
      'date: 2022-11-20',
      'url: https://example.org/almaty-report',
      'tags: [election, observers]',
      'mission: OSCE/ODIHR',
      '---',
      '# A heading in the body',
      '',
      'Observers reported long queues at polling stations in Almaty on Sunday morning.',
      '',
    ].join('\n')
    const article = extractArticle('report.md', Buffer.from(source))
    expect(article).toMatchObject({
      title: 'Observers report from Almaty',
      byline: 'Ana Petrova',
      publishedAt: '2022-11-20',
      sourceUrl: 'https://example.org/almaty-report',
      tags: ['election', 'observers'],
      properties: { mission: 'OSCE/ODIHR' },
    })
    expect(article.text.startsWith('A heading in the body')).toBe(true)
  })

  it('decodes a saved page in the encoding it declares, and UTF-16 text with a byte-order mark', () => {
    const russian = 'Наблюдатели сообщили о нарушениях на избирательных участках в Алматы. '.repeat(4)
    const page = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"><title>Выборы</title></head><body><article><p>${russian}</p></article></body></html>`
    const cp1251 = new Uint8Array(
      [...page].map((ch) => {
        const code = ch.charCodeAt(0)
        if (code < 0x80) return code
        if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0
        throw new Error(`no cp1251 byte for ${ch}`)
      }),
    )
    const article = extractArticle('vybory.html', cp1251)
    expect(article.title).toBe('Выборы')
    expect(article.text).toContain('Наблюдатели сообщили о нарушениях')
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('Заметка\n\nТекст заметки.', 'utf16le'),
    ])
    expect(extractArticle('note.txt', utf16).text).toBe('Заметка\n\nТекст заметки.')
  })

  it('refuses unsupported, binary, invalid and empty files with a reason', () => {
    expectReason(
      () => extractArticle('report.xls', Buffer.from('%PDF-1.7')),
      'unsupported_file',
      /'\.xls' files are not supported/,
    )
    expectReason(
      () => extractArticle('README', Buffer.from('text')),
      'unsupported_file',
      /without an extension/,
    )
    expectReason(
      () => extractArticle('image.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1])),
      'bad_file',
      /binary/,
    )
    expectReason(
      () => extractArticle('latin1.txt', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x21])),
      'bad_file',
      /UTF-8/,
    )
    expectReason(() => extractArticle('empty.md', Buffer.alloc(0)), 'bad_file', /empty/)
    expectReason(() => extractArticle('blank.txt', Buffer.from('  \n\n \n')), 'bad_file', /no text/)
    expectReason(
      () => extractArticle('scripts.html', Buffer.from('<html><body><script>x()</script></body></html>')),
      'bad_file',
      /no article text/,
    )
  })
})
