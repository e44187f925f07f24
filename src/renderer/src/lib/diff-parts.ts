import type { DiffPart } from '../../../shared/model'

/** An unchanged stretch this short (in words) between two changes is read as part of one change. */
const GLUE_WORDS = 2

export function wordsIn(text: string): number {
  return text.split(/\s+/).filter(Boolean).length
}

/**
 * The engine's word diff made readable: a reworded sentence comes back as "~~the~~ on ~~city~~ Wednesday…",
 * word against word around the few words both happen to share. Where two changes are only a word or two
 * apart, those words join the change on both sides, so the sentence reads as one removal then one addition.
 * Each side still rebuilds exactly (same + removed is the older text, same + added the newer).
 */
export function readableParts(parts: readonly DiffPart[]): DiffPart[] {
  const out: DiffPart[] = []
  let removed = ''
  let added = ''
  let inChange = false
  const flush = (): void => {
    if (removed) out.push({ kind: 'removed', text: removed })
    if (added) out.push({ kind: 'added', text: added })
    removed = ''
    added = ''
    inChange = false
  }
  parts.forEach((part, i) => {
    if (part.kind === 'removed') {
      removed += part.text
      inChange = true
    } else if (part.kind === 'added') {
      added += part.text
      inChange = true
    } else {
      const nextIsChange = parts[i + 1] !== undefined && parts[i + 1]?.kind !== 'same'
      if (inChange && nextIsChange && wordsIn(part.text) <= GLUE_WORDS && !part.text.includes('\n')) {
        removed += part.text
        added += part.text
        return
      }
      flush()
      out.push(part)
    }
  })
  flush()
  return out
}
