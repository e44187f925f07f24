/**
 * Highlight tags: free-text labels a researcher puts on passages ("election fraud", "follow up"). Shared by
 * the contract (which validates them), the engine (which stores and searches them) and the UI (which
 * offers the archive's tags as the user types), so all three agree on when two tags are the same.
 */

/** Longest tag, in characters (a label, not a note). */
export const MAX_TAG_LENGTH = 64
/** Most tags on one highlight. */
export const MAX_TAGS_PER_HIGHLIGHT = 32

/** A tag as stored: trimmed, with each run of white space (newlines too) made one space. */
export function normaliseTag(tag: string): string {
  return tag.normalize('NFC').replace(/\s+/gu, ' ').trim()
}

/**
 * What makes two tags the same: their normalised text, lower-cased in every script (`Выборы` = `выборы`).
 * Not locale-dependent, so every machine that opens an archive computes the same key.
 */
export function tagKey(tag: string): string {
  return normaliseTag(tag).toLowerCase()
}

/** The tags with case-insensitive repeats left out, each kept in its first spelling, in order. */
export function uniqueTags(tags: readonly string[]): string[] {
  const seen = new Set<string>()
  const kept: string[] = []
  for (const tag of tags) {
    const key = tagKey(tag)
    if (!key || seen.has(key)) continue
    seen.add(key)
    kept.push(normaliseTag(tag))
  }
  return kept
}
