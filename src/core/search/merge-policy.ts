/**
 * When segments are merged, and which. Merges go by tiers: MERGE_COUNT segments of about the same size
 * (the same power of MERGE_COUNT) become one, so a document is copied about log6(n) times in all. Merging
 * the smallest segments whatever their sizes made one growing segment take in a few new documents at a
 * time, copied whole each time: a 10k bulk import spent most of its time there.
 */

export const MERGE_COUNT = 6
/** Beyond this many segments the smallest are merged whatever their tiers: each costs every search a little. */
export const MAX_SEGMENTS = 24

/**
 * While requests keep coming (a bulk import): no merge of more documents than this, so that no background
 * step holds the engine's thread for long. A merge of 900 documents took ~0.5 s, in which the import's
 * reading threads ran out of files and the cores sat idle (14% of a 10,000-page import). Larger merges
 * wait for a pause; meanwhile up to BUSY_MAX_SEGMENTS segments are allowed (each costs a search a little).
 */
export const BUSY_MAX_MERGE_DOCS = 400
export const BUSY_MAX_SEGMENTS = 96

export interface SegmentSize {
  id: string
  docCount: number
}

/**
 * The segments to merge now, or null. Full segments (maxSegmentDocs) are left alone. `busy`: the engine
 * is importing, and only small merges are made (BUSY_MAX_MERGE_DOCS, BUSY_MAX_SEGMENTS).
 */
export function segmentsToMerge(
  segments: readonly SegmentSize[],
  maxSegmentDocs: number,
  busy = false,
): string[] | null {
  const mergeLimit = busy ? Math.min(maxSegmentDocs, BUSY_MAX_MERGE_DOCS) : maxSegmentDocs
  const open = segments.filter((s) => s.docCount < maxSegmentDocs).sort((a, b) => a.docCount - b.docCount)
  const tiers = new Map<number, SegmentSize[]>()
  for (const segment of open) {
    const tier = Math.floor(Math.log(Math.max(1, segment.docCount)) / Math.log(MERGE_COUNT))
    tiers.set(tier, [...(tiers.get(tier) ?? []), segment])
  }
  for (const tier of [...tiers.keys()].sort((a, b) => a - b)) {
    const members = tiers.get(tier) ?? []
    const merged = members.length >= MERGE_COUNT ? fitting(members, mergeLimit, busy) : null
    if (merged) return merged
  }
  // Past the bound, the smallest are merged even while busy (a long import's segments must stay bounded).
  return segments.length > (busy ? BUSY_MAX_SEGMENTS : MAX_SEGMENTS)
    ? fitting(open, maxSegmentDocs, false)
    : null
}

/**
 * The first segments of a list (up to MERGE_COUNT) that fit in one merge's limit, if two or more do. While
 * busy, a tier's merge is made whole or not at all: part of one would only be merged again later.
 */
function fitting(segments: readonly SegmentSize[], limit: number, whole: boolean): string[] | null {
  const merged: string[] = []
  let docs = 0
  const taken = segments.slice(0, MERGE_COUNT)
  for (const segment of taken) {
    if (merged.length > 0 && docs + segment.docCount > limit) break
    merged.push(segment.id)
    docs += segment.docCount
  }
  if (whole && merged.length < taken.length) return null
  return merged.length >= 2 ? merged : null
}
