import type { ReactNode } from 'react'
import Markdown, { defaultUrlTransform, type Components, type ExtraProps } from 'react-markdown'

/** Headings a note may use; they render as emphasis or spans, never as the page's own headings (see below). */
const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'] as const

/** The Markdown a note may use; anything else (raw HTML above all) is dropped or unwrapped to its text. */
const ALLOWED_ELEMENTS = [
  'p',
  'strong',
  'em',
  'del',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'a',
  'img',
  'br',
  'hr',
  ...HEADINGS,
]

/** Shown to the user in place of an address that is not a web or mail address (`javascript:`, `data:`…). */
const UNSAFE_URL = 'address removed'

/** The address as the user may read it, or null when it is not one worth showing (see defaultUrlTransform). */
function shownUrl(url: string | undefined): string | null {
  if (!url) return null
  return defaultUrlTransform(url) === '' ? null : url
}

/** The plain text of a link's children, to avoid printing an address twice (`<https://…>`). */
function textOf(node: ExtraProps['node']): string {
  return (node?.children ?? []).map((child) => (child.type === 'text' ? child.value : '')).join('')
}

/**
 * A link as text with its address beside it: the app never navigates (Electron refuses it, the app is
 * offline), so an anchor would only be a trap for a click. The address stays readable and selectable.
 */
function NoteLink({ href, children, node }: { href?: string; children?: ReactNode } & ExtraProps) {
  const url = shownUrl(href)
  const sameAsText = url !== null && textOf(node) === url
  return (
    <span className="note-link" title={url ?? UNSAFE_URL}>
      {children}
      {!sameAsText && <span className="note-url"> ({url ?? UNSAFE_URL})</span>}
    </span>
  )
}

/** An image as its description and address: loading it would be a network request, which the app never makes. */
function NoteImage({ src, alt }: { src?: string | Blob; alt?: string } & ExtraProps) {
  const url = typeof src === 'string' ? shownUrl(src) : null
  return (
    <span className="note-image">
      [Image{alt ? `: ${alt}` : ''}]{url && <span className="note-url"> ({url})</span>}
    </span>
  )
}

const linkAndImage: Components = { a: NoteLink, img: NoteImage }

/** Blocks as spans, for notes shown inside a button (which may hold phrasing content only). */
const blockTags = ['p', 'blockquote', 'ul', 'ol', 'li', 'pre', 'hr', ...HEADINGS] as const
const inlineComponents: Components = {
  ...linkAndImage,
  ...Object.fromEntries(
    blockTags.map((tag) => [
      tag,
      ({ children }: { children?: ReactNode }) => <span className={`md-block md-${tag}`}>{children}</span>,
    ]),
  ),
}

/** Headings in a note are emphasis, not document structure: they must not break the page's outline. */
const heading = ({ children }: { children?: ReactNode }) => (
  <p className="md-heading">
    <strong>{children}</strong>
  </p>
)
const blockComponents: Components = {
  ...linkAndImage,
  ...Object.fromEntries(HEADINGS.map((tag) => [tag, heading])),
}

/**
 * A note's Markdown, rendered without active content: raw HTML is skipped (no rehype-raw), links are text
 * with their address, images are their description. `inline` renders blocks as spans, for a note inside a
 * button.
 */
export function NoteMarkdown({ text, inline = false }: { text: string; inline?: boolean }) {
  const Wrapper = inline ? 'span' : 'div'
  return (
    <Wrapper className="note note-markdown">
      <Markdown
        skipHtml
        allowedElements={ALLOWED_ELEMENTS}
        unwrapDisallowed
        components={inline ? inlineComponents : blockComponents}
      >
        {text}
      </Markdown>
    </Wrapper>
  )
}

/** The hint under a note's text field. */
export const MARKDOWN_HINT = 'Markdown: **bold**, *italic*, lists, > quotes'
