import { describe, expect, it } from 'vitest'
import type { DiffPart } from '../../../shared/model'
import { readableParts } from './diff-parts'

const rebuild = (parts: DiffPart[], kinds: string[]): string =>
  parts
    .filter((p) => kinds.includes(p.kind))
    .map((p) => p.text)
    .join('')

describe('readableParts', () => {
  it('joins changes a word or two apart into one removal and one addition, each side rebuilding exactly', () => {
    const parts: DiffPart[] = [
      { kind: 'same', text: 'Ada Lind said ' },
      { kind: 'removed', text: 'the' },
      { kind: 'added', text: 'on' },
      { kind: 'same', text: ' ' },
      { kind: 'removed', text: 'city' },
      { kind: 'added', text: 'Wednesday' },
      { kind: 'same', text: ' pumping ' },
      { kind: 'removed', text: 'would' },
      { kind: 'same', text: ' and the rest of the sentence stays.' },
    ]
    const readable = readableParts(parts)
    expect(readable).toEqual([
      { kind: 'same', text: 'Ada Lind said ' },
      { kind: 'removed', text: 'the city pumping would' },
      { kind: 'added', text: 'on Wednesday pumping ' },
      { kind: 'same', text: ' and the rest of the sentence stays.' },
    ])
    expect(rebuild(readable, ['same', 'removed'])).toBe(rebuild(parts, ['same', 'removed']))
    expect(rebuild(readable, ['same', 'added'])).toBe(rebuild(parts, ['same', 'added']))
  })

  it('keeps changes apart across a paragraph break or a longer shared stretch', () => {
    const parts: DiffPart[] = [
      { kind: 'added', text: 'New paragraph.' },
      { kind: 'same', text: '\n\n' },
      { kind: 'removed', text: 'old' },
      { kind: 'same', text: ' three words here ' },
      { kind: 'added', text: 'x' },
    ]
    expect(readableParts(parts)).toEqual(parts)
  })
})
