/**
 * Approximate string matching by edit distance, computed one text character at a time, so memory is the
 * pattern's length, never pattern × text.
 */

const WORD_BITS = 32

/**
 * Scratch arrays reused from one call to the next (re-anchoring a thousand highlights makes tens of
 * thousands of small alignments). Safe because every function here runs to completion before another
 * starts and none calls another while using them.
 */
const workspace = {
  codeBuffer: new Uint16Array(64),
  columnBuffers: [new Int32Array(64), new Int32Array(64), new Int32Array(64)] as const,
  codes(size: number): Uint16Array {
    if (this.codeBuffer.length < size) this.codeBuffer = new Uint16Array(size * 2)
    return this.codeBuffer
  },
  /** Three columns of `size` cells, each filled with `value`. */
  columns(size: number, value: number): [Int32Array, Int32Array, Int32Array] {
    if (this.columnBuffers[0].length < size) {
      this.columnBuffers = [new Int32Array(size * 2), new Int32Array(size * 2), new Int32Array(size * 2)]
    }
    const [a, b, c] = this.columnBuffers
    a.fill(value, 0, size)
    b.fill(value, 0, size)
    c.fill(value, 0, size)
    return [a, b, c]
  },
}

/**
 * Where in `text[from, to)` `pattern` occurs with at most `maxErrors` edits (Levenshtein: an insertion,
 * deletion or substitution costs 1), free to start and end anywhere in that range (semi-global alignment):
 * the end of the best occurrence, fewest errors first, then the end nearest `preferredEnd`. Null when none
 * is within `maxErrors`.
 *
 * Myers' bit-parallel algorithm (J. ACM 46(3), 1999), in blocks of 32 pattern characters: each text
 * character updates a whole column of the table with a few word operations per block, instead of one
 * operation per cell.
 */
export function searchApproximate(
  pattern: string,
  text: string,
  from: number,
  to: number,
  maxErrors: number,
  preferredEnd: number,
): { errors: number; end: number } | null {
  const m = pattern.length
  if (m === 0 || maxErrors < 0) return null
  const blocks = Math.ceil(m / WORD_BITS)
  // For each character of the pattern, the bits of the positions where it occurs, block by block.
  const equal = new Map<number, Int32Array>()
  for (let i = 0; i < m; i++) {
    const code = pattern.charCodeAt(i)
    let bits = equal.get(code)
    if (!bits) equal.set(code, (bits = new Int32Array(blocks)))
    bits[(i / WORD_BITS) | 0] = (bits[(i / WORD_BITS) | 0] as number) | (1 << (i % WORD_BITS))
  }
  const none = new Int32Array(blocks)
  // Vertical deltas of the current column (+1 and -1 bits) and the cost in the last row of each block.
  const plus = new Int32Array(blocks).fill(-1)
  const minus = new Int32Array(blocks)
  const last = new Int32Array(blocks)
  for (let b = 0; b < blocks; b++) last[b] = Math.min(m, (b + 1) * WORD_BITS)
  const highBit = 1 << ((m - 1) % WORD_BITS)
  let bestErrors = maxErrors + 1
  let bestEnd = -1
  const stop = Math.min(to, text.length)
  for (let j = Math.max(0, from); j < stop; j++) {
    const bits = equal.get(text.charCodeAt(j)) ?? none
    // Row 0 is all zeros (the match may start anywhere): nothing comes into the first block from above.
    let carry = 0
    for (let b = 0; b < blocks; b++) {
      const high = b === blocks - 1 ? highBit : 1 << (WORD_BITS - 1)
      const pv = plus[b] as number
      const mv = minus[b] as number
      let eq = bits[b] as number
      const xv = eq | mv
      if (carry < 0) eq |= 1
      const xh = ((((eq & pv) >>> 0) + (pv >>> 0)) ^ pv) | eq
      let ph = mv | ~(xh | pv)
      let mh = pv & xh
      const out = ph & high ? 1 : mh & high ? -1 : 0
      ph <<= 1
      mh <<= 1
      if (carry < 0) mh |= 1
      else if (carry > 0) ph |= 1
      plus[b] = mh | ~(xv | ph)
      minus[b] = ph & xv
      last[b] = (last[b] as number) + out
      carry = out
    }
    const errors = last[blocks - 1] as number
    const end = j + 1
    if (
      errors <= maxErrors &&
      (errors < bestErrors ||
        (errors === bestErrors && Math.abs(end - preferredEnd) < Math.abs(bestEnd - preferredEnd)))
    ) {
      bestErrors = errors
      bestEnd = end
    }
  }
  return bestEnd === -1 ? null : { errors: bestErrors, end: bestEnd }
}

/**
 * `costs[n]`: the edits that turn `pattern` into the `n` characters of text starting at `at` and running
 * forward (`direction` 1), or ending at `at` and running backward (`direction` -1), for every `n` up to
 * `maxLength` (fewer where the text ends): one table serves every length at once. Two neighbouring letters
 * swapped count as one edit (optimal string alignment distance), as typing slips usually are.
 *
 * Only costs up to `limit` are exact; greater ones read `limit + 1`. That keeps the work to a band of
 * `2 × limit + 1` cells around the table's diagonal (a cell further off needs more than `limit` edits).
 */
export function anchoredCosts(
  pattern: string,
  text: string,
  at: number,
  direction: 1 | -1,
  maxLength: number,
  limit = pattern.length + maxLength,
): Int32Array {
  const m = pattern.length
  const available = direction === 1 ? text.length - at : at
  const columns = Math.max(0, Math.min(maxLength, available))
  const over = limit + 1
  // The pattern in the order it is read from `at`.
  const codes = workspace.codes(m)
  for (let i = 0; i < m; i++) codes[i] = pattern.charCodeAt(direction === 1 ? i : m - 1 - i)
  const costs = new Int32Array(columns + 1).fill(over)
  // Three columns of the table in turn: two back (for swaps), one back, and the one being filled. Cells
  // outside the band hold `over`.
  let [twoBack, oneBack, current] = workspace.columns(m + 1, over)
  for (let i = 0; i <= Math.min(m, limit); i++) oneBack[i] = i
  costs[0] = m <= limit ? m : over
  let previousCode = -1
  for (let j = 1; j <= columns && j - limit <= m; j++) {
    const code = direction === 1 ? text.charCodeAt(at + j - 1) : text.charCodeAt(at - j)
    const low = Math.max(1, j - limit)
    const high = Math.min(m, j + limit)
    current[0] = j <= limit ? j : over
    if (low > 1) current[low - 1] = over
    for (let i = low; i <= high; i++) {
      const patternCode = codes[i - 1] as number
      let value = (oneBack[i - 1] as number) + (patternCode === code ? 0 : 1)
      const deletion = (current[i - 1] as number) + 1
      if (deletion < value) value = deletion
      const insertion = (oneBack[i] as number) + 1
      if (insertion < value) value = insertion
      if (i > 1 && j > 1 && patternCode === previousCode && codes[i - 2] === code) {
        const swap = (twoBack[i - 2] as number) + 1
        if (swap < value) value = swap
      }
      current[i] = value > over ? over : value
    }
    if (high === m) costs[j] = current[m] as number
    previousCode = code
    const spare = twoBack
    twoBack = oneBack
    oneBack = current
    current = spare
  }
  return costs
}

/**
 * The fewest edits that turn `pattern` into text that starts at `at` and runs forward (`direction` 1), or
 * ends at `at` and runs backward (`direction` -1), over at most `maxLength` characters of text: the pattern
 * is anchored at `at` and free at its other end (see {@link anchoredCosts}). Returns the errors and how many
 * text characters the alignment covers (among equally good ones, the length nearest `preferredLength`).
 * With a `limit`, errors beyond it read `limit + 1`.
 */
export function alignAnchored(
  pattern: string,
  text: string,
  at: number,
  direction: 1 | -1,
  maxLength: number,
  preferredLength = pattern.length,
  limit?: number,
): { errors: number; length: number } {
  const costs = anchoredCosts(pattern, text, at, direction, maxLength, limit)
  let errors = costs[0] as number
  let length = 0
  for (let n = 1; n < costs.length; n++) {
    const cost = costs[n] as number
    if (
      cost < errors ||
      (cost === errors && Math.abs(n - preferredLength) < Math.abs(length - preferredLength))
    ) {
      errors = cost
      length = n
    }
  }
  return { errors, length }
}
