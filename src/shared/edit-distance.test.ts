import { describe, expect, it } from 'vitest'
import { alignAnchored, anchoredCosts, searchApproximate } from './edit-distance'

/** The textbook table, one cell at a time: the reference the fast versions must agree with. */
function referenceSearch(pattern: string, text: string, maxErrors: number, preferredEnd: number) {
  let column = Array.from({ length: pattern.length + 1 }, (_, i) => i)
  let best: { errors: number; end: number } | null = null
  for (let j = 0; j < text.length; j++) {
    const next = [0]
    for (let i = 1; i <= pattern.length; i++) {
      const substitution = (column[i - 1] ?? 0) + (pattern[i - 1] === text[j] ? 0 : 1)
      next[i] = Math.min(substitution, (column[i] ?? 0) + 1, (next[i - 1] ?? 0) + 1)
    }
    column = next
    const errors = column[pattern.length] ?? 0
    const end = j + 1
    if (
      errors <= maxErrors &&
      (!best ||
        errors < best.errors ||
        (errors === best.errors && Math.abs(end - preferredEnd) < Math.abs(best.end - preferredEnd)))
    ) {
      best = { errors, end }
    }
  }
  return best
}

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number) {
  let state = seed
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0
    return state / 4294967296
  }
}

describe('searchApproximate', () => {
  it('finds the end of the closest occurrence anywhere in the range', () => {
    const text = 'the observers arrived early and the observres left late'
    expect(searchApproximate('observers left', text, 0, text.length, 3, 0)).toEqual({
      errors: 2,
      end: text.indexOf(' late'),
    })
    expect(searchApproximate('observers', text, 0, text.length, 0, 0)).toEqual({
      errors: 0,
      end: text.indexOf(' arrived'),
    })
  })

  it('returns null when nothing is within the allowed errors', () => {
    expect(searchApproximate('monitors', 'the observers arrived', 0, 21, 2, 0)).toBeNull()
    expect(searchApproximate('', 'text', 0, 4, 2, 0)).toBeNull()
  })

  it('agrees with the textbook table on patterns up to three words of bits long', () => {
    const next = random(7)
    const letters = 'abcd '
    const draw = (length: number) =>
      Array.from({ length }, () => letters[Math.floor(next() * letters.length)]).join('')
    for (let round = 0; round < 400; round++) {
      const pattern = draw(1 + Math.floor(next() * 96))
      const text = draw(Math.floor(next() * 60)) + pattern.replace(/a/g, 'b') + draw(Math.floor(next() * 60))
      const maxErrors = Math.floor(next() * pattern.length)
      const preferredEnd = Math.floor(next() * text.length)
      expect(searchApproximate(pattern, text, 0, text.length, maxErrors, preferredEnd)).toEqual(
        referenceSearch(pattern, text, maxErrors, preferredEnd),
      )
    }
  })
})

describe('anchoredCosts', () => {
  it('gives the edits for every length of text from an anchor, forward and backward', () => {
    const text = 'xx said Friday yy'
    const forward = anchoredCosts('said Friday', text, 3, 1, 14)
    expect(forward[11]).toBe(0)
    expect(forward[10]).toBe(1)
    const backward = anchoredCosts('said Friday', text, 14, -1, 14)
    expect(backward[11]).toBe(0)
    expect(backward[12]).toBe(1)
  })

  it('counts two swapped letters as one edit', () => {
    expect(anchoredCosts('goverment', 'govermnet', 0, 1, 9)[9]).toBe(1)
    expect(anchoredCosts('the vote', 'teh vote', 0, 1, 8)[8]).toBe(1)
  })

  it('reads costs beyond the limit as limit + 1', () => {
    const costs = anchoredCosts('observers', 'monitors!', 0, 1, 9, 2)
    expect(costs[9]).toBe(3)
    expect(anchoredCosts('observers', 'observers', 0, 1, 9, 2)[9]).toBe(0)
  })

  it('stops at the ends of the text', () => {
    expect(anchoredCosts('abc', 'ab', 0, 1, 10)).toEqual(Int32Array.of(3, 2, 1))
    expect(anchoredCosts('abc', 'xab', 0, -1, 10)).toEqual(Int32Array.of(3))
  })
})

describe('alignAnchored', () => {
  it('aligns a context against the text before or after a position', () => {
    const text = 'in the hall, the ballots were counted'
    const at = text.indexOf('the ballots')
    expect(alignAnchored('the hall, ', text, at, -1, 18)).toEqual({ errors: 0, length: 10 })
    expect(alignAnchored('the ballots were', text, at, 1, 24)).toEqual({ errors: 0, length: 16 })
    expect(alignAnchored('the hal, ', text, at, -1, 18).errors).toBe(1)
  })
})
