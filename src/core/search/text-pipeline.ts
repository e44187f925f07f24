import lunr from 'lunr'

/**
 * The token pipeline shared by indexing, querying and snippet marking, so the three always agree on
 * what a "word" is. lunr's own trimmer strips every non-ASCII letter (it deletes Cyrillic words whole),
 * so it is replaced with one that trims by Unicode letter and number classes.
 */

/**
 * Words are split on white space, dashes, slashes and `*` (lunr reads a `*` inside a term as a wildcard);
 * punctuation around words is trimmed afterwards.
 */
export const WORD_SEPARATOR = /[\s\-\u2010-\u2015/\\|*]+/u
lunr.tokenizer.separator = WORD_SEPARATOR

const PLAIN_WORD = /^[a-z0-9]+$/
const EDGE_PUNCTUATION = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu
const POSSESSIVE = /['’]s$/u

/**
 * Trims what is not a letter or digit (in any script) off both ends, then a possessive ending, so
 * "“Tokayev’s," is found by "Tokayev". Most tokens are plain ASCII words and skip both regular expressions.
 */
export const unicodeTrimmer: lunr.PipelineFunction = (token) =>
  PLAIN_WORD.test(token.toString())
    ? token
    : token.update((s) => s.replace(EDGE_PUNCTUATION, '').replace(POSSESSIVE, ''))
lunr.Pipeline.registerFunction(unicodeTrimmer, 'casebookUnicodeTrimmer')

/** lunr's Porter stemmer is English-only: apply it to Latin-script words and leave other scripts whole. */
export const latinStemmer: lunr.PipelineFunction = (token, i, tokens) =>
  /^[a-z]+$/.test(token.toString())
    ? (lunr.stemmer as unknown as lunr.PipelineFunction)(token, i, tokens)
    : token
lunr.Pipeline.registerFunction(latinStemmer, 'casebookLatinStemmer')

/** Drops tokens the trimmer emptied, so they are neither indexed nor required by a query. */
export const dropEmpty: lunr.PipelineFunction = (token) => (token.toString() ? token : null)
lunr.Pipeline.registerFunction(dropEmpty, 'casebookDropEmpty')

const INDEX_STEPS = [unicodeTrimmer, dropEmpty, lunr.stopWordFilter, latinStemmer]

export function configureBuilder(builder: lunr.Builder): void {
  builder.pipeline.reset()
  builder.pipeline.add(...INDEX_STEPS)
  builder.searchPipeline.reset()
  builder.searchPipeline.add(latinStemmer)
}

const indexPipeline = new lunr.Pipeline()
indexPipeline.add(...INDEX_STEPS)

/** Words repeat heavily across texts: remembering their terms makes snippet marking cheap. */
const termCache = new Map<string, string | null>()
const TERM_CACHE_LIMIT = 100_000

/** The index term for one raw word, or null if the word is not indexed (a stop word, punctuation). */
export function termOf(word: string): string | null {
  const cached = termCache.get(word)
  if (cached !== undefined) return cached
  const [first] = indexPipeline.runString(word.toLowerCase())
  const term = first ? first : null
  if (termCache.size >= TERM_CACHE_LIMIT) termCache.clear()
  termCache.set(word, term)
  return term
}

export interface WordSpan {
  start: number
  end: number
  term: string
}

const WORD = "[\\p{L}\\p{N}][\\p{L}\\p{N}\\p{M}'’_.]*[\\p{L}\\p{N}\\p{M}]|[\\p{L}\\p{N}]"
const WORDS = new RegExp(WORD, 'gu')
const WORD_AT = new RegExp(WORD, 'uy')
const LETTER_OR_DIGIT = /[\p{L}\p{N}\p{M}]/u

/** Every indexed word of a text with its offsets. */
export function wordSpans(text: string): WordSpan[] {
  const spans: WordSpan[] = []
  for (const match of text.matchAll(WORDS)) {
    const term = termOf(match[0])
    if (term) spans.push({ start: match.index, end: match.index + match[0].length, term })
  }
  return spans
}

/**
 * The words of a text whose term is one of `terms`, in text order. Instead of running the pipeline on
 * every word, it looks only where a term's stem (less its last letter, which stemming may change:
 * policy → polici) begins a word — snippets for a page of long articles stay cheap.
 */
export function matchingSpans(text: string, terms: ReadonlySet<string>): WordSpan[] {
  const lower = text.toLowerCase()
  // Lower-casing can change lengths in a few scripts; then offsets would drift, so scan every word.
  if (lower.length !== text.length) return wordSpans(text).filter((span) => terms.has(span.term))
  const found = new Map<number, WordSpan>()
  for (const term of terms) {
    const stem = term.length > 3 ? term.slice(0, -1) : term
    for (let at = lower.indexOf(stem); at !== -1; at = lower.indexOf(stem, at + 1)) {
      if (found.has(at) || (at > 0 && LETTER_OR_DIGIT.test(text[at - 1] ?? ''))) continue
      WORD_AT.lastIndex = at
      const word = WORD_AT.exec(text)?.[0]
      if (word && termOf(word) === term) found.set(at, { start: at, end: at + word.length, term })
    }
  }
  return [...found.values()].sort((a, b) => a.start - b.start)
}
