import type { Block, BlockKind } from './model'

export interface BlockDraft {
  kind: BlockKind
  level?: number
  text: string
  /** The source page the block starts on (PDF). */
  page?: number
}

/** Blocks are separated by a blank line in the canonical text; this is part of the format. */
export const BLOCK_SEPARATOR = '\n\n'

/** Whitespace inside a block collapses to single spaces (preformatted text keeps its lines). */
export function normaliseBlockText(kind: BlockKind, text: string): string {
  if (kind === 'preformatted') return text.replace(/\r\n?/g, '\n').replace(/^\n+|\s+$/g, '')
  return text.replace(/\s+/g, ' ').trim()
}

/**
 * Joins drafted blocks into the canonical text and the offsets of each block in it.
 * Empty blocks are dropped, so every block covers at least one character.
 */
export function joinBlocks(drafts: BlockDraft[]): { text: string; blocks: Block[] } {
  let text = ''
  const blocks: Block[] = []
  for (const draft of drafts) {
    const body = normaliseBlockText(draft.kind, draft.text)
    if (!body) continue
    if (blocks.length > 0) text += BLOCK_SEPARATOR
    const start = text.length
    text += body
    const block: Block = { kind: draft.kind, start, end: text.length }
    if (draft.kind === 'heading') block.level = draft.level ?? 2
    if (draft.page !== undefined) block.page = draft.page
    blocks.push(block)
  }
  return { text, blocks }
}
