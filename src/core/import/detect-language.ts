import { detect } from 'tinyld'
import { readsAsDeclared } from './declared-language'

/** Enough text to tell a language by; detecting on a whole book would only cost time. */
const SAMPLE_CHARS = 2000
/**
 * Enough to confirm a language the file declares. tinyld costs ~1.6 ms on the full sample and ~1.1 ms on this
 * one (its cost is not proportional to the text), and a page's whole extraction is ~7 ms: nearly every page
 * declares its language, so its function words are counted first (readsAsDeclared, ~0.08 ms), and tinyld
 * only reads a page whose words do not plainly say so.
 */
const CONFIRM_CHARS = 300
/** Below this, a guess is noise (a title, a one-line note): the language is left unknown. */
const MIN_CHARS = 40

/**
 * The article's language as an ISO 639-1 code (en, ru, kk, de…), detected offline by tinyld from a sample of
 * its text, or null when the text is too short to tell. Search uses it to pick a stemmer for the words.
 *
 * `declared` is what the file says (a page's `<html lang>`): taken when the start of the text reads as that
 * language too (by its function words, else by tinyld), and otherwise ignored, since templates often
 * declare one language for pages in another.
 */
export function detectLanguage(text: string, declared?: string | null): string | null {
  const sample = text.slice(0, SAMPLE_CHARS)
  if (sample.replace(/\s+/g, '').length < MIN_CHARS) return null
  const hint = primaryLanguage(declared)
  if (hint) {
    const start = sample.slice(0, CONFIRM_CHARS)
    if (readsAsDeclared(start, hint) || detect(start) === hint) return hint
  }
  const code = detect(sample)
  return /^[a-z]{2}$/.test(code) ? code : null
}

/** The ISO 639-1 part of a language tag ("en-GB" → "en", "ru_RU" → "ru"), or null for anything else. */
export function primaryLanguage(tag: string | null | undefined): string | null {
  const primary = /^\s*([a-z]{2})(?:[-_][a-z0-9]+)*\s*$/i.exec(tag ?? '')?.[1]
  return primary ? primary.toLowerCase() : null
}
