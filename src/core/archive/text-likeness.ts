/**
 * Whether two texts are versions of one article rather than two articles: used before a page imported from
 * a source URL already in the archive becomes that article's new version, because sites reuse one URL for
 * different pages (a live blog, a front page, a canonical link left at the home page).
 */

/** Runs of this many words: enough that unrelated articles on one topic share few of them. */
const SHINGLE_WORDS = 3
/** Share of the shorter text's word runs the other must have: an edited article keeps far more. */
const ALIKE_SHARE = 0.3

function shingles(text: string): Set<string> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
  const runs = new Set<string>()
  for (let i = 0; i + SHINGLE_WORDS <= words.length; i++)
    runs.add(words.slice(i, i + SHINGLE_WORDS).join(' '))
  if (runs.size === 0 && words.length > 0) runs.add(words.join(' '))
  return runs
}

export function textsAlike(a: string, b: string): boolean {
  const [small, large] = [shingles(a), shingles(b)].sort((x, y) => x.size - y.size) as [
    Set<string>,
    Set<string>,
  ]
  if (small.size === 0) return false
  let shared = 0
  for (const run of small) if (large.has(run)) shared++
  return shared / small.size >= ALIKE_SHARE
}
