import { repairWindows1252 } from '../decode-text'
import PostalMime, { type Address, type Attachment, type Email, type Mailbox } from 'postal-mime'
import { joinBlocks, type BlockDraft } from '../../../shared/blocks'
import { CasebookError } from '../../../shared/errors'
import { extensionOf, IMPORTABLE_EXTENSIONS } from '../../../shared/import-formats'
import type {
  BinaryExtractor,
  ExtractedArticle,
  ExtractedAttachment,
  ExtractedFile,
} from '../extracted-article'
import { messageHtmlBlocks } from './message-html'
import { binaryString, parseHeaderValue, readHeaderBlock } from './mime-parts'

/** The most messages read from one mbox file: more is an export of a whole mail store, not a case file. */
export const MAX_MBOX_MESSAGES = 100_000
/** How many unreadable messages of an mbox are named one by one; the rest are counted. */
const MAX_NAMED_PROBLEMS = 100

/**
 * The extensions of attachments imported after their message: the ones Casebook imports (import-formats.ts)
 * and the binary formats being added with issue 7, listed here until that list carries them.
 */
const IMPORTED_ATTACHMENTS = new Set<string>([
  ...IMPORTABLE_EXTENSIONS,
  ...['.pdf', '.docx', '.epub', '.eml', '.mhtml', '.mht'],
])

/** An extension for an attachment sent without a file name, by its media type (only importable kinds). */
const EXTENSION_OF_TYPE = new Map([
  ['message/rfc822', '.eml'],
  ['text/plain', '.txt'],
  ['text/html', '.html'],
  ['text/markdown', '.md'],
  ['application/pdf', '.pdf'],
  ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', '.docx'],
  ['application/epub+zip', '.epub'],
])

/** Fields that show a block of lines is a message's header (one of them at least). */
const MESSAGE_FIELDS = [
  'from',
  'date',
  'subject',
  'message-id',
  'to',
  'received',
  'return-path',
  'mime-version',
]

interface ReadMessage {
  article: ExtractedArticle
  attachments: Array<Omit<ExtractedAttachment, 'parent'>>
}

/**
 * One e-mail message (.eml). Its headers become the article's metadata (Subject the title, From the byline,
 * Date the date) and properties (From, To, Cc, Reply-To, Message-ID, In-Reply-To, the attachments' names);
 * the article's text is the message body only, never a header block. Attachments of a kind Casebook
 * imports come back to be imported after it, linked to it.
 */
export const extractEml: BinaryExtractor = async (bytes, fileName) => {
  if (bytes.length === 0) throw new CasebookError('bad_file', 'the file is empty')
  const { article, attachments } = await readMessage(withoutEnvelopeLine(bytes), fileName)
  return { articles: [article], attachments: attachments.map((a) => ({ ...a, parent: 0 })) }
}

/**
 * A mailbox (.mbox, mboxo or mboxrd): one article a message, in file order. A message that cannot be read
 * does not fail the file: it is skipped and named, with its reason, under 'Unreadable messages' in the first
 * article's properties (the extractor interface has no place for a file's problems); only a file of which
 * no message can be read is refused.
 */
export const extractMbox: BinaryExtractor = async (bytes, fileName) => {
  const messages = splitMbox(bytes)
  const result: ExtractedFile = { articles: [], attachments: [] }
  const problems: string[] = []
  let firstReason = ''
  for (const [index, message] of messages.entries()) {
    try {
      if (message.length === 0) throw new CasebookError('bad_file', 'it is empty')
      const { article, attachments } = await readMessage(message, fileName)
      const parent = result.articles.length
      result.articles.push(article)
      for (const attachment of attachments) result.attachments?.push({ ...attachment, parent })
    } catch (error) {
      if (!problems.length) firstReason = reasonOf(error)
      problems.push(`message ${index + 1} could not be read: ${reasonOf(error)}`)
    }
  }
  const [first] = result.articles
  if (!first) {
    throw new CasebookError(
      'bad_file',
      messages.length === 1
        ? `its only message could not be read: ${firstReason}`
        : `none of its ${messages.length} messages could be read (message 1: ${firstReason})`,
    )
  }
  if (problems.length > 0) {
    const named = problems.slice(0, MAX_NAMED_PROBLEMS)
    if (problems.length > named.length) named.push(`and ${problems.length - named.length} more`)
    first.properties = { ...first.properties, 'Unreadable messages': named.join('\n') }
  }
  return result
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/**
 * The messages of an mbox: each starts with a "From " line at the start of the file or after a blank line
 * (the envelope line, not part of the message). `>From ` lines are unescaped the mboxrd way (one `>` less
 * on any `>…>From ` line), which also reads mboxo files, except for a line that was `>From ` in the
 * original message and comes back as `From ` — mboxo cannot tell those apart.
 */
export function splitMbox(bytes: Uint8Array): Uint8Array[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (buffer.length === 0) throw new CasebookError('bad_file', 'the file is empty')
  let first = 0
  while (buffer[first] === 0x0a || buffer[first] === 0x0d) first++
  if (buffer.toString('latin1', first, first + 5) !== 'From ')
    throw new CasebookError('bad_file', 'it is not an mbox file: it does not begin with a "From " line')
  const starts = [first]
  for (let at = buffer.indexOf('\nFrom ', first); at !== -1; at = buffer.indexOf('\nFrom ', at + 1)) {
    const afterBlankLine = buffer[at - 1] === 0x0a || (buffer[at - 1] === 0x0d && buffer[at - 2] === 0x0a)
    if (!afterBlankLine) continue
    starts.push(at + 1)
    if (starts.length > MAX_MBOX_MESSAGES) {
      throw new CasebookError(
        'bad_file',
        `it holds more than ${MAX_MBOX_MESSAGES.toLocaleString('en')} messages, more than Casebook reads from one mbox file`,
      )
    }
  }
  return starts.map((start, index) => {
    const envelopeEnd = buffer.indexOf(0x0a, start)
    const bodyStart = envelopeEnd === -1 ? buffer.length : envelopeEnd + 1
    const next = starts[index + 1]
    // The blank line before the next "From " separates the messages; it is no part of either.
    let end = next === undefined ? buffer.length : next - 1
    if (next !== undefined && buffer[end - 1] === 0x0d) end--
    const message = buffer.subarray(bodyStart, Math.max(bodyStart, end))
    if (!message.includes('>From ')) return message
    return Buffer.from(message.toString('latin1').replace(/^>(>*From )/gm, '$1'), 'latin1')
  })
}

/** A single message saved with its mbox envelope line ("From sender date") before the headers. */
function withoutEnvelopeLine(bytes: Uint8Array): Uint8Array {
  if (Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(5, bytes.length)).toString('latin1') !== 'From ')
    return bytes
  const newline = bytes.indexOf(0x0a)
  return newline === -1 ? bytes.subarray(bytes.length) : bytes.subarray(newline + 1)
}

async function readMessage(bytes: Uint8Array, fileName: string): Promise<ReadMessage> {
  // postal-mime reads anything as a message (a photo becomes a message without headers), so the file
  // must first look like one: a header field on its first line, and one of the fields every mail has.
  const head = readHeaderBlock(binaryString(bytes.subarray(0, 256 * 1024)))
  if (!head.startsWithField || !MESSAGE_FIELDS.some((name) => head.fields.has(name)))
    throw new CasebookError('bad_file', 'it is not an e-mail message: no headers')
  let email: Email
  try {
    // A forwarded message (message/rfc822) becomes an attachment, imported as a message of its own.
    email = await PostalMime.parse(withoutFlowedFormat(bytes), {
      rfc822Attachments: true,
      attachmentEncoding: 'arraybuffer',
    })
  } catch (error) {
    throw new CasebookError('bad_file', `it could not be read as an e-mail message: ${reasonOf(error)}`)
  }
  // postal-mime decodes windows-1252 and ISO-8859-1 parts with Node's TextDecoder, which leaves their curly
  // quotes and dashes as invisible controls (see decode-text.ts).
  if (email.text) email.text = repairWindows1252(email.text)
  if (email.html) email.html = repairWindows1252(email.html)
  if (email.subject) email.subject = repairWindows1252(email.subject)
  const attachments = collectAttachments(email.attachments)
  const names = attachments.listed
  // A message with no words still stands for itself (and is the parent of its attachments): its text says so.
  const body =
    messageBody(email, fileName) ??
    joinBlocks([
      {
        kind: 'paragraph',
        text: `(This message has no text${names.length ? `. Attached: ${names.join(', ')}` : ''}.)`,
      },
    ])
  const publishedAt = isoDate(email.date)
  const properties: Record<string, string> = {}
  const put = (name: string, value: string | undefined) => {
    if (value?.trim()) properties[name] = value.replace(/\s+/g, ' ').trim()
  }
  put('From', email.from && formatAddress(email.from))
  put('To', formatAddresses(email.to))
  put('Cc', formatAddresses(email.cc))
  put('Reply-To', formatAddresses(email.replyTo))
  put('Message-ID', email.messageId)
  put('In-Reply-To', email.inReplyTo)
  if (!publishedAt) put('Date', email.date)
  put('Attachments', names.join(', '))
  if (isTruncated(email, bytes)) {
    properties.Incomplete =
      'the message ends before its last MIME part closes (the file may be truncated); what it holds is kept'
  }
  const subject = email.subject?.replace(/\s+/g, ' ').trim()
  return {
    article: {
      text: body.text,
      blocks: body.blocks,
      title: subject || `(no subject)${publishedAt ? `, ${publishedAt.slice(0, 16).replace('T', ' ')}` : ''}`,
      byline: (email.from && formatAddress(email.from)) || null,
      siteName: null,
      sourceUrl: null,
      publishedAt,
      properties,
    },
    attachments: attachments.imported,
  }
}

/**
 * The message with `format=flowed` (RFC 3676, Thunderbird's and Apple Mail's default) renamed in its
 * Content-Type headers, so postal-mime leaves the lines as sent. Its unflowing joins a quoted line to the
 * next without removing the next one's `>` ("we can > I'd like"); here every line of a paragraph is joined
 * anyway (blocks collapse white space), and each quoted line's markers are removed before that. A `delsp=yes`
 * text (CJK) then keeps a space where a long word was broken.
 */
function withoutFlowedFormat(bytes: Uint8Array): Uint8Array {
  const raw = binaryString(bytes)
  if (!/format\s*=\s*"?flowed/i.test(raw)) return bytes
  const rewritten = raw.replace(/^Content-Type:.*(?:\r?\n[ \t].*)*/gim, (header) =>
    header.replace(/(format\s*=\s*"?)flowed/gi, '$1fixed'),
  )
  return Buffer.from(rewritten, 'latin1')
}

/** The text/plain part when the message has one with text in it, else its HTML part (see message-html.ts). */
function messageBody(
  email: Email,
  fileName: string,
): { text: string; blocks: ExtractedArticle['blocks'] } | null {
  if (email.text?.trim()) {
    const body = joinBlocks(plainTextBlocks(email.text))
    if (body.text) return body
  }
  return email.html?.trim() ? messageHtmlBlocks(email.html, fileName) : null
}

/**
 * Plain text: paragraphs are separated by blank lines; lines starting with ">" (quoted from the message
 * replied to, at any depth) become quote blocks, their markers removed, a quoted blank line ending one.
 */
function plainTextBlocks(text: string): BlockDraft[] {
  const drafts: BlockDraft[] = []
  let lines: string[] = []
  let quoted = false
  const flush = () => {
    if (lines.length > 0) drafts.push({ kind: quoted ? 'quote' : 'paragraph', text: lines.join('\n') })
    lines = []
  }
  for (const line of text.split(/\r\n?|\n/)) {
    const isQuote = line.startsWith('>')
    const content = isQuote ? line.replace(/^(?:>[ \t]?)+/, '') : line
    if (!content.trim()) {
      flush()
      continue
    }
    if (isQuote !== quoted) {
      flush()
      quoted = isQuote
    }
    lines.push(content)
  }
  flush()
  return drafts
}

/** postal-mime gives the Date header as ISO 8601 when it parses, else as written: only the former is a date. */
function isoDate(date: string | undefined): string | null {
  if (!date || !/^\d{4}-\d\d-\d\dT/.test(date)) return null
  return Number.isNaN(Date.parse(date)) ? null : date
}

function formatMailbox(mailbox: Mailbox): string {
  const name = mailbox.name.replace(/\s+/g, ' ').trim()
  return name && mailbox.address ? `${name} <${mailbox.address}>` : name || mailbox.address
}

function formatAddress(address: Address): string {
  if (address.group) return `${address.name}: ${address.group.map(formatMailbox).join(', ')};`
  return formatMailbox(address)
}

function formatAddresses(addresses: Address[] | undefined): string | undefined {
  return addresses?.map(formatAddress).join(', ')
}

/**
 * Splits the attachments into the names shown (every named one) and the files imported after the message
 * (the kinds Casebook imports). A name is reduced to its last path segment without control characters, so
 * `../../x.txt` cannot name a place; an unnamed attachment of an importable type gets a made-up name, other
 * unnamed parts (an alternative text/enriched body, an inline image) are left out.
 */
function collectAttachments(attachments: Attachment[]): {
  listed: string[]
  imported: Array<Omit<ExtractedAttachment, 'parent'>>
} {
  const listed: string[] = []
  const imported: Array<Omit<ExtractedAttachment, 'parent'>> = []
  attachments.forEach((attachment, index) => {
    const named = attachment.filename
      ?.split(/[\\/]/)
      .pop()
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      ?.replace(/[\u0000-\u001f\u007f]/g, '')
      .trim()
    const fallback = EXTENSION_OF_TYPE.get(attachment.mimeType)
    const name = named || (fallback ? `attachment ${index + 1}${fallback}` : '')
    if (!name) return
    listed.push(name)
    const content = attachment.content
    const bytes =
      typeof content === 'string'
        ? new TextEncoder().encode(content)
        : content instanceof Uint8Array
          ? content
          : new Uint8Array(content)
    if (IMPORTED_ATTACHMENTS.has(extensionOf(name)) && bytes.length > 0) imported.push({ name, bytes })
  })
  return { listed, imported }
}

/** A multipart message whose closing boundary never comes was cut short (postal-mime reads it anyway). */
function isTruncated(email: Email, bytes: Uint8Array): boolean {
  const contentType = email.headers.find((h) => h.key === 'content-type')?.value
  if (!contentType) return false
  const { value, params } = parseHeaderValue(contentType)
  const boundary = params.get('boundary')
  if (!value.startsWith('multipart/') || !boundary) return false
  return !Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(`--${boundary}--`)
}
