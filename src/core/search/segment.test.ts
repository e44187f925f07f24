import { describe, expect, it } from 'vitest'
import { ownFixture } from '../testing/temp-archive'
import type { DocumentFields } from './index-fields'
import { buildSegment, mergeSegments, type Segment } from './segment'
import { decodeSegment, encodeSegment, SegmentFormatError } from './segment-codec'
import { hasPhrase } from './segment-query'
import { indexTokens } from './text-pipeline'

const FIXTURES = ['harbour-strike.txt', 'field-notes.md', 'saved-page.html', 'almaty-ru.txt']

function fixtureDocs(): DocumentFields[] {
  return FIXTURES.map((name) => ({
    title: name,
    body: ownFixture(name).toString('utf8'),
    author: name === 'almaty-ru.txt' ? 'Айгерим Тоқаева' : '',
    source: '',
  }))
}

/** Every (term, field, doc) → positions in a segment, for comparing segments built in different ways. */
function contents(segment: Segment): Map<string, number[]> {
  const all = new Map<string, number[]>()
  segment.fields.forEach((field, f) => {
    segment.terms.forEach((term, t) => {
      for (let p = field.termStart[t] ?? 0; p < (field.termStart[t + 1] ?? 0); p++) {
        const positions = [...field.positions.subarray(field.posStart[p], field.posStart[p + 1])]
        all.set(`${term}/${f}/${field.docs[p]}`, positions)
      }
    })
  })
  return all
}

describe('search segments', () => {
  it('holds every word of every document with its positions, as the text pipeline makes them', () => {
    const docs = fixtureDocs()
    const segment = buildSegment(docs)
    expect(segment.docCount).toBe(4)
    expect([...segment.terms]).toEqual([...segment.terms].sort())
    const body = 1
    docs.forEach((doc, d) => {
      const tokens = indexTokens(doc.body)
      expect(segment.fieldLengths[d * 4 + body]).toBe(tokens.length)
      for (const { term, position } of tokens.slice(0, 50)) {
        const posting = segment.postingOf(body, segment.termId(term), d)
        expect(posting, term).toBeGreaterThanOrEqual(0)
        const field = segment.fields[body]!
        const positions = [...field.positions.subarray(field.posStart[posting], field.posStart[posting + 1])]
        expect(positions).toContain(position)
      }
    })
    expect(segment.termId('наблюдател')).toBeGreaterThanOrEqual(0)
    expect(segment.termId('no-such-term')).toBe(-1)
  })

  it('merges segments into exactly the segment a build of all their documents makes', () => {
    const docs = fixtureDocs()
    const whole = buildSegment(docs)
    const parts = [
      buildSegment(docs.slice(0, 1)),
      buildSegment(docs.slice(1, 3)),
      buildSegment(docs.slice(3)),
    ]
    const { segment, sources } = mergeSegments(parts.map((part) => ({ segment: part, keep: () => true })))
    expect(sources).toEqual([
      [0, 0],
      [1, 0],
      [1, 1],
      [2, 0],
    ])
    expect(encodeSegment(segment).equals(encodeSegment(whole))).toBe(true)
  })

  it('leaves out the documents a merge does not keep, and their terms’ counts', () => {
    const docs = fixtureDocs()
    const { segment } = mergeSegments([
      { segment: buildSegment(docs.slice(0, 2)), keep: (doc) => doc === 1 },
      { segment: buildSegment(docs.slice(2)), keep: () => true },
    ])
    const expected = buildSegment(docs.slice(1))
    expect(contents(segment)).toEqual(contents(expected))
    expect(segment.docCount).toBe(3)
    expect(segment.terms).toEqual(expected.terms)
    expect(segment.termId('strike')).toBe(-1) // only the left-out document held it
    expect([...segment.documentFrequency]).toEqual([...expected.documentFrequency])
    expect(encodeSegment(segment).equals(encodeSegment(expected))).toBe(true)
  })

  it('is stored and read back unchanged, and a damaged copy is refused', () => {
    const segment = buildSegment(fixtureDocs())
    const bytes = encodeSegment(segment)
    const back = decodeSegment(bytes)
    expect(contents(back)).toEqual(contents(segment))
    expect([...back.fieldLengths]).toEqual([...segment.fieldLengths])
    // An unaligned copy of the bytes (as a database driver may hand them over) reads the same.
    const unaligned = new Uint8Array(bytes.length + 1).subarray(1)
    unaligned.set(bytes)
    expect(contents(decodeSegment(unaligned))).toEqual(contents(segment))

    const flipped = Buffer.from(bytes)
    flipped[flipped.length - 3] = (flipped[flipped.length - 3] ?? 0) ^ 0xff
    expect(() => decodeSegment(flipped)).toThrow(/checksum/)
    expect(() => decodeSegment(bytes.subarray(0, bytes.length - 4))).toThrow(/length/)
    expect(() => decodeSegment(Buffer.from('{"fields":[]}'))).toThrow(SegmentFormatError)
  })

  it('finds a phrase only where its words stand together, counting stop words but not punctuation', () => {
    const segment = buildSegment([
      { title: '', body: 'The strike at the harbour ended.', author: '', source: '' },
      { title: '', body: 'The harbour was quiet; a strike began elsewhere.', author: '', source: '' },
      { title: '', body: 'Strike — at the harbour, again.', author: '', source: '' },
    ])
    const phrase = (text: string) => {
      const words = indexTokens(text).filter((w) => !w.term.startsWith('≈'))
      const start = words[0]?.position ?? 0
      const ids = words.map((w) => ({ id: segment.termId(w.term), offset: w.position - start, form: w.form }))
      return [0, 1, 2].filter((doc) => hasPhrase(segment, doc, [1], ids))
    }
    expect(phrase('strike at the harbour')).toEqual([0, 2])
    expect(phrase('harbour strike')).toEqual([])
    expect(phrase('harbour ended')).toEqual([0])
    // Same stems, other words: "strikes at the harbours" is not the phrase "strike at the harbour".
    expect(phrase('strikes at the harbours')).toEqual([])
  })
})
