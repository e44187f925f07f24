import { parseHTML } from 'linkedom'
import type { BlockDraft } from '../../../shared/blocks'
import { CasebookError } from '../../../shared/errors'
import type { BinaryExtractor } from '../extracted-article'
import { checkHtmlNesting } from '../nesting-guard'
import { documentArticle } from './document-article'
import { htmlBlockDrafts, type HtmlNode } from './html-blocks'
import {
  childElements,
  decodeXmlPart,
  descendants,
  isoDate,
  parseXmlPart,
  textOf,
  type XmlElement,
} from './xml-parts'
import { openGuardedZip, type GuardedZip } from './zip-guard'

interface ManifestItem {
  /** As the OPF writes it, %-escapes decoded (shown in messages). */
  href: string
  /** The zip entry it names, or null when it points outside the book. */
  path: string | null
  mediaType: string
  properties: string[]
}

interface LinkLike {
  getAttribute(name: string): string | null
  textContent: string | null
}

interface Queryable {
  querySelectorAll(selector: string): Iterable<LinkLike & Queryable>
}

/** A parsed chapter: its body to walk, its <title>, and queries (for the nav document's links). */
interface ChapterDocument extends Queryable {
  body: HtmlNode
  title: string | null
}

const BASE = 'http://epub.invalid/'
/** How fonts are obfuscated (not DRM: the text stays readable); any other algorithm encrypts content. */
const FONT_OBFUSCATION = new Set(['http://www.idpf.org/2008/embedding', 'http://ns.adobe.com/pdf/enc#RC'])
const VOID_ELEMENTS = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
])

function damaged(reason: string): CasebookError {
  return new CasebookError('bad_file', `it is damaged (not a valid EPUB archive: ${reason})`)
}

/** The zip entry an href names, relative to the file it is written in; null when it leaves the book. */
function resolveHref(fromPath: string, href: string): string | null {
  try {
    const url = new URL(href, BASE + fromPath)
    return url.origin + '/' === BASE ? decodeURIComponent(url.pathname.slice(1)) : null
  } catch {
    return null
  }
}

/** An href as a person would read it: `text/chapter%202.xhtml` is `text/chapter 2.xhtml`. */
function decodedHref(href: string): string {
  try {
    return decodeURI(href)
  } catch {
    return href
  }
}

function readXml(zip: GuardedZip, path: string, what: string): XmlElement {
  const bytes = zip.read(path)
  if (!bytes) throw damaged(`${what} ${path} is missing`)
  const root = parseXmlPart(decodeXmlPart(bytes, `${what} ${path}`))
  if (!root) throw damaged(`${what} ${path} is empty`)
  return root
}

/**
 * XHTML read by an HTML parser: `<a id="p5"/>` would stay open over the rest of the paragraph, and a
 * `<script/>` would swallow the chapter as script text, so self-closed elements are closed explicitly.
 */
function parseChapter(source: string): ChapterDocument {
  const html = source.replace(/<([A-Za-z][\w.:-]*)(\s[^<>]*?)?\/>/g, (tag, name: string, attributes = '') =>
    VOID_ELEMENTS.has(name.toLowerCase()) ? tag : `<${name}${attributes}></${name}>`,
  )
  // Before parsing: the parser is quadratic in nesting depth (see nesting-guard.ts).
  checkHtmlNesting(html)
  const { document } = parseHTML(html)
  const root = document.body ?? document.documentElement
  return {
    body: root as unknown as HtmlNode,
    title: document.querySelector('title')?.textContent?.replace(/\s+/g, ' ').trim() || null,
    querySelectorAll: (selector) => document.querySelectorAll(selector),
  }
}

type AddLabel = (fromPath: string, href: string | null, label: string | null) => void

/** The links of the EPUB 3 nav document's table of contents (<nav epub:type="toc">). */
function navLabels(path: string, bytes: Uint8Array, add: AddLabel): void {
  const document = parseChapter(decodeXmlPart(bytes, 'the table of contents'))
  const toc = [...document.querySelectorAll('nav')].find((nav) =>
    (nav.getAttribute('epub:type') ?? '').split(/\s+/).includes('toc'),
  )
  for (const link of toc?.querySelectorAll('a[href]') ?? [])
    add(path, link.getAttribute('href'), link.textContent?.replace(/\s+/g, ' ').trim() || null)
}

/** The navigation points of the EPUB 2 NCX. */
function ncxLabels(path: string, bytes: Uint8Array, add: AddLabel): void {
  const root = parseXmlPart(decodeXmlPart(bytes, 'the table of contents'))
  for (const point of root ? descendants(root, 'navPoint') : []) {
    const label = textOf(descendants(childElements(point, 'navLabel')[0] ?? point, 'text')[0])
    add(path, childElements(point, 'content')[0]?.getAttribute('src') ?? null, label)
  }
}

/** The book's table of contents as labels by chapter file: the EPUB 3 nav document, else the EPUB 2 NCX. */
function tableOfContents(zip: GuardedZip, manifest: Map<string, ManifestItem>, ncxId: string | null) {
  const labels = new Map<string, string>()
  const add: AddLabel = (fromPath, href, label) => {
    const path = href ? resolveHref(fromPath, href) : null
    if (path && label && !labels.has(path)) labels.set(path, label)
  }
  const items = [...manifest.values()]
  const nav = items.find((item) => item.properties.includes('nav'))
  const ncx =
    (ncxId ? manifest.get(ncxId) : undefined) ?? items.find((i) => i.mediaType === 'application/x-dtbncx+xml')
  for (const [item, read] of [
    [nav, navLabels],
    [ncx, ncxLabels],
  ] as const) {
    if (!item?.path || labels.size > 0) continue
    // Read outside the try: what the zip guard refuses (a bomb) refuses the book.
    const bytes = zip.read(item.path)
    if (!bytes) continue
    try {
      read(item.path, bytes, add)
    } catch {
      // A broken table of contents costs the chapter labels only.
    }
  }
  return labels
}

/** The entries META-INF/encryption.xml says are encrypted, leaving out obfuscated fonts. */
function encryptedPaths(zip: GuardedZip): Set<string> {
  const paths = new Set<string>()
  if (!zip.has('META-INF/encryption.xml')) return paths
  for (const data of descendants(
    readXml(zip, 'META-INF/encryption.xml', 'the encryption list'),
    'EncryptedData',
  )) {
    const algorithm = descendants(data, 'EncryptionMethod')[0]?.getAttribute('Algorithm') ?? ''
    const uri = descendants(data, 'CipherReference')[0]?.getAttribute('URI')
    const path = uri ? resolveHref('', uri) : null
    if (path && !FONT_OBFUSCATION.has(algorithm)) paths.add(path)
  }
  return paths
}

/**
 * One chapter's blocks, headed by its title unless its text carries one (it opens with a heading, or has an
 * h1 or h2): the table of contents' label for it, else its <title> when that is not just the book's.
 */
function chapterDrafts(
  document: ChapterDocument,
  label: string | null,
  bookTitle: string | null,
): BlockDraft[] {
  const drafts = htmlBlockDrafts(document.body).filter((draft) => draft.text.trim())
  if (drafts.length === 0) return drafts
  const titled =
    drafts[0]?.kind === 'heading' || drafts.some((d) => d.kind === 'heading' && (d.level ?? 2) <= 2)
  const title = label ?? (document.title !== bookTitle ? document.title : null)
  return titled || !title ? drafts : [{ kind: 'heading', level: 1, text: title }, ...drafts]
}

/** The Dublin Core elements kept as the book's properties, beyond the common fields. */
const PROPERTY_ELEMENTS = [
  'publisher',
  'language',
  'identifier',
  'contributor',
  'rights',
  'description',
  'source',
]

/**
 * Title, authors, date, publisher and subjects from the OPF's <metadata>. EPUB 2 may give several dates,
 * each for an `opf:event`: the publication's is the article's date, the others are kept as properties.
 */
function bookMetadata(metadata: XmlElement | undefined) {
  const elements = (name: string) => (metadata ? descendants(metadata, name) : [])
  const texts = (name: string) => [...new Set(elements(name).flatMap((element) => textOf(element) ?? []))]
  const dates = elements('date').filter((date) => textOf(date))
  const published = dates.find((d) => /publication/.test(d.getAttribute('opf:event') ?? '')) ?? dates[0]
  const properties: Record<string, string> = {}
  for (const name of PROPERTY_ELEMENTS) if (texts(name).length) properties[name] = texts(name).join('; ')
  for (const date of dates)
    if (date !== published) properties[date.getAttribute('opf:event') ?? 'date'] = textOf(date) ?? ''
  const modified = elements('meta').find((m) => m.getAttribute('property') === 'dcterms:modified')
  if (textOf(modified)) properties.modified = textOf(modified) ?? ''
  return {
    title: texts('title')[0] ?? null,
    byline: texts('creator').join(', ') || null,
    siteName: texts('publisher')[0] ?? null,
    publishedAt: isoDate(textOf(published)),
    properties,
    tags: texts('subject'),
  }
}

/**
 * An e-book (EPUB 2 or 3) as one article: its chapters in reading (spine) order, each headed by its title,
 * and its title, authors, date, publisher and subjects from the package file (OPF).
 */
export const extractEpub: BinaryExtractor = async (bytes, fileName) => {
  const zip = openGuardedZip(bytes, 'EPUB')
  const container = readXml(zip, 'META-INF/container.xml', 'its container')
  const rootfiles = descendants(container, 'rootfile')
  const rootfile =
    rootfiles.find((r) => r.getAttribute('media-type') === 'application/oebps-package+xml') ?? rootfiles[0]
  const opfPath = resolveHref('', rootfile?.getAttribute('full-path') ?? '')
  if (!opfPath) throw damaged('its container names no package file')
  const opf = readXml(zip, opfPath, 'its package file')
  const manifest = new Map<string, ManifestItem>()
  for (const item of descendants(opf, 'item')) {
    const id = item.getAttribute('id')
    const href = item.getAttribute('href')
    if (!id || !href) continue
    manifest.set(id, {
      href: decodedHref(href),
      path: resolveHref(opfPath, href),
      mediaType: item.getAttribute('media-type') ?? '',
      properties: (item.getAttribute('properties') ?? '').split(/\s+/),
    })
  }
  const spine = descendants(opf, 'spine')[0]
  const meta = bookMetadata(descendants(opf, 'metadata')[0])
  const labels = tableOfContents(zip, manifest, spine?.getAttribute('toc') ?? null)
  const encrypted = encryptedPaths(zip)
  const drafts: BlockDraft[] = []
  const done = new Set<string>()
  for (const itemref of spine ? childElements(spine, 'itemref') : []) {
    const idref = itemref.getAttribute('idref') ?? ''
    const item = manifest.get(idref)
    if (!item) throw damaged(`its reading order lists “${idref}”, which the book does not contain`)
    // The nav document is the table of contents, not a chapter; images and other media have no text.
    if (item.properties.includes('nav') || !/html/.test(item.mediaType)) continue
    if (item.path && encrypted.has(item.path))
      throw new CasebookError(
        'bad_file',
        'it is protected by DRM (its chapters are encrypted), which Casebook cannot read',
      )
    if (item.path && done.has(item.path)) continue
    const content = item.path ? zip.read(item.path) : undefined
    if (!item.path || !content)
      throw new CasebookError('bad_file', `chapter ${item.href} listed in the book is missing from the file`)
    done.add(item.path)
    const chapter = parseChapter(decodeXmlPart(content, `chapter ${item.href}`))
    drafts.push(...chapterDrafts(chapter, labels.get(item.path) ?? null, meta.title))
  }
  const article = documentArticle(
    drafts,
    { ...meta, sourceUrl: null },
    fileName,
    'no text was found in the book',
  )
  return { articles: [article] }
}
