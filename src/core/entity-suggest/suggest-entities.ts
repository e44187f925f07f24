import { collectSuggestions, type EntitySuggestion } from './entity-suggestion'
import { englishMentions } from './english-mentions'
import { russianMentions } from './russian-mentions'

export type { EntitySuggestion, SuggestedEntityType, SuggestionSpan } from './entity-suggestion'

/** The languages entity suggestions are made for. */
export type SuggestionLanguage = 'en' | 'ru'

/** How much text is looked at to tell the script when the language is unknown. */
const SCRIPT_SAMPLE = 4000

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
 * language gets no suggestions. Russian names are given in the nominative (Токаеву → Токаев).
 */
export function suggestEntities(text: string, language: string | null): EntitySuggestion[] {
  switch (suggestionLanguage(text, language)) {
    case 'en':
      return collectSuggestions(text, englishMentions(text))
    case 'ru':
      return collectSuggestions(text, russianMentions(text))
    default:
      return []
  }
}
