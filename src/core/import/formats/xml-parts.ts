import { TextDecoder } from 'node:util'
import { DOMParser } from 'linkedom'
import { CasebookError } from '../../../shared/errors'

/**
 * Small helpers for the XML parts inside DOCX and EPUB archives (core properties, container, OPF, NCX).
 * linkedom's XML parser keeps qualified names (`dc:title`) and expands no DTD entities, so a part cannot
 * smuggle in an entity bomb; elements are matched here by local name, whatever prefix a writer chose.
 */

/** The part of linkedom's Element that these helpers read. */
export interface XmlElement {
  nodeName: string
  textContent: string | null
  children: ArrayLike<XmlElement>
  getAttribute(name: string): string | null
}

/**
 * Decodes an XML or XHTML part: a byte-order mark, else the encoding its declaration names, else UTF-8.
 * `what` names the part in the reason given when it is not valid text ("chapter text/ch1.xhtml").
 */
export function decodeXmlPart(bytes: Uint8Array, what: string): string {
  const label = encodingOf(bytes)
  let decoder: TextDecoder
  try {
    decoder = new TextDecoder(label, { fatal: true })
  } catch {
    throw new CasebookError('bad_file', `${what} declares an encoding Casebook does not know (${label})`)
  }
  try {
    return decoder.decode(bytes)
  } catch {
    throw new CasebookError('bad_file', `${what} is not valid ${label} text`)
  }
}

function encodingOf(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le'
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be'
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200))
  return /^(?:\xEF\xBB\xBF)?<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/.exec(head)?.[1] ?? 'utf-8'
}

/** The root element of an XML part, or null when there is none. */
export function parseXmlPart(source: string): XmlElement | null {
  const document = new DOMParser().parseFromString(source, 'text/xml') as unknown as {
    documentElement: XmlElement | null
  }
  return document.documentElement ?? null
}

/** `dc:title` → `title`; `title` stays. */
export function localName(element: XmlElement): string {
  return element.nodeName.slice(element.nodeName.indexOf(':') + 1)
}

/** The element's child elements, those with the given local name only when one is given. */
export function childElements(element: XmlElement, name?: string): XmlElement[] {
  return Array.from(element.children).filter((child) => name === undefined || localName(child) === name)
}

/** Every element below this one with the given local name, in document order. */
export function descendants(element: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = []
  const visit = (node: XmlElement) => {
    for (const child of Array.from(node.children)) {
      if (localName(child) === name) found.push(child)
      visit(child)
    }
  }
  visit(element)
  return found
}

/** The element's text with white space collapsed, or null when it has none. */
export function textOf(element: XmlElement | undefined): string | null {
  const text = element?.textContent?.replace(/\s+/g, ' ').trim()
  return text ? text : null
}

const ISO_8601 =
  /^\d{4}(?:-\d{2}(?:-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)?)?$/

/** A date as the source gave it when it is ISO 8601 (a year, a day or a moment), else null. */
export function isoDate(value: string | null): string | null {
  return value && ISO_8601.test(value) ? value : null
}
