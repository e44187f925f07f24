import { lowerBound } from './segment'

/**
 * The terms of a sorted vocabulary within a few edits of a word (insertion, deletion, substitution, or two
 * neighbouring letters swapped — what lunr's fuzzy `word~1` allows).
 *
 * Sorted terms share prefixes with their neighbours, so the edit-distance table of one term reuses the
 * rows of the letters it shares with the one before; and as soon as every cell of a row is over the limit,
 * no term with that prefix can match, so all of them are skipped with one binary search. This walks the
 * vocabulary as a trie without building one: lunr's TokenSet (its automaton of every term) took seconds
 * to build for a 10k-article vocabulary, this needs nothing built at all.
 */

export interface FuzzyTerm {
  id: number
  distance: number
}

/**
 * `fixed`: how many leading letters must be as typed. Typing mistakes are rarely in a word's first letter,
 * and letting it vary makes a stem like "gover" (goverment~1) reach "over" and "cover" too.
 */
export function fuzzyTerms(terms: readonly string[], word: string, maxEdits: number, fixed = 0): FuzzyTerm[] {
  const m = word.length
  const rows: Int32Array[] = [Int32Array.from({ length: m + 1 }, (_, j) => j)]
  const found: FuzzyTerm[] = []
  let previous = ''
  /** Rows 0..validDepth belong to the first validDepth letters of `previous`. */
  let validDepth = 0
  const start = word.slice(0, fixed)
  let t = lowerBound(terms, start)
  const end = fixed > 0 ? lowerBound(terms, `${start}\uffff`) : terms.length
  while (t < end) {
    const term = terms[t] ?? ''
    let depth = 0
    const shared = Math.min(validDepth, term.length)
    while (depth < shared && previous.charCodeAt(depth) === term.charCodeAt(depth)) depth++
    let pruned = false
    for (let i = depth; i < term.length; i++) {
      const above = rows[i] as Int32Array
      const row = (rows[i + 1] ??= new Int32Array(m + 1))
      const letter = term.charCodeAt(i)
      row[0] = i + 1
      let best = i + 1
      for (let j = 1; j <= m; j++) {
        const cost = word.charCodeAt(j - 1) === letter ? 0 : 1
        let value = Math.min((above[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (above[j - 1] ?? 0) + cost)
        if (
          i > 0 &&
          j > 1 &&
          letter === word.charCodeAt(j - 2) &&
          term.charCodeAt(i - 1) === word.charCodeAt(j - 1)
        ) {
          value = Math.min(value, (rows[i - 1]?.[j - 2] ?? 0) + 1)
        }
        row[j] = value
        if (value < best) best = value
      }
      if (best > maxEdits) {
        // No term starting with these i + 1 letters can come within reach: skip them all.
        previous = term
        validDepth = i + 1
        t = Math.max(t + 1, lowerBound(terms, `${term.slice(0, i + 1)}\uffff`))
        pruned = true
        break
      }
    }
    if (pruned) continue
    const distance = rows[term.length]?.[m] ?? Infinity
    if (distance <= maxEdits) found.push({ id: t, distance })
    previous = term
    validDepth = term.length
    t++
  }
  return found
}
