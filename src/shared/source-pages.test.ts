import { describe, expect, it } from 'vitest'
import type { Block } from './model'
import { pageLabel, pagesOfRange, pageStarts } from './source-pages'

// Three paragraphs on page 1, a heading and a paragraph on page 2, a paragraph on page 4 (page 3 a figure).
const blocks: Block[] = [
  { kind: 'paragraph', start: 0, end: 10, page: 1 },
  { kind: 'paragraph', start: 11, end: 20, page: 1 },
  { kind: 'paragraph', start: 21, end: 30, page: 1 },
  { kind: 'heading', level: 2, start: 31, end: 40, page: 2 },
  { kind: 'paragraph', start: 41, end: 60, page: 2 },
  { kind: 'paragraph', start: 61, end: 80, page: 4 },
]

describe('source pages', () => {
  it('finds the page of a passage within one block, and across blocks and pages', () => {
    expect(pagesOfRange(blocks, 2, 8)).toEqual({ first: 1, last: 1 })
    expect(pagesOfRange(blocks, 12, 25)).toEqual({ first: 1, last: 1 })
    expect(pagesOfRange(blocks, 25, 45)).toEqual({ first: 1, last: 2 })
    expect(pagesOfRange(blocks, 45, 70)).toEqual({ first: 2, last: 4 })
    // The end offset is exclusive: a passage ending where page 4's block starts is on page 2 alone.
    expect(pagesOfRange(blocks, 41, 61)).toEqual({ first: 2, last: 2 })
    // The separator between two blocks belongs to the block before.
    expect(pagesOfRange(blocks, 30, 31)).toEqual({ first: 1, last: 1 })
  })

  it('has no pages for a source without them, and a span of one page for a block without its own', () => {
    const html: Block[] = [
      { kind: 'paragraph', start: 0, end: 10 },
      { kind: 'paragraph', start: 11, end: 20 },
    ]
    expect(pagesOfRange(html, 0, 15)).toBeNull()
    // A block without a page (an OCR marker…) counts as on the page before it.
    const mixed: Block[] = [
      { kind: 'paragraph', start: 0, end: 10, page: 3 },
      { kind: 'paragraph', start: 11, end: 20 },
    ]
    expect(pagesOfRange(mixed, 12, 18)).toEqual({ first: 3, last: 3 })
  })

  it('writes a page or a page range as a citation does', () => {
    expect(pageLabel({ first: 7, last: 7 })).toBe('p. 7')
    expect(pageLabel({ first: 7, last: 9 })).toBe('pp. 7–9')
  })

  it('marks where each page begins in the reader', () => {
    expect([...pageStarts(blocks)]).toEqual([
      [0, 1],
      [31, 2],
      [61, 4],
    ])
    expect(pageStarts([{ kind: 'paragraph', start: 0, end: 5 }]).size).toBe(0)
  })
})
