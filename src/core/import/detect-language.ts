import { detect } from 'tinyld'

/** Enough text to tell a language by; detecting on a whole book would only cost time. */
const SAMPLE_CHARS = 2000
/** Below this, a guess is noise (a title, a one-line note): the language is left unknown. */
const MIN_CHARS = 40

/**
 * The article's language as an ISO 639-1 code (en, ru, kk, de…), detected offline by tinyld from a sample of
 * its text, or null when the text is too short to tell. Search uses it to pick a stemmer for the words.
 */
export function detectLanguage(text: string): string | null {
  const sample = text.slice(0, SAMPLE_CHARS)
  if (sample.replace(/\s+/g, '').length < MIN_CHARS) return null
  const code = detect(sample)
  return /^[a-z]{2}$/.test(code) ? code : null
}
