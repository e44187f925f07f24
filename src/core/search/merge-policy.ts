/**
 * When segments are merged, and which. Merges go by tiers: MERGE_COUNT segments of about the same size
 * (the same power of MERGE_COUNT) become one, so a document is copied about log6(n) times in all. Merging
 * the smallest segments whatever their sizes made one growing segment take in a few new documents at a
 * time, copied whole each time: a 10k bulk import spent most of its time there.
 */

export const MERGE_COUNT = 6
/** Beyond this many segments the smallest are merged whatever their tiers: each costs every search a little. */
export const MAX_SEGMENTS = 24

export interface SegmentSize {
  id: string
  docCount: number
}

/** The segments to merge now, or null. Full segments (maxSegmentDocs) are left alone. */
export function segmentsToMerge(segments: readonly SegmentSize[], maxSegmentDocs: number): string[] | null {
  const open = segments.filter((s) => s.docCount < maxSegmentDocs).sort((a, b) => a.docCount - b.docCount)
  const tiers = new Map<number, SegmentSize[]>()
  for (const segment of open) {
    const tier = Math.floor(Math.log(Math.max(1, segment.docCount)) / Math.log(MERGE_COUNT))
    tiers.set(tier, [...(tiers.get(tier) ?? []), segment])
  }
  for (const tier of [...tiers.keys()].sort((a, b) => a - b)) {
    const members = tiers.get(tier) ?? []
    const merged = members.length >= MERGE_COUNT ? fitting(members, maxSegmentDocs) : null
    if (merged) return merged
  }
  return segments.length > MAX_SEGMENTS ? fitting(open, maxSegmentDocs) : null
}

/** The first segments of a list (up to MERGE_COUNT) that fit in one segment's limit, if two or more do. */
function fitting(segments: readonly SegmentSize[], maxSegmentDocs: number): string[] | null {
  const merged: string[] = []
  let docs = 0
  for (const segment of segments.slice(0, MERGE_COUNT)) {
    if (merged.length > 0 && docs + segment.docCount > maxSegmentDocs) break
    merged.push(segment.id)
    docs += segment.docCount
  }
  return merged.length >= 2 ? merged : null
}
