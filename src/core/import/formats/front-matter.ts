import { parseDocument } from 'yaml'
import { CasebookError } from '../../../shared/errors'

/** The largest front matter read: far more than any real one, small enough to parse in an instant. */
export const MAX_FRONT_MATTER_BYTES = 64 * 1024
/**
 * How many alias nodes (`*name`) the front matter may use. The yaml package expands aliases when it builds
 * values, so a "billion laughs" (aliases of aliases of aliases) of a few hundred bytes would grow to
 * gigabytes; front matter has no use for aliases beyond the odd repeated value.
 */
const MAX_ALIASES = 20

export interface FrontMatter {
  title?: string
  author?: string
  /** ISO 8601: a date (`2022-09-20`) as written, a date and time converted to UTC. */
  date?: string
  url?: string
  tags?: string[]
  /** The other fields, by the names written, as plain text (a list joined with commas). */
  other: Record<string, string>
}

/** `---` on the first line (after a byte-order mark), then YAML, then a line of `---` or `...`. */
const OPENING = /^\uFEFF?---[ \t]*\r?\n/
const CLOSING = /^(?:---|\.\.\.)[ \t]*\r?$/m
/**
 * What front matter starts with: a field (`title:`), a comment, or the closing line. A file that opens
 * with a thematic break (`---`) and then prose is Markdown, not a malformed front matter.
 */
const FIRST_LINE = /^(?:#|---|\.\.\.|["']?[^\s:#"'][^:\n]*["']?[ \t]*:(?:[ \t]|\r?\n|$))/

/**
 * Splits a Markdown file's YAML front matter from its body. Only YAML between `---` lines at the very start
 * is read (Jekyll, Hugo, Pandoc, Obsidian); TOML (`+++`) is not, and stays in the body. A block that does not
 * start like front matter or is not a YAML mapping (a `---` thematic break, say) is no front matter: the
 * source comes back whole. Front matter that cannot be read is refused with a reason (as Jekyll and Hugo
 * refuse it) rather than its fields dropped unseen: invalid YAML, more than 64 KB, or aliases expanding
 * without end.
 */
export function splitFrontMatter(source: string): { data: FrontMatter; body: string } {
  const none = { data: { other: {} }, body: source }
  const opening = OPENING.exec(source)
  if (!opening) return none
  const rest = source.slice(opening[0].length)
  const closing = CLOSING.exec(rest)
  // (The first line's first 256 characters are enough, and keep the test from backtracking on a long line.)
  if (!closing || !FIRST_LINE.test(rest.trimStart().slice(0, 256))) return none
  const yaml = rest.slice(0, closing.index)
  const body = rest.slice(rest.indexOf('\n', closing.index) + 1 || rest.length)
  if (Buffer.byteLength(yaml) > MAX_FRONT_MATTER_BYTES) {
    throw new CasebookError(
      'bad_file',
      `its front matter is larger than ${MAX_FRONT_MATTER_BYTES / 1024} KB, too large to be a document's fields`,
    )
  }
  const values = readYaml(yaml)
  if (values === undefined || values === null) return { data: { other: {} }, body }
  if (typeof values !== 'object' || Array.isArray(values)) return none
  return { data: frontMatterFields(values as Record<string, unknown>), body }
}

/** The YAML's value, with the safe options: YAML 1.2's core schema (no custom or language tags), no merge keys, unique keys. */
function readYaml(yaml: string): unknown {
  const document = parseDocument(yaml, {
    version: '1.2',
    schema: 'core',
    customTags: [],
    merge: false,
    uniqueKeys: true,
    prettyErrors: true,
  })
  const [error] = document.errors
  if (error) {
    // The file's line: the front matter starts on the second.
    const line = (error.linePos?.[0]?.line ?? 0) + 1
    const what = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')
    throw new CasebookError('bad_file', `its front matter is not valid YAML (line ${line}: ${what})`)
  }
  try {
    return document.toJS({ maxAliasCount: MAX_ALIASES })
  } catch (error) {
    if (error instanceof ReferenceError) {
      throw new CasebookError(
        'bad_file',
        'its front matter repeats aliases of aliases (a "billion laughs"), which would expand without end',
      )
    }
    throw error
  }
}

type Field = Exclude<keyof FrontMatter, 'other'>

/** The fields read, by their lower-cased names, each with its reader. */
const FIELDS: Record<string, [Field, (value: unknown) => FrontMatter[Field]]> = {
  title: ['title', textOf],
  author: ['author', authorOf],
  authors: ['author', authorOf],
  date: ['date', isoDate],
  url: ['url', textOf],
  tags: ['tags', tagsOf],
}

/**
 * The recognised fields, each from its first occurrence; every other field, a repeat, and a value that
 * cannot be read as its field (a date that is no date) go to `other` as written.
 */
function frontMatterFields(values: Record<string, unknown>): FrontMatter {
  const data: FrontMatter = { other: {} }
  for (const [key, value] of Object.entries(values)) {
    const name = key.trim().toLowerCase()
    const field = Object.hasOwn(FIELDS, name) ? FIELDS[name] : undefined
    if (field && data[field[0]] === undefined) {
      const read = field[1](value)
      if (read !== undefined) {
        Object.assign(data, { [field[0]]: read })
        continue
      }
    }
    const text = textOf(value)
    if (text !== undefined) data.other[key] = text
  }
  return data
}

/** A value as one line of plain text: lists joined with commas, mappings as JSON, nothing for null. */
function textOf(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString()
  if (Array.isArray(value)) {
    const items = value.map(textOf).filter((item): item is string => Boolean(item))
    return items.length ? items.join(', ') : undefined
  }
  if (typeof value === 'object') return JSON.stringify(value)
  const text = String(value).replace(/\s+/g, ' ').trim()
  return text || undefined
}

/** `author: Lena Marsh`, a list of names, or `{ name: Lena Marsh, email: … }` (Hugo, Pandoc). */
function authorOf(value: unknown): string | undefined {
  const one = (item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item) && 'name' in item
      ? textOf((item as { name: unknown }).name)
      : textOf(item)
  if (Array.isArray(value)) {
    const names = value.map(one).filter((name): name is string => Boolean(name))
    return names.length ? names.join(', ') : undefined
  }
  return one(value)
}

/** `tags: [a, b]`, a YAML list, or `tags: a, b` (one string, split on commas); duplicates dropped. */
function tagsOf(value: unknown): string[] | undefined {
  const items = Array.isArray(value) ? value.map(textOf) : (textOf(value)?.split(',') ?? [])
  const tags = [...new Set(items.map((tag) => tag?.trim()).filter((tag): tag is string => Boolean(tag)))]
  return tags.length ? tags : undefined
}

const DATE_TIME =
  /^(\d{4}-\d{2}-\d{2})[Tt ]+(\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?[ \t]*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/

/**
 * A date as ISO 8601: a date (`2022-09-20`, or `2022-09`, `2022`) stays as written; a date with a time
 * (`2022-09-20 14:30:00 +06:00`, `2022-09-20T08:30:00Z`) becomes UTC (with no zone it is taken as UTC, as
 * Jekyll and Hugo take it); another form JavaScript reads becomes UTC when it has a time
 * (`Tue, 20 Sep 2022 14:30:00 +0600`), else its calendar date (`September 20, 2022`). Otherwise undefined.
 */
function isoDate(value: unknown): string | undefined {
  const text = textOf(value)
  if (!text) return undefined
  if (/^\d{4}(?:-\d{2}(?:-\d{2})?)?$/.test(text))
    return Number.isNaN(Date.parse(text.length === 4 ? `${text}-01` : text)) ? undefined : text
  const dateTime = DATE_TIME.exec(text)
  if (dateTime) {
    const [, day, hour = '', minute, second = '00', fraction = '', zone = 'Z'] = dateTime
    const offset =
      zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(3).replace(':', '') || '00'}`
    const parsed = new Date(`${day}T${hour.padStart(2, '0')}:${minute}:${second}${fraction}${offset}`)
    return Number.isNaN(parsed.getTime()) ? undefined : parsed.toISOString()
  }
  const parsed = new Date(text)
  if (Number.isNaN(parsed.getTime())) return undefined
  if (/\d:\d\d/.test(text)) return parsed.toISOString()
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${parsed.getFullYear()}-${pad(parsed.getMonth() + 1)}-${pad(parsed.getDate())}`
}
