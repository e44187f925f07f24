import { SUGGEST_TEXT_LIMIT } from '../../shared/suggest-limit'
import { collectSuggestions, type EntitySuggestion } from './entity-suggestion'
import { englishMentions } from './english-mentions'
import { russianMentions } from './russian-mentions'

export type { EntitySuggestion, SuggestedEntityType, SuggestionSpan } from './entity-suggestion'

/** The languages entity suggestions are made for. */
export type SuggestionLanguage = 'en' | 'ru'

/** How much text is looked at to tell the script when the language is unknown. */
const SCRIPT_SAMPLE = 4000

export { SUGGEST_TEXT_LIMIT }

/** How far before the limit a paragraph break is looked for, before any whitespace will do. */
const PARAGRAPH_WINDOW = 20_000

const PARAGRAPH_BREAK = /\n\s*\n/gu
/** Whitespace that may end the analysed part: not a non-breaking space, which holds a name together. */
const BREAKING_SPACE = /[^\S\u00a0\u2007\u202f]/u

/**
 * How much of `text` is analysed: all of it within SUGGEST_TEXT_LIMIT; else its beginning, cut at the last
 * paragraph break in the last PARAGRAPH_WINDOW characters before the limit (no name runs on across one), or
 * failing one at the last whitespace, so that no word is cut in two. The part is a prefix, so offsets into it
 * are offsets into the text.
 */
export function analysedLength(text: string): number {
  if (text.length <= SUGGEST_TEXT_LIMIT) return text.length
  // The character at the limit is looked at too: whitespace there cuts no word.
  const from = SUGGEST_TEXT_LIMIT + 1 - PARAGRAPH_WINDOW
  let paragraph = -1
  for (const match of text.slice(from, SUGGEST_TEXT_LIMIT + 1).matchAll(PARAGRAPH_BREAK)) {
    paragraph = from + match.index
  }
  if (paragraph >= 0) return paragraph
  for (let at = SUGGEST_TEXT_LIMIT; at > 0; at--) {
    if (BREAKING_SPACE.test(text[at] ?? '')) return at
  }
  // No space in 200,000 characters: cut at the limit, but not between the halves of a surrogate pair.
  const last = text.charCodeAt(SUGGEST_TEXT_LIMIT - 1)
  return last >= 0xd800 && last <= 0xdbff ? SUGGEST_TEXT_LIMIT - 1 : SUGGEST_TEXT_LIMIT
}

/**
 * The language suggestions for this text would be made in: `en` and `ru` as given; for an unknown language
 * (null), the script most of its letters are in (Latin → English, Cyrillic → Russian); for any other language,
 * null — no suggestions, rather than English rules misreading German nouns or Kazakh suffixes.
 */
export function suggestionLanguage(text: string, language: string | null): SuggestionLanguage | null {
  if (language === 'en' || language === 'ru') return language
  if (language !== null) return null
  const sample = text.slice(0, SCRIPT_SAMPLE)
  const latin = sample.match(/\p{Script=Latin}/gu)?.length ?? 0
  const cyrillic = sample.match(/\p{Script=Cyrillic}/gu)?.length ?? 0
  if (latin === 0 && cyrillic === 0) return null
  return cyrillic > latin ? 'ru' : 'en'
}

/**
 * Proposes the people, organisations and places an article's text names, each with every span that names it,
 * most mentioned first. Synchronous, offline and read-only: compromise (English) and Az with its OpenCorpora
 * dictionaries (Russian) run in this process, and nothing is added to the archive — the user accepts or
 * rejects each suggestion. `language` is an ISO 639-1 code or null (then the script decides); text in any other
 * language gets no suggestions. Russian names are given in the nominative (Токаеву → Токаев). Only the first
 * SUGGEST_TEXT_LIMIT characters of a longer text are analysed (see `analysedLength`); spans are offsets into
 * `text` all the same.
 */
export function suggestEntities(text: string, language: string | null): EntitySuggestion[] {
  const suggested = suggestionLanguage(text, language)
  if (suggested === null) return []
  const analysed = text.slice(0, analysedLength(text))
  return collectSuggestions(
    analysed,
    suggested === 'en' ? englishMentions(analysed) : russianMentions(analysed),
  )
}
