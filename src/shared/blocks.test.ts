import { describe, expect, it } from 'vitest'
import { BLOCK_SEPARATOR, joinBlocks } from './blocks'

describe('joinBlocks', () => {
  it('builds canonical text whose block ranges tile it exactly, separated by a blank line', () => {
    const { text, blocks } = joinBlocks([
      { kind: 'heading', level: 1, text: '  A   title ' },
      { kind: 'paragraph', text: 'First\nparagraph.' },
      { kind: 'paragraph', text: '   ' },
      { kind: 'list-item', text: 'An item' },
      { kind: 'preformatted', text: '\ncol1  col2\n1     2\n' },
    ])
    expect(text).toBe('A title\n\nFirst paragraph.\n\nAn item\n\ncol1  col2\n1     2')
    expect(blocks.map((b) => b.kind)).toEqual(['heading', 'paragraph', 'list-item', 'preformatted'])
    expect(blocks[0]).toEqual({ kind: 'heading', level: 1, start: 0, end: 7 })
    expect(blocks.map((b) => text.slice(b.start, b.end)).join(BLOCK_SEPARATOR)).toBe(text)
  })

  it('gives headings a default level and other blocks none', () => {
    const { blocks } = joinBlocks([
      { kind: 'heading', text: 'Section' },
      { kind: 'quote', text: 'Quoted', level: 3 },
    ])
    expect(blocks[0]?.level).toBe(2)
    expect(blocks[1]).not.toHaveProperty('level')
  })
})
