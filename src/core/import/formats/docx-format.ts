import { zipSync } from 'fflate'
import { parseHTML } from 'linkedom'
import mammoth from 'mammoth'
import { CasebookError } from '../../../shared/errors'
import type { BinaryExtractor } from '../extracted-article'
import { checkHtmlNesting } from '../nesting-guard'
import { documentArticle } from './document-article'
import { htmlBlockDrafts, type HtmlNode } from './html-blocks'
import { childElements, decodeXmlPart, isoDate, localName, parseXmlPart, textOf } from './xml-parts'
import { openGuardedZip } from './zip-guard'

/**
 * Word's built-in styles, by the English names Word writes into every document whatever its language,
 * added to mammoth's own map (Heading 1–6, lists, footnotes). A style missing from styles.xml is known by
 * its id only, hence both forms.
 */
const STYLE_MAP = [
  "p[style-name='Title'] => h1:fresh",
  'p.Title => h1:fresh',
  "p[style-name='Quote'] => blockquote > p:fresh",
  'p.Quote => blockquote > p:fresh',
  "p[style-name='Intense Quote'] => blockquote > p:fresh",
  'p.IntenseQuote => blockquote > p:fresh',
]

/** Images are left out of the text; this converter never reads their bytes, so they are never unpacked. */
const NO_IMAGES = mammoth.images.imgElement(() => Promise.resolve({ src: '' }))

/** An OLE compound file: a password-protected .docx (the package inside is encrypted) or a Word 97 .doc. */
const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]

function refuseCompoundFile(bytes: Uint8Array): void {
  if (!OLE_SIGNATURE.every((byte, i) => bytes[i] === byte)) return
  // Office writes an encrypted document as an OLE file with an "EncryptedPackage" stream (named in UTF-16).
  if (
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).includes(
      Buffer.from('EncryptedPackage', 'utf16le'),
    )
  )
    throw new CasebookError(
      'bad_file',
      'it is encrypted with a password: open it in Word, remove the password and import it again',
    )
  throw new CasebookError(
    'unsupported_file',
    'it is an older Word document (.doc) named .docx: save it as .docx in Word and import it again',
  )
}

interface CoreProperties {
  title: string | null
  creator: string | null
  created: string | null
  /** The other properties, by their names in core.xml (subject, keywords, lastModifiedBy, modified…). */
  others: Record<string, string>
}

/** docProps/core.xml (Dublin Core). A broken or missing one costs the metadata, never the text. */
function readCoreProperties(part: Uint8Array | undefined): CoreProperties {
  const core: CoreProperties = { title: null, creator: null, created: null, others: {} }
  if (!part) return core
  let root
  try {
    root = parseXmlPart(decodeXmlPart(part, 'docProps/core.xml'))
  } catch {
    return core
  }
  for (const element of root ? childElements(root) : []) {
    const name = localName(element)
    const value = textOf(element)
    if (!value) continue
    if (name === 'title' || name === 'creator' || name === 'created') core[name] ??= value
    else core.others[name] = value
  }
  return core
}

/** Keywords as Word and other writers separate them: by commas or semicolons. */
function keywordTags(keywords: string | undefined): string[] {
  return [...new Set((keywords ?? '').split(/[,;]/).map((k) => k.trim()))].filter(Boolean)
}

/**
 * A Word document (.docx): its text through mammoth (headings, paragraphs, lists, quotes, tables one row a
 * paragraph), its title, author, date and other properties from docProps/core.xml, keywords as tags.
 *
 * mammoth reads only what the zip guard has already unpacked and checked: the XML parts are stored, without
 * compression, in a new zip handed to mammoth, so it never inflates the file's own (possibly hostile) data.
 */
export const extractDocx: BinaryExtractor = async (bytes, fileName) => {
  refuseCompoundFile(bytes)
  const zip = openGuardedZip(bytes, 'DOCX')
  const parts: Record<string, Uint8Array> = {}
  for (const name of zip.names)
    if (/\.(xml|rels)$/i.test(name)) parts[name] = zip.read(name) ?? new Uint8Array()
  if (!parts['[Content_Types].xml'])
    throw new CasebookError(
      'bad_file',
      'it is damaged (not a valid DOCX archive: it has no [Content_Types].xml)',
    )
  let html: string
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(zipSync(parts, { level: 0 })) },
      {
        styleMap: STYLE_MAP,
        convertImage: NO_IMAGES,
        externalFileAccess: false,
        includeEmbeddedStyleMap: false,
      },
    )
    html = result.value
  } catch (error) {
    throw new CasebookError(
      'bad_file',
      `it is damaged (not a valid DOCX archive: ${(error as Error).message})`,
    )
  }
  // mammoth nests as deep as the document's tables do; the parser below is quadratic in depth.
  checkHtmlNesting(html)
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`)
  // mammoth lists the notes at the end, each with a "↑" link back to its reference ("[1]") in the text: the
  // link is not the document's text, and the note is numbered as its reference is (Word's note ids are not
  // those numbers: separators take the first ids).
  for (const note of document.querySelectorAll('li[id^="footnote-"], li[id^="endnote-"]')) {
    const reference = document.getElementById(note.id.replace('-', '-ref-'))?.textContent?.trim()
    const first = note.querySelector('p') ?? note
    if (reference) first.insertBefore(document.createTextNode(`${reference} `), first.firstChild)
  }
  for (const backLink of document.querySelectorAll('a[href^="#footnote-ref-"], a[href^="#endnote-ref-"]'))
    backLink.remove()
  const core = readCoreProperties(parts['docProps/core.xml'])
  const article = documentArticle(
    htmlBlockDrafts(document.body as unknown as HtmlNode),
    {
      title: core.title,
      byline: core.creator,
      siteName: null,
      sourceUrl: null,
      publishedAt: isoDate(core.created),
      properties: core.others,
      tags: keywordTags(core.others.keywords),
    },
    fileName,
    'it contains no text',
  )
  return { articles: [article] }
}
