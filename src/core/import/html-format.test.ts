import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { extractArticle } from './extract-article'

/**
 * Debian's API index and manual pages: Readability finds no article in them and returns a banner line,
 * the same on every page ("The XSLT C library for GNOME"), so before the fallback they all imported as
 * one text.
 */
const DEBIAN_PAGES = {
  indexAtoI: '/usr/share/doc/libxslt1-dev/html/APIchunk0.html',
  indexJtoR: '/usr/share/doc/libxslt1-dev/html/APIchunk1.html',
  exsltIndex: '/usr/share/doc/libxslt1-dev/html/EXSLT/APIchunk0.html',
  valgrindManual: '/usr/share/doc/valgrind/html/manual.html',
}
const DEBIAN_AVAILABLE = Object.values(DEBIAN_PAGES).every((path) => existsSync(path))
if (!DEBIAN_AVAILABLE)
  console.warn(
    "Skipping the Readability fallback tests on Debian's pages: libxslt1-dev's or valgrind's HTML docs are not in /usr/share/doc.",
  )

function extractPage(path: string) {
  return extractArticle(path.split('/').pop() ?? path, readFileSync(path))
}

const SENTENCE =
  'The council met on Tuesday to discuss the new water-sharing agreement between the farmers of the lower valley and the city.'

describe('pages with no article Readability can find', () => {
  it.skipIf(!DEBIAN_AVAILABLE)(
    "Debian's API index pages read whole: distinct texts with their entries, titles kept",
    () => {
      const aToI = extractPage(DEBIAN_PAGES.indexAtoI)
      const jToR = extractPage(DEBIAN_PAGES.indexJtoR)
      const exslt = extractPage(DEBIAN_PAGES.exsltIndex)
      expect(aToI.title).toBe('API Alphabetic Index A-I for libxslt')
      expect(jToR.title).toBe('API Alphabetic Index J-R for libxslt')
      expect(aToI.text).toContain('xsltApplyStylesheet')
      expect(aToI.text).toContain('Letter A:')
      expect(jToR.text).toContain('Letter J:')
      expect(jToR.text).toContain('xsltFormatNumberConversion')
      expect(exslt.text).toContain('exsltRegisterAll')
      const texts = new Set([aToI.text, jToR.text, exslt.text])
      expect(texts.size).toBe(3)
      for (const text of texts) expect(text.length).toBeGreaterThan(3000)
      // Index terms are paragraphs of their own, as the page lays them out.
      expect(aToI.blocks.map((b) => aToI.text.slice(b.start, b.end))).toContain('ATTENTION:')
    },
  )

  it.skipIf(!DEBIAN_AVAILABLE)("Valgrind's manual contents page keeps its table of contents", () => {
    const manual = extractPage(DEBIAN_PAGES.valgrindManual)
    expect(manual.title).toBe('Valgrind User Manual')
    expect(manual.text).toContain('An Overview of Valgrind')
    expect(manual.text).toContain('Memcheck: a memory error detector')
    expect(manual.text.length).toBeGreaterThan(5000)
  })

  it('reads a link index whole, without its nav, header, footer, scripts and styles', () => {
    const entries = Array.from(
      { length: 60 },
      (_, i) => `<dt>term${i}</dt><dd><a href="ref.html#f${i}">functionNumber${i}</a></dd>`,
    ).join('')
    const page = `<html><head><title>Index of functions</title><style>dt { color: red }</style></head><body>
      <header><p>Site header with a slogan</p></header><nav><a href="/">Home</a> <a href="/a">About</a></nav>
      <table><tr><td><h1>The Example C library</h1></td></tr></table>
      <h2>Letter T:</h2><dl>${entries}</dl><script>trackVisit()</script>
      <aside>Related: other libraries</aside><footer>Copyright the authors</footer></body></html>`
    const article = extractArticle('index.html', Buffer.from(page))
    expect(article.title).toBe('Index of functions')
    expect(article.text).toContain('The Example C library')
    expect(article.text).toContain('term0\n\nfunctionNumber0')
    expect(article.text).toContain('functionNumber59')
    for (const dropped of ['slogan', 'About', 'color: red', 'trackVisit', 'Related:', 'Copyright'])
      expect(article.text).not.toContain(dropped)
  })

  it("keeps Readability's article on a page with far more link lists than article (no fallback)", () => {
    // An old portal page: menus and headline lists in plain <div>s and tables, with no nav or aside to
    // mark them, have four times the article's text. Readability finds the article; it is kept.
    const links = Array.from(
      { length: 80 },
      (_, i) => `<li><a href="/news/${i}">Headline number ${i} about something else entirely</a></li>`,
    ).join('')
    const paragraphs = Array.from({ length: 8 }, (_, i) => `<p>${SENTENCE} Paragraph ${i}.</p>`).join('')
    const page = `<html><head><title>Water deal</title></head><body>
      <div class="menu"><ul>${links}</ul></div>
      <div class="content"><h1>Water deal</h1>${paragraphs}</div>
      <div class="more"><ul>${links}</ul></div></body></html>`
    const article = extractArticle('portal.html', Buffer.from(page))
    expect(article.text).toContain('Paragraph 7.')
    expect(article.text).not.toContain('Headline number')
  })
})

describe("Readability's article read as its own element", () => {
  const TUTORIAL = '/usr/share/doc/libxslt1-dev/html/tutorial2/libxslt_pipes.html'
  it.skipIf(!existsSync(TUTORIAL))(
    'a heading inside a <div> Readability turned into a <p> stays a heading (libxslt tutorial)',
    () => {
      const article = extractPage(TUTORIAL)
      const headings = article.blocks
        .filter((b) => b.kind === 'heading')
        .map((b) => article.text.slice(b.start, b.end))
      expect(headings).toEqual(expect.arrayContaining(['Introduction', 'Setting the Scene', 'Program Start']))
    },
  )
})
