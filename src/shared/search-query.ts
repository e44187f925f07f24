/**
 * The query language researchers type in the search box and the CLI:
 *
 *   election observers        both words (all words are required by default)
 *   observers OR monitors      either word
 *   -referendum                without this word
 *   "own civil society"        the exact phrase (straight or curly quotes)
 *   observ*                    words starting with "observ"
 *   Tokayev~1                  words within one edit of "Tokayev"
 *   title:election             in a field: title, author, source, entity, tag
 *
 * Pure: the parse is shared by every shell, and the engine decides how to run it.
 */

export const QUERY_FIELDS = ['title', 'author', 'source', 'entity', 'tag'] as const
export type QueryField = (typeof QUERY_FIELDS)[number]

export interface TermClause {
  kind: 'term'
  text: string
  field: QueryField | null
  /** `observ*`: any word starting with `text`. */
  prefix: boolean
  /** `word~1`: edit distance allowed (0 = exact). */
  fuzzy: 0 | 1 | 2
}

export interface PhraseClause {
  kind: 'phrase'
  text: string
  field: QueryField | null
}

export type QueryClause = TermClause | PhraseClause

export interface ParsedQuery {
  /** Every group must match; a group matches when any of its clauses does (clauses joined by OR). */
  required: QueryClause[][]
  /** No clause here may match. */
  excluded: QueryClause[]
}

/** A query the user can fix; `message` says how. */
export class QuerySyntaxError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'QuerySyntaxError'
  }
}

const OPENING_QUOTES = new Set(['"', '“', '„', '«', '”'])
const CLOSING_QUOTE: Record<string, string> = { '"': '"', '“': '”', '„': '“', '«': '»', '”': '”' }

interface RawToken {
  text: string
  quoted: boolean
  exclude: boolean
  field: QueryField | null
}

function isField(name: string): name is QueryField {
  return (QUERY_FIELDS as readonly string[]).includes(name)
}

/** Splits the input into words and quoted phrases, each with its `-` and `field:` markers. */
function tokenize(input: string): RawToken[] {
  const tokens: RawToken[] = []
  let i = 0
  while (i < input.length) {
    if (/\s/.test(input[i] ?? '')) {
      i++
      continue
    }
    let exclude = false
    let field: QueryField | null = null
    if (input[i] === '-' && i + 1 < input.length && !/\s/.test(input[i + 1] ?? '')) {
      exclude = true
      i++
    }
    const fieldMatch = /^(\p{L}+):(?=\S)/u.exec(input.slice(i))
    if (fieldMatch && isField(fieldMatch[1]?.toLowerCase() ?? '')) {
      field = fieldMatch[1]?.toLowerCase() as QueryField
      i += fieldMatch[0].length
    }
    const opening = input[i] ?? ''
    if (OPENING_QUOTES.has(opening)) {
      const closing = CLOSING_QUOTE[opening] ?? '"'
      let end = input.indexOf(closing, i + 1)
      // Accept a straight quote closing a curly one, as people type them mixed.
      if (end === -1 && closing !== '"') end = input.indexOf('"', i + 1)
      if (end === -1) throw new QuerySyntaxError(`a quoted phrase is not closed: add the closing ${closing}`)
      tokens.push({ text: input.slice(i + 1, end).trim(), quoted: true, exclude, field })
      i = end + 1
      continue
    }
    let end = i
    while (end < input.length && !/\s/.test(input[end] ?? '')) end++
    tokens.push({ text: input.slice(i, end), quoted: false, exclude, field })
    i = end
  }
  return tokens
}

function toClause(token: RawToken): QueryClause {
  const shown = `${token.exclude ? '-' : ''}${token.field ? `${token.field}:` : ''}`
  if (token.quoted) {
    if (!token.text) throw new QuerySyntaxError(`${shown}"" is empty: put words between the quotes`)
    return { kind: 'phrase', text: token.text, field: token.field }
  }
  let text = token.text
  let fuzzy: 0 | 1 | 2 = 0
  const fuzzyMatch = /~(\d*)$/.exec(text)
  if (fuzzyMatch) {
    const distance = fuzzyMatch[1] === '' ? 1 : Number(fuzzyMatch[1])
    if (distance < 1 || distance > 2) {
      throw new QuerySyntaxError(`“${token.text}”: a fuzzy search allows 1 or 2 edits (word~1 or word~2)`)
    }
    fuzzy = distance as 1 | 2
    text = text.slice(0, fuzzyMatch.index)
  }
  const prefix = text.endsWith('*')
  if (prefix) text = text.replace(/\*+$/, '')
  if (prefix && fuzzy) throw new QuerySyntaxError(`“${token.text}”: use either * or ~, not both`)
  if (text.includes('*')) throw new QuerySyntaxError(`“${token.text}”: * may only end a word (observ*)`)
  if (prefix && [...text].length < 2) {
    throw new QuerySyntaxError(`“${token.text}”: give at least 2 letters before the *`)
  }
  if (!text) throw new QuerySyntaxError(`“${shown}${token.text}” has no word to search for`)
  return { kind: 'term', text, field: token.field, prefix, fuzzy }
}

/** Parses a query, or throws a QuerySyntaxError whose message tells the user what to change. */
export function parseQuery(input: string): ParsedQuery {
  const tokens = tokenize(input.trim())
  const required: QueryClause[][] = []
  const excluded: QueryClause[] = []
  let joinNext = false
  tokens.forEach((token, index) => {
    if (!token.quoted && !token.exclude && !token.field && token.text === 'OR') {
      const previous = required[required.length - 1]
      const next = tokens[index + 1]
      if (!previous || joinNext || !next || next.exclude || (next.text === 'OR' && !next.quoted)) {
        throw new QuerySyntaxError('OR needs a word on each side (observers OR monitors)')
      }
      joinNext = true
      return
    }
    const clause = toClause(token)
    if (token.exclude) {
      excluded.push(clause)
    } else if (joinNext) {
      required[required.length - 1]?.push(clause)
      joinNext = false
    } else {
      required.push([clause])
    }
  })
  if (required.length === 0 && excluded.length > 0) {
    throw new QuerySyntaxError('add at least one word to find, not only words to leave out')
  }
  return { required, excluded }
}
