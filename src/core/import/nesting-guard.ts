import { CasebookError } from '../../shared/errors'

/**
 * Guards against pages and Markdown files nested so deep that the parsers would take minutes or overflow
 * the stack. Found by fuzzing: htmlparser2 (under linkedom) keeps its open elements in an array it
 * `unshift`s, so parsing is quadratic in depth (100,000 nested <div>s: 30 s), and Readability is worse
 * (1,000 levels: 22 s); micromark needs seconds for a few thousand nested quotes or lists and then
 * overflows the stack. Real pages are rarely nested more than 60 levels and Markdown files 10, so the
 * limits below refuse only pathological files, cheaply, before any parser sees them.
 */

/** The deepest element nesting read from a page; Readability takes about a second at this depth. */
export const MAX_HTML_DEPTH = 256
/** The deepest nesting of block quotes and lists read from a Markdown file. */
export const MAX_MARKDOWN_DEPTH = 100
/** The deepest nesting of [ brackets (link and image texts) within one Markdown paragraph. */
export const MAX_MARKDOWN_BRACKETS = 32
/**
 * The most * and _ emphasis marks in one Markdown paragraph: micromark pairs them in quadratic time
 * (8,000 marks: 4 s; 16,000: 14 s and a stack overflow), while a real paragraph has a few dozen.
 */
export const MAX_MARKDOWN_EMPHASIS_MARKS = 2000

/** Elements without content, never pushed on the parser's stack (htmlparser2's list). */
const VOID = new Set([
  'area',
  'base',
  'basefont',
  'br',
  'col',
  'command',
  'embed',
  'frame',
  'hr',
  'image',
  'img',
  'input',
  'isindex',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
])
/** Elements whose content is text up to their closing tag, so tags inside do not nest. */
const RAW_TEXT = new Set(['script', 'style', 'title', 'textarea', 'xmp'])
/** Opening these closes an open element of the given kinds on top of the stack (htmlparser2's rules). */
const P = ['p']
const FORM = ['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea']
const IMPLIES_CLOSE: Record<string, string[]> = {
  tr: ['tr', 'th', 'td'],
  th: ['th'],
  td: ['thead', 'th', 'td'],
  body: ['head', 'link', 'script'],
  li: ['li'],
  option: ['option'],
  optgroup: ['optgroup', 'option'],
  dd: ['dd', 'dt'],
  dt: ['dd', 'dt'],
  rt: ['rt', 'rp'],
  rp: ['rt', 'rp'],
  tbody: ['thead', 'tbody'],
  tfoot: ['thead', 'tbody'],
  select: FORM,
  input: FORM,
  output: FORM,
  button: FORM,
  datalist: FORM,
  textarea: FORM,
}
for (const tag of [
  ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'address', 'article', 'aside', 'blockquote', 'details'],
  ...['div', 'dl', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'header', 'hr', 'main', 'nav'],
  ...['ol', 'pre', 'section', 'table', 'ul'],
])
  IMPLIES_CLOSE[tag] = P

/**
 * How deep the page's elements nest, as htmlparser2 will build them, or `limit + 1` as soon as that is
 * passed. One pass over the source; comments and raw text (scripts, styles) are skipped, implied closes
 * (a <p> closing the open <p>) followed, and self-closing tags honoured inside SVG and MathML only, as the
 * parser does, so an upper bound of the real depth, never an under-estimate.
 */
export function htmlNestingDepth(source: string, limit = MAX_HTML_DEPTH): number {
  const stack: string[] = []
  // How many of each name are open, so a closing tag finds its element in O(1).
  const open = new Map<string, number>()
  const push = (name: string) => {
    stack.push(name)
    open.set(name, (open.get(name) ?? 0) + 1)
  }
  const pop = () => {
    const name = stack.pop() ?? ''
    open.set(name, (open.get(name) ?? 1) - 1)
    return name
  }
  const tags = /<!--[\s\S]*?(?:-->|$)|<(\/?)([A-Za-z][^\s/>]*)([^>]*)>?/g
  let deepest = 0
  for (let match = tags.exec(source); match; match = tags.exec(source)) {
    const [, closing, rawName, rest] = match
    if (rawName === undefined) continue // a comment
    const name = rawName.toLowerCase()
    if (closing) {
      if (VOID.has(name)) continue
      if ((open.get(name) ?? 0) > 0) while (pop() !== name);
      continue
    }
    const implied = IMPLIES_CLOSE[name]
    while (implied && stack.length > 0 && implied.includes(stack[stack.length - 1] ?? '')) pop()
    if (RAW_TEXT.has(name)) {
      const end = new RegExp(`</${name}`, 'gi')
      end.lastIndex = tags.lastIndex
      tags.lastIndex = end.exec(source) ? end.lastIndex : source.length
      continue
    }
    const foreign = (open.get('svg') ?? 0) + (open.get('math') ?? 0) > 0
    if (VOID.has(name) || (foreign && rest?.endsWith('/'))) continue
    push(name)
    if (stack.length > deepest) deepest = stack.length
    if (deepest > limit) return deepest
  }
  return deepest
}

/** Refuses a page nested deeper than MAX_HTML_DEPTH, with a reason the user can read. */
export function checkHtmlNesting(source: string): void {
  if (htmlNestingDepth(source) > MAX_HTML_DEPTH) {
    throw new CasebookError(
      'bad_file',
      `its elements are nested more than ${MAX_HTML_DEPTH} levels deep, too deep to be a readable page`,
    )
  }
}

const CONTAINER_MARKER = /^ {0,3}(?:>|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))[ \t]?/

/**
 * How deep block quotes and lists nest in Markdown, estimated line by line: the quote and list markers a
 * line starts with, plus the list items still open above it (a list item stays open for the lines indented
 * at least as far as its text). An over-estimate where lazy lines or code blocks confuse it, never much of
 * one for ordinary files; returns as soon as `limit` is passed.
 */
export function markdownNestingDepth(source: string, limit = MAX_MARKDOWN_DEPTH): number {
  // The content indents of the list items open so far.
  const items: number[] = []
  let deepest = 0
  for (const line of source.split(/\r\n?|\n/)) {
    const indent = /^[ \t]*/.exec(line)?.[0].replace(/\t/g, '    ').length ?? 0
    if (indent === line.length) continue // a blank line ends no list
    while (items.length > 0 && indent < (items[items.length - 1] ?? 0)) items.pop()
    let rest = line.slice(Math.min(indent, 3) === indent ? 0 : indent)
    let markers = 0
    let column = indent
    for (let marker = CONTAINER_MARKER.exec(rest); marker; marker = CONTAINER_MARKER.exec(rest)) {
      markers++
      column += marker[0].length
      rest = rest.slice(marker[0].length)
      if (markers + items.length > limit) return markers + items.length
    }
    // A line opening list items leaves the innermost open for the lines indented under its text.
    if (
      markers > 0 &&
      /^ {0,3}(?:[-+*]|\d{1,9}[.)])/.test(line.slice(Math.min(indent, 3) === indent ? 0 : indent))
    )
      items.push(column)
    deepest = Math.max(deepest, markers + items.length)
  }
  return deepest
}

/** The deepest nesting of [ within one paragraph (brackets reset at blank lines, where links end). */
export function markdownBracketDepth(source: string, limit = MAX_MARKDOWN_BRACKETS): number {
  let depth = 0
  let deepest = 0
  for (const match of source.matchAll(/\\.|\[|\]|\n[ \t]*\n/g)) {
    const token = match[0]
    if (token === '[') depth++
    else if (token === ']') depth = Math.max(0, depth - 1)
    else if (token.startsWith('\n')) depth = 0
    if (depth > deepest) deepest = depth
    if (deepest > limit) return deepest
  }
  return deepest
}

/**
 * The most * and _ marks in one paragraph (paragraphs end at blank lines), leaving out lines made only
 * of them (thematic breaks like `*****`, which micromark does not pair).
 */
export function markdownEmphasisMarks(source: string, limit = MAX_MARKDOWN_EMPHASIS_MARKS): number {
  let marks = 0
  let most = 0
  for (const line of source.split(/\r\n?|\n/)) {
    if (!line.trim()) {
      marks = 0
      continue
    }
    if (/^[\s*_-]*$/.test(line)) continue
    for (let i = line.indexOf('*'); i !== -1; i = line.indexOf('*', i + 1)) marks++
    for (let i = line.indexOf('_'); i !== -1; i = line.indexOf('_', i + 1)) marks++
    if (marks > most) most = marks
    if (most > limit) return most
  }
  return most
}

/** Refuses Markdown nested beyond what micromark parses in reasonable time, with a readable reason. */
export function checkMarkdownNesting(source: string): void {
  if (markdownNestingDepth(source) > MAX_MARKDOWN_DEPTH) {
    throw new CasebookError(
      'bad_file',
      `its quotes and lists are nested more than ${MAX_MARKDOWN_DEPTH} levels deep, too deep to be a readable text`,
    )
  }
  if (markdownBracketDepth(source) > MAX_MARKDOWN_BRACKETS) {
    throw new CasebookError(
      'bad_file',
      `it has more than ${MAX_MARKDOWN_BRACKETS} [ brackets open inside each other, too many to read as links`,
    )
  }
  if (markdownEmphasisMarks(source) > MAX_MARKDOWN_EMPHASIS_MARKS) {
    throw new CasebookError(
      'bad_file',
      `a paragraph has more than ${MAX_MARKDOWN_EMPHASIS_MARKS} * or _ marks, too many to read as emphasis`,
    )
  }
}
