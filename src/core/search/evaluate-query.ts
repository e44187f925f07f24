import type { ParsedQuery, QueryClause } from '../../shared/search-query'

/** A clause that sets no condition (only stop words or punctuation): it matches everything. */
export const EVERYTHING = null

/**
 * The query language's logic, for any kind of document: every required group must match (a group matches
 * when any of its OR-ed clauses does), no excluded clause may match. `matchesOf` answers one clause with a
 * map it hands over (it is changed here); `merge` combines two matches of one document.
 */
export function evaluateQuery<M>(
  query: ParsedQuery,
  matchesOf: (clause: QueryClause) => Map<string, M> | typeof EVERYTHING,
  merge: (a: M | undefined, b: M) => M,
): Map<string, M> {
  let result: Map<string, M> | null = null
  for (const group of query.required) {
    let union: Map<string, M> | null = null
    let unconditional = false
    for (const clause of group) {
      const matches = matchesOf(clause)
      if (matches === EVERYTHING) {
        unconditional = true
        continue
      }
      if (union === null) union = matches
      else for (const [key, match] of matches) union.set(key, merge(union.get(key), match))
    }
    if (unconditional || union === null) continue
    if (result === null) result = union
    else {
      const both = new Map<string, M>()
      for (const [key, match] of result) {
        const other = union.get(key)
        if (other) both.set(key, merge(match, other))
      }
      result = both
    }
    if (result.size === 0) return result
  }
  if (result === null) return new Map() // only stop words: nothing to look for
  for (const clause of query.excluded) {
    const matches = matchesOf(clause)
    if (matches === EVERYTHING) continue
    for (const key of matches.keys()) result.delete(key)
  }
  return result
}
