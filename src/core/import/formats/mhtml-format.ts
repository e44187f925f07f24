import { decodeWords } from 'postal-mime'
import { CasebookError } from '../../../shared/errors'
import type { BinaryExtractor } from '../extracted-article'
import { decodeDeclared, decodeText, titleFromFileName } from '../decode-text'
import { extractHtml } from '../html-format'
import {
  binaryString,
  decodeTransferEncoding,
  parseHeaderValue,
  readHeaderBlock,
  splitMultipart,
  type HeaderBlock,
} from './mime-parts'

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml'])

interface Part {
  headers: HeaderBlock
  /** The part's body, still transfer-encoded, as offsets into the file's binary string. */
  start: number
  end: number
}

/**
 * A web page saved as one MIME file (.mhtml, .mht: Chromium's "Webpage, single file", Internet Explorer's
 * "Web archive"): a multipart/related body whose root part is the page's HTML, the other parts its images,
 * style sheets and frames. The root part (the one the `start` parameter names, else the one at the
 * address the file says it saved, else the first HTML part) is decoded and read as a saved page; the
 * other parts are ignored. The page's address comes from the HTML when it gives one, else from the root
 * part's Content-Location or the file's Snapshot-Content-Location; the date the page was saved is kept as
 * a property, not as the article's date.
 */
export const extractMhtml: BinaryExtractor = async (bytes, fileName) => {
  if (bytes.length === 0) throw new CasebookError('bad_file', 'the file is empty')
  const raw = binaryString(bytes)
  const top = readHeaderBlock(raw)
  if (!top.startsWithField || !top.fields.has('content-type'))
    throw new CasebookError('bad_file', 'it is not a saved web page (MHTML): it has no MIME headers')
  const snapshotUrl = top.fields.get('snapshot-content-location') ?? top.fields.get('content-location')
  const root = rootPart(raw, top, snapshotUrl)
  const html = decodeHtml(root, raw)
  const article = extractHtml(html, fileName)
  const subject = top.fields.get('subject')
  const properties: Record<string, string> = {}
  const savedAt = top.fields.get('date')
  if (savedAt && !Number.isNaN(Date.parse(savedAt))) properties.Saved = new Date(savedAt).toISOString()
  const savedFrom = webAddress(snapshotUrl)
  if (savedFrom) properties['Saved from'] = savedFrom
  return {
    articles: [
      {
        ...article,
        title: titleOf(article.title, subject, fileName),
        sourceUrl: article.sourceUrl ?? webAddress(root.headers.fields.get('content-location')) ?? savedFrom,
        properties,
      },
    ],
  }
}

/**
 * The page's own title; else the Subject, where Chromium writes the title too (older versions with '?' for
 * every non-ASCII letter, hence second); else the file's name. extractHtml falls back on the file's name
 * itself, but gives an empty title for a page whose <title> is missing or empty.
 */
function titleOf(pageTitle: string, subject: string | undefined, fileName: string): string {
  const fromFileName = titleFromFileName(fileName)
  if (pageTitle.trim() && pageTitle !== fromFileName) return pageTitle
  return (subject && decodeWords(subject).replace(/\s+/g, ' ').trim()) || fromFileName
}

/** The part that is the page, or a reason why there is none. */
function rootPart(raw: string, top: HeaderBlock, snapshotUrl: string | undefined): Part {
  const { value: type, params } = parseHeaderValue(top.fields.get('content-type') ?? '')
  // A single-part file (a page saved on its own, with no resources) is its own root.
  if (HTML_TYPES.has(type)) return { headers: top, start: top.bodyStart, end: raw.length }
  if (!type.startsWith('multipart/'))
    throw new CasebookError(
      'bad_file',
      `it is not a saved web page (MHTML): its content is ${type || 'unnamed'}`,
    )
  const boundary = params.get('boundary')
  if (!boundary) throw new CasebookError('bad_file', 'its multipart content names no boundary')
  const parts = splitMultipart(raw, top.bodyStart, boundary).parts.map((part) => {
    const headers = readHeaderBlock(raw, part.start, part.end)
    return { headers, start: headers.bodyStart, end: part.end }
  })
  if (parts.length === 0)
    throw new CasebookError('bad_file', 'it has no parts: the boundary its header names never occurs')
  const html = parts.filter((part) => HTML_TYPES.has(contentType(part.headers).value))
  const start = params.get('start')
  const byId = start ? html.find((part) => sameId(part.headers.fields.get('content-id'), start)) : undefined
  const byLocation = snapshotUrl
    ? html.find((part) => part.headers.fields.get('content-location') === snapshotUrl)
    : undefined
  const root = byId ?? byLocation ?? html[0]
  if (!root) throw new CasebookError('bad_file', 'it has no text/html part')
  return root
}

function contentType(headers: HeaderBlock) {
  return parseHeaderValue(headers.fields.get('content-type') ?? 'text/plain')
}

/** Content-IDs compare without their angle brackets: `start="<frame-1@mhtml.blink>"` names `<frame-1@…>`. */
function sameId(contentId: string | undefined, start: string): boolean {
  const bare = (id: string) => id.trim().replace(/^<|>$/g, '')
  return contentId !== undefined && bare(contentId) === bare(start)
}

/**
 * The root part's HTML: transfer encoding undone, then decoded by the charset its Content-Type names, or
 * (Chromium names none) as UTF-8 or the encoding the page declares in a <meta>, as a saved .html file is.
 */
function decodeHtml(part: Part, raw: string): string {
  const bytes = decodeTransferEncoding(
    raw.slice(part.start, part.end),
    part.headers.fields.get('content-transfer-encoding'),
  )
  if (bytes.length === 0) throw new CasebookError('bad_file', 'its text/html part is empty')
  const charset = contentType(part.headers).params.get('charset')
  // A charset Node does not know: decoded as a page without one.
  const html = (charset ? decodeDeclared(bytes, charset) : null) ?? decodeText(bytes, { html: true })
  // Quoted-printable's hard line breaks are CRLF; a browser turns CRLF into LF before it parses a page
  // (HTML's input stream preprocessing), and so does this, or <pre> text and Readability's byline keep CRs.
  return html.replace(/\r\n?/g, '\n')
}

/** An address the article can cite: http(s) or a local file, not a `cid:` part reference. */
function webAddress(location: string | undefined): string | null {
  if (!location) return null
  try {
    const url = new URL(location.trim())
    return ['http:', 'https:', 'file:'].includes(url.protocol) ? url.href : null
  } catch {
    return null
  }
}
