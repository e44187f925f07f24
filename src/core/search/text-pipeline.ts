import lunr from 'lunr'

/**
 * The token pipeline shared by indexing, querying and snippet marking, so the three always agree on
 * what a "word" is. lunr's own trimmer strips every non-ASCII letter (it deletes Cyrillic words whole),
 * so it is replaced with one that trims by Unicode letter and number classes.
 */

/** Words are split on white space, dashes and slashes; punctuation around words is trimmed afterwards. */
export const WORD_SEPARATOR = /[\s\-\u2010-\u2015/\\|]+/u
lunr.tokenizer.separator = WORD_SEPARATOR

export const unicodeTrimmer: lunr.PipelineFunction = (token) =>
  token.update((s) => s.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
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

export function configureBuilder(builder: lunr.Builder): void {
  builder.pipeline.reset()
  builder.pipeline.add(unicodeTrimmer, dropEmpty, lunr.stopWordFilter, latinStemmer)
  builder.searchPipeline.reset()
  builder.searchPipeline.add(latinStemmer)
}

const indexPipeline = new lunr.Pipeline()
indexPipeline.add(unicodeTrimmer, dropEmpty, lunr.stopWordFilter, latinStemmer)

/** The index term for one raw word, or null if the word is not indexed (a stop word, punctuation). */
export function termOf(word: string): string | null {
  const [term] = indexPipeline.runString(word.toLowerCase())
  return term ? term : null
}

export interface WordSpan {
  start: number
  end: number
  term: string
}

/** Every indexed word of a text with its offsets: snippets and the reader's first match are found from these. */
export function wordSpans(text: string): WordSpan[] {
  const spans: WordSpan[] = []
  for (const match of text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}\p{M}'’_.]*[\p{L}\p{N}\p{M}]|[\p{L}\p{N}]/gu)) {
    const term = termOf(match[0])
    if (term) spans.push({ start: match.index, end: match.index + match[0].length, term })
  }
  return spans
}
