import type { Database } from 'better-sqlite3-multiple-ciphers'
import type { Block } from '../../shared/model'
import { pagesOfRange, type PageSpan } from '../../shared/source-pages'

/**
 * The source pages of passages, for citations ("p. 12"): each version's blocks are read once, and parsed
 * only when they carry pages (a PDF's), so a list of passages from web pages costs one short query each.
 */
export function pageLookup(db: Database): (versionId: string, start: number, end: number) => PageSpan | null {
  const read = db.prepare(
    `SELECT CASE WHEN instr(blocks, '"page"') > 0 THEN blocks END AS blocks FROM article_versions WHERE id = ?`,
  )
  const blocksOf = new Map<string, Block[] | null>()
  return (versionId, start, end) => {
    let blocks = blocksOf.get(versionId)
    if (blocks === undefined) {
      const row = read.get(versionId) as { blocks: string | null } | undefined
      blocks = row?.blocks ? (JSON.parse(row.blocks) as Block[]) : null
      blocksOf.set(versionId, blocks)
    }
    return blocks ? pagesOfRange(blocks, start, end) : null
  }
}
