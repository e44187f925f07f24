import type { TagCount } from '../../../shared/model'
import { normaliseTag, tagKey } from '../../../shared/tags'

/**
 * The archive's tags to offer while the user types one: those starting with the text (or with a word
 * starting with it) first, then those containing it, each group busiest first as tags.list orders them;
 * tags the highlight already has are left out. With nothing typed, the busiest tags.
 */
export function tagSuggestions(
  all: readonly TagCount[],
  text: string,
  exclude: readonly string[],
  max = 8,
): TagCount[] {
  const needle = tagKey(text)
  const excluded = new Set(exclude.map(tagKey))
  const ranked: Array<{ entry: TagCount; rank: number }> = []
  for (const entry of all) {
    const key = tagKey(entry.tag)
    if (excluded.has(key)) continue
    let rank = 0
    if (needle) {
      if (key.startsWith(needle) || key.includes(` ${needle}`)) rank = 0
      else if (key.includes(needle)) rank = 1
      else continue
    }
    ranked.push({ entry, rank })
  }
  // Array.prototype.sort is stable: within a rank, tags.list's order (busiest first) stays.
  return ranked
    .sort((a, b) => a.rank - b.rank)
    .slice(0, max)
    .map((r) => r.entry)
}

/**
 * The tag that typing `text` and pressing Enter adds: the archive's own spelling when it already has the
 * tag in some case (so "Fraud" and "fraud" do not drift apart), else the text as typed, tidied; null for
 * nothing but white space.
 */
export function tagToAdd(all: readonly TagCount[], text: string): string | null {
  const typed = normaliseTag(text)
  if (!typed) return null
  const key = tagKey(typed)
  return all.find((entry) => tagKey(entry.tag) === key)?.tag ?? typed
}
