import type { BlockDraft } from '../../../shared/blocks'

/**
 * Turns the positioned text of a PDF's pages into blocks in reading order: no pdf.js here, only geometry,
 * so every rule can be tested on its own. Coordinates are PDF points with y growing upwards (as in PDF user
 * space); `x`, `y` are a run's baseline origin.
 */

/** A run of text as placed on the page (a pdf.js text item, turned upright). */
export interface TextRun {
  text: string
  x: number
  y: number
  /** Advance width along the baseline. */
  width: number
  /** Font size as drawn (the text matrix's vertical scale). */
  size: number
  /** Right-to-left script (pdf.js's `dir`). */
  rtl: boolean
  /** The producer put a space before it (pdf.js gives it as a run of its own, dropped here). */
  spaceBefore?: boolean
}

export interface PageText {
  /** 1-based page number. */
  page: number
  runs: TextRun[]
  /** Text drawn at an angle (margin stamps, rotated captions): kept, but outside the reading flow. */
  aside: string[]
}

/** Where a line sits on its page: the whole width, a column of a two-column page, or across both. */
type Region = 'full' | 'left' | 'right' | 'span'

interface Line {
  page: number
  region: Region
  text: string
  x: number
  xEnd: number
  y: number
  size: number
  chars: number
}

interface Gutter {
  start: number
  end: number
}

interface Edges {
  left: number
  right: number
}

const roundHalf = (value: number): number => Math.round(value * 2) / 2

/** Most frequent key of a weighted tally (ties: the first counted). */
function modeOf(tally: Map<number, number>, fallback: number): number {
  let best = fallback
  let bestCount = 0
  for (const [key, count] of tally) {
    if (count > bestCount) {
      best = key
      bestCount = count
    }
  }
  return best
}

function addTo(tally: Map<number, number>, key: number, weight = 1): void {
  tally.set(key, (tally.get(key) ?? 0) + weight)
}

// ---------------------------------------------------------------------------------------------------------
// Runs → rows → lines, per page
// ---------------------------------------------------------------------------------------------------------

/**
 * Groups runs into rows by baseline: sorted by y (down the page) then x, a run joins the current row when
 * its baseline is within half a font size of the row's first run (so superscripts and subscripts stay in
 * their line). Each row's runs come back sorted left to right.
 */
function rowsOf(runs: TextRun[]): TextRun[][] {
  const sorted = [...runs].sort((a, b) => b.y - a.y || a.x - b.x)
  const rows: TextRun[][] = []
  let row: TextRun[] = []
  let anchor: TextRun | undefined
  for (const run of sorted) {
    if (anchor && Math.abs(anchor.y - run.y) <= 0.5 * Math.max(anchor.size, run.size)) {
      row.push(run)
      continue
    }
    if (row.length > 0) rows.push(row)
    row = [run]
    anchor = run
  }
  if (row.length > 0) rows.push(row)
  for (const r of rows) r.sort((a, b) => a.x - b.x)
  return rows
}

/** The runs that tell columns apart: all but a short run alone on its row (a page number in the gutter). */
function columnRuns(rows: TextRun[][]): TextRun[] {
  return rows.flatMap((row) => (row.length === 1 && row[0]!.width < 4 * row[0]!.size ? [] : row))
}

/** Runs left of the gutter, right of it, and rows across it (by each run's centre). */
function sides(
  runs: TextRun[],
  rows: TextRun[][],
  gutter: Gutter,
): { left: number; right: number; across: number } {
  const mid = (gutter.start + gutter.end) / 2
  let left = 0
  let right = 0
  for (const run of runs) {
    if (run.x < gutter.start && run.x + run.width > gutter.end) continue
    if (run.x + run.width / 2 < mid) left++
    else right++
  }
  return { left, right, across: rows.filter((row) => crossesGutter(row, gutter)).length }
}

/**
 * A two-column page has a vertical band in the middle of its text that (almost) no run covers. The band is
 * found on a 1-point coverage profile of the runs' extents (linear in runs plus the page width); rows that
 * cross it (a title over both columns) are allowed, up to one row in eight. The band is then narrowed to
 * the gap between the two columns' text (a sparse right column, the last lines of an article, covers too
 * few bins to stop it). It counts as a gutter only when at least three rows have text on both sides, so a
 * single column with a ragged edge never does.
 */
function findGutter(rows: TextRun[][]): Gutter | null {
  const runs = columnRuns(rows)
  if (rows.length < 6 || runs.length === 0) return null
  let minX = Infinity
  let maxX = -Infinity
  const sizes = new Map<number, number>()
  for (const run of runs) {
    minX = Math.min(minX, run.x)
    maxX = Math.max(maxX, run.x + run.width)
    addTo(sizes, roundHalf(run.size), run.text.length)
  }
  const span = maxX - minX
  if (!(span >= 120) || span > 20_000) return null
  const bins = Math.ceil(span) + 2
  const cover = new Int32Array(bins + 1)
  for (const run of runs) {
    cover[Math.max(0, Math.floor(run.x - minX))]! += 1
    cover[Math.min(bins, Math.ceil(run.x + run.width - minX))]! -= 1
  }
  for (let i = 1; i <= bins; i++) cover[i]! += cover[i - 1]!
  const maxCross = Math.floor(rows.length / 8)
  let best: Gutter | null = null
  let runStart = -1
  const from = Math.floor(0.25 * span)
  const to = Math.ceil(0.75 * span)
  for (let i = from; i <= to + 1; i++) {
    const open = i <= to && cover[i]! <= maxCross
    if (open && runStart < 0) runStart = i
    if (!open && runStart >= 0) {
      if (!best || i - runStart > best.end - best.start) best = { start: runStart, end: i }
      runStart = -1
    }
  }
  if (!best) return null
  const gutter = { start: minX + best.start, end: minX + best.end }
  for (const run of runs) if (run.x > gutter.start && run.x < gutter.end) gutter.end = run.x
  for (const run of runs) {
    const end = run.x + run.width
    if (run.x < gutter.start && end > gutter.start && end < gutter.end) gutter.start = end
  }
  if (gutter.end - gutter.start < Math.max(6, 0.6 * modeOf(sizes, 10))) return null
  let both = 0
  const mid = (gutter.start + gutter.end) / 2
  for (const row of rows) {
    if (crossesGutter(row, gutter)) continue
    if (row.some((r) => r.x + r.width / 2 < mid) && row.some((r) => r.x + r.width / 2 >= mid)) both++
  }
  return both >= 3 ? gutter : null
}

function crossesGutter(row: TextRun[], gutter: Gutter): boolean {
  return row.some((r) => r.x < gutter.start && r.x + r.width > gutter.end)
}

/** The reading text of a row's runs: a space where runs are apart, overprinted duplicates (fake bold) once. */
function lineFrom(runs: TextRun[], page: number, region: Region): Line {
  const rtl = runs.filter((r) => r.rtl).length * 2 > runs.length
  const ordered = rtl ? [...runs].reverse() : runs
  let text = ''
  let previous: TextRun | undefined
  let x = Infinity
  let xEnd = -Infinity
  const sizes = new Map<number, number>()
  let y = ordered[0]?.y ?? 0
  let yWeight = -1
  for (const run of ordered) {
    x = Math.min(x, run.x)
    xEnd = Math.max(xEnd, run.x + run.width)
    addTo(sizes, roundHalf(run.size), run.text.length)
    if (run.text.length > yWeight) {
      y = run.y
      yWeight = run.text.length
    }
    if (previous) {
      if (run.text === previous.text && Math.abs(run.x - previous.x) < 0.2 * run.size) continue
      const gap = rtl ? previous.x - (run.x + run.width) : run.x - (previous.x + previous.width)
      const spaced = gap > 0.1 * run.size || (run.spaceBefore === true && gap > -0.1 * run.size)
      if (spaced && !/\s$/.test(text) && !/^\s/.test(run.text)) text += ' '
    }
    text += run.text
    previous = run
  }
  text = text.replace(/\s+/g, ' ').trim()
  return { page, region, text, x, xEnd, y, size: modeOf(sizes, 0), chars: text.length }
}

interface PageRows {
  page: number
  rows: TextRun[][]
  gutter: Gutter | null
}

function rowsOfPage(page: PageText): PageRows {
  const runs = page.runs.filter((r) => r.text.trim() !== '' && Number.isFinite(r.x + r.y + r.width + r.size))
  const rows = rowsOf(runs)
  return { page: page.page, rows, gutter: findGutter(rows) }
}

/**
 * The gutter most two-column pages of the document share, tried on the pages where it was not seen (the
 * last page of an article, whose right column has a line or two): it holds when nothing but a row or two
 * crosses it and there is text on both sides.
 */
function shareGutter(pages: PageRows[]): void {
  const found = pages.flatMap((p) => (p.gutter ? [p.gutter] : []))
  if (found.length === 0) return
  const median = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!
  const shared = { start: median(found.map((g) => g.start)), end: median(found.map((g) => g.end)) }
  for (const page of pages) {
    if (page.gutter || page.rows.length === 0) continue
    const { left, right, across } = sides(columnRuns(page.rows), page.rows, shared)
    if (left > 0 && right > 0 && across <= page.rows.length / 8) page.gutter = shared
  }
}

/**
 * A page's lines in reading order. On a two-column page, rows crossing the gutter (a title, a full-width
 * figure caption) cut the page into bands; each band is read left column first, then right column.
 */
function linesOfPage({ page, rows, gutter }: PageRows): Line[] {
  if (!gutter) return rows.map((row) => lineFrom(row, page, 'full'))
  const mid = (gutter.start + gutter.end) / 2
  const lines: Line[] = []
  let left: Line[] = []
  let right: Line[] = []
  const flush = (): void => {
    lines.push(...left, ...right)
    left = []
    right = []
  }
  for (const row of rows) {
    if (crossesGutter(row, gutter)) {
      flush()
      lines.push(lineFrom(row, page, 'span'))
      continue
    }
    const leftRuns = row.filter((r) => r.x + r.width / 2 < mid)
    const rightRuns = row.filter((r) => r.x + r.width / 2 >= mid)
    if (leftRuns.length > 0) left.push(lineFrom(leftRuns, page, 'left'))
    if (rightRuns.length > 0) right.push(lineFrom(rightRuns, page, 'right'))
  }
  flush()
  return lines
}

// ---------------------------------------------------------------------------------------------------------
// Running headers and footers
// ---------------------------------------------------------------------------------------------------------

/** A line that is only a page number: `3`, `- 3 -`, `Page 3 of 10`, `3 / 10`, `Стр. 3 из 10`; or `iv`. */
const PAGE_NUMBER =
  /^(?:(?:page|p\.|pg\.?|стр\.?|страница|бет)\s*)?[-–—]?\s*\d{1,5}\s*[-–—]?(?:\s*(?:of|из|\/)\s*\d{1,5})?$/iu
const ROMAN_PAGE_NUMBER = /^[ivxlc]{1,6}$/

function headerKey(line: Line): string {
  return `${line.text.toLowerCase().replace(/\d+/g, '#')}@${Math.round(line.y / 2)}`
}

/**
 * Drops running headers and footers: a line whose text (digits aside) recurs at the same height on at least
 * 60% of the pages, or of the odd or the even pages (books alternate them), with at least two pages; and a
 * page number alone on the top or bottom line of a page.
 */
function dropRunningLines(pages: Line[][]): Line[][] {
  const count = pages.length
  const keys = pages.map((lines) => lines.map(headerKey))
  const seen = new Map<string, { all: number; odd: number; even: number }>()
  for (const [i, lines] of pages.entries()) {
    for (const key of new Set(keys[i])) {
      const tally = seen.get(key) ?? { all: 0, odd: 0, even: 0 }
      tally.all++
      if ((lines[0]?.page ?? 0) % 2 === 1) tally.odd++
      else tally.even++
      seen.set(key, tally)
    }
  }
  const oddPages = Math.ceil(count / 2)
  const evenPages = Math.floor(count / 2)
  const often = (n: number, of: number): boolean => of >= 2 && n >= 2 && n >= 0.6 * of
  const running = (key: string): boolean => {
    const tally = seen.get(key)
    if (!tally || count < 2) return false
    return (
      often(tally.all, count) || (count >= 4 && (often(tally.odd, oddPages) || often(tally.even, evenPages)))
    )
  }
  return pages.map((lines, i) => {
    let top = -Infinity
    let bottom = Infinity
    for (const line of lines) {
      top = Math.max(top, line.y)
      bottom = Math.min(bottom, line.y)
    }
    return lines.filter((line, j) => {
      if (running(keys[i]![j]!)) return false
      return !(
        (line.y === top || line.y === bottom) &&
        (PAGE_NUMBER.test(line.text) || ROMAN_PAGE_NUMBER.test(line.text))
      )
    })
  })
}

// ---------------------------------------------------------------------------------------------------------
// Lines → paragraphs and headings
// ---------------------------------------------------------------------------------------------------------

interface Layout {
  bodySize: number
  leading: number
  headingLevel: Map<number, number>
  edges: (line: Line) => Edges
}

const isHeadingSize = (size: number, body: number): boolean => size >= body * 1.15 && size - body >= 1

/**
 * Where a column's lines start and end: the second smallest start and the second largest end, so that one
 * stray line (an outdented number, an overlong address) does not move the edge, while indented first lines
 * (however many) never do.
 */
function edgesOf(lines: Line[]): Edges | null {
  if (lines.length === 0) return null
  const starts = lines.map((l) => l.x).sort((a, b) => a - b)
  const ends = lines.map((l) => l.xEnd).sort((a, b) => b - a)
  const pick = lines.length >= 3 ? 1 : 0
  return { left: starts[pick]!, right: ends[pick]! }
}

/** The body font size, line spacing, heading levels and column edges the paragraph rules measure against. */
function measure(lines: Line[]): Layout {
  const sizes = new Map<number, number>()
  for (const line of lines) addTo(sizes, roundHalf(line.size), line.chars)
  const bodySize = modeOf(sizes, 10)
  const isBody = (line: Line): boolean => Math.abs(line.size - bodySize) <= Math.max(0.5, 0.05 * bodySize)

  // Line spacing: the commonest baseline step among the small ones (where paragraphs are mostly one line,
  // as in dialogue, the step between paragraphs is commoner than the one inside them).
  const gaps: number[] = []
  for (let i = 1; i < lines.length; i++) {
    const a = lines[i - 1]!
    const b = lines[i]!
    if (a.page !== b.page || a.region !== b.region || !isBody(a) || !isBody(b)) continue
    const gap = a.y - b.y
    if (gap >= 0.7 * bodySize && gap < 3 * bodySize) gaps.push(Math.round(gap * 4) / 4)
  }
  gaps.sort((a, b) => a - b)
  const small = gaps[Math.floor(0.1 * gaps.length)] ?? 0
  const steps = new Map<number, number>()
  for (const gap of gaps) if (gap <= small * 1.2 + 0.25) addTo(steps, gap)
  const leading = modeOf(steps, 1.2 * bodySize)

  const headingSizes = [...new Set(lines.filter((l) => isHeadingSize(l.size, bodySize)).map((l) => l.size))]
  headingSizes.sort((a, b) => b - a)
  const headingLevel = new Map(headingSizes.map((size, i) => [size, Math.min(6, i + 1)]))

  // Column edges per page and region where a page has enough body lines, else across the document.
  const groups = new Map<string, Line[]>()
  for (const line of lines) {
    if (!isBody(line)) continue
    for (const key of [`${line.page}:${line.region}`, `*:${line.region}`]) {
      const group = groups.get(key)
      if (group) group.push(line)
      else groups.set(key, [line])
    }
  }
  const found = new Map<string, Edges | null>()
  const edgesAt = (key: string, least: number): Edges | null => {
    if (!found.has(key)) {
      const group = groups.get(key) ?? []
      found.set(key, group.length >= least ? edgesOf(group) : null)
    }
    return found.get(key) ?? null
  }
  const edges = (line: Line): Edges =>
    edgesAt(`${line.page}:${line.region}`, 5) ??
    edgesAt(`*:${line.region}`, 1) ?? { left: line.x, right: line.xEnd }
  return { bodySize, leading, headingLevel, edges }
}

/** Words seen whole in the text, with and without an inner hyphen: evidence for a line-end hyphen. */
interface WordEvidence {
  hyphenated: Set<string>
  plain: Set<string>
}

function gatherWords(lines: Line[]): WordEvidence {
  const hyphenated = new Set<string>()
  const plain = new Set<string>()
  for (const line of lines) {
    // The last word of a line may be cut by a line-end hyphen: it is not evidence.
    const text = line.text.replace(/\S+$/, '')
    for (const [word] of text.matchAll(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu)) {
      ;(word.includes('-') ? hyphenated : plain).add(word.toLowerCase())
    }
  }
  return { hyphenated, plain }
}

/** A line ending in a hyphen after a letter or digit: the word goes on on the next line. */
const LINE_END_HYPHEN = /[\p{L}\p{N}][-\u2010]$/u
/** A conjunction as a whole word (English, German, French, Spanish, Russian, Kazakh). */
const SUSPENDED_BEFORE = /^(?:and|or|nor|to|und|oder|bis|et|ou|y|o|и|или|либо|және|мен|немесе)\s/u

/**
 * How a paragraph's line joins the next: how much of the line to keep and what goes between. A line ending
 * in a letter and a hyphen before a lowercase letter is a word broken by hyphenation: joined without the
 * hyphen, unless the document writes that very word with a hyphen elsewhere (and never without). A hyphen
 * before a conjunction is left hanging ("long- and short-term"), unless the document has the joined word.
 * Any other line-end hyphen belongs to a compound (Soviet-American, COVID-19, 22-12) and stays, with no
 * space after it. A soft hyphen joins. Only the two lines are looked at, so a paragraph joins in linear time.
 */
function lineJoint(text: string, next: string, evidence?: () => WordEvidence): [keep: number, glue: string] {
  if (text.endsWith('\u00ad')) return [text.length - 1, '']
  if (!LINE_END_HYPHEN.test(text)) return [text.length, ' ']
  const head = /[\p{L}\p{N}-]*-$/u.exec(text)?.[0] ?? ''
  const tail = /^[\p{L}\p{N}]+/u.exec(next)?.[0] ?? ''
  const broken = /\p{L}.$/u.test(text) && /^\p{Ll}/u.test(next)
  const words = evidence?.()
  if (broken && words?.plain.has((head.slice(0, -1) + tail).toLowerCase())) return [text.length - 1, '']
  if (SUSPENDED_BEFORE.test(next)) return [text.length, ' ']
  if (!broken || words?.hyphenated.has((head + tail).toLowerCase())) return [text.length, '']
  return [text.length - 1, '']
}

/** A line and the next, joined as in a paragraph (see lineJoint). */
export function joinLines(text: string, next: string, words?: WordEvidence): string {
  const [keep, glue] = lineJoint(text, next, words && (() => words))
  return text.slice(0, keep) + glue + next
}

/** Whether `line` starts a new block after `previous` (both already classed heading or body). */
function startsBlock(previous: Line, line: Line, layout: Layout, previousOpened: boolean): boolean {
  const { bodySize, leading, headingLevel } = layout
  const headingBefore = headingLevel.has(previous.size)
  const heading = headingLevel.has(line.size)
  const sameColumn = previous.page === line.page && previous.region === line.region && line.y < previous.y
  const gap = previous.y - line.y
  if (headingBefore || heading) {
    // Lines of one heading: the same size, close together.
    return !(headingBefore && heading && previous.size === line.size && sameColumn && gap <= 1.6 * line.size)
  }
  if (Math.abs(previous.size - line.size) > Math.max(1, 0.1 * bodySize)) return true
  if (LINE_END_HYPHEN.test(previous.text) || previous.text.endsWith('\u00ad')) return false
  if (sameColumn && gap > 1.3 * leading) return true
  const em = Math.max(line.size, 1)
  const here = layout.edges(line)
  const indented = line.x - here.left >= 0.6 * em && line.x - here.left <= 0.5 * (here.right - here.left)
  // Indented below a line at the margin, or below an indented line that opened its paragraph: a paragraph
  // of one line, as in dialogue (an indented block's second line is where its first began, but an
  // indented first line's paragraph goes on at the margin).
  const underOpening = previousOpened && Math.abs(line.x - previous.x) < 1
  if (indented && (!sameColumn || line.x - previous.x >= 0.6 * em || underOpening)) return true
  // The previous line stopped short: the next line's first word would have fitted after it, so the line
  // ended because its paragraph did (a line breaker moves a word down only when it does not fit).
  const room = layout.edges(previous).right - previous.xEnd
  if (room <= 0.5 * em) return false
  const firstWord = /^\S+/.exec(line.text)?.[0] ?? ''
  const scale = (line.xEnd - line.x) / Math.max(1, emWidth(line.text))
  return room > 1.1 * scale * emWidth(` ${firstWord}`) + 0.15 * em
}

/** Em widths of ASCII characters by their shapes (capitals and m, w wide; i, l, t narrow). */
const ASCII_EM = (() => {
  const table = new Float32Array(128).fill(0.4)
  const set = (chars: string, width: number): void => {
    for (const c of chars) table[c.charCodeAt(0)] = width
  }
  set('abcdeghknopqsuvxyz0123456789', 0.5)
  set('ABCDEFGHIJKLNOPQRSTUVXYZ', 0.68)
  set('mw', 0.75)
  set('MW&%@', 0.9)
  set("ijlftr.,;:'!|", 0.3)
  set(' ', 0.25)
  return table
})()

/**
 * A rough width of text in em, by the shapes of its letters; scaled by a line's measured width it estimates
 * how wide a word of that line's font is.
 */
function emWidth(text: string): number {
  let width = 0
  for (const c of text) {
    const code = c.charCodeAt(0)
    if (code < 128) width += ASCII_EM[code]!
    else if (c === '—' || c === '…') width += 0.9
    else if (/\p{Lu}/u.test(c)) width += 0.68
    else if (/[\p{Ll}\p{N}]/u.test(c)) width += 0.5
    else width += 0.4
  }
  return width
}

/** A short line without closing punctuation, followed by longer text, reads as a title. */
function readsAsTitle(text: string, next: string | undefined): boolean {
  return text.length <= 90 && !/[.!?:;,…"”»)]$/.test(text) && next !== undefined && next.length > text.length
}

/**
 * The blocks of a PDF's text: lines in reading order (columns split, running headers and page numbers
 * dropped), joined into paragraphs, larger type as headings (level by size rank), each block with the page
 * it starts on. Angled text follows at the end, a paragraph per page.
 */
export function layoutBlocks(pages: PageText[]): BlockDraft[] {
  const rows = pages.map(rowsOfPage)
  shareGutter(rows)
  const lines = dropRunningLines(rows.map(linesOfPage)).flat()
  const drafts: BlockDraft[] = []
  if (lines.length > 0) {
    const layout = measure(lines)
    let evidence: WordEvidence | undefined
    const words = (): WordEvidence => (evidence ??= gatherWords(lines))
    // The block being built: its lines' texts with the glue between them, joined when it is done.
    let current: { draft: BlockDraft; last: Line; parts: string[] } | undefined
    const finish = (): void => {
      if (current) current.draft.text = current.parts.join('').replace(/\u00ad/g, '')
    }
    for (const line of lines) {
      if (current && !startsBlock(current.last, line, layout, current.parts.length === 1)) {
        const [keep, glue] = lineJoint(current.last.text, line.text, words)
        current.parts[current.parts.length - 1] = current.last.text.slice(0, keep)
        current.parts.push(glue, line.text)
        current.last = line
        continue
      }
      finish()
      const level = layout.headingLevel.get(line.size)
      const draft: BlockDraft =
        level === undefined
          ? { kind: 'paragraph', text: '', page: line.page }
          : { kind: 'heading', level, text: '', page: line.page }
      drafts.push(draft)
      current = { draft, last: line, parts: [line.text] }
    }
    finish()
  }
  // A heading is a line or three, not a page: larger type that runs on is body text set large.
  for (const draft of drafts) {
    if (draft.kind !== 'heading' || draft.text.length <= 300) continue
    draft.kind = 'paragraph'
    delete draft.level
  }
  const first = drafts[0]
  if (first && first.page === 1 && !drafts.some((d) => d.kind === 'heading' && d.page === 1)) {
    if (readsAsTitle(first.text, drafts[1]?.text)) Object.assign(first, { kind: 'heading', level: 1 })
  }
  for (const page of pages) {
    const aside = page.aside.join(' ').trim()
    if (aside) drafts.push({ kind: 'paragraph', text: aside, page: page.page })
  }
  return drafts
}
