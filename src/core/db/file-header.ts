/**
 * What the first 100 bytes of an SQLite file (its header) say about damage SQLite itself would report only
 * as "file is not a database" or "malformed": a blanked header, or a file shorter than its header says.
 * See https://www.sqlite.org/fileformat.html#the_database_header.
 */

export const HEADER_BYTES = 100

/** A reason to refuse the file, or undefined when the header shows no damage of these kinds. */
export function headerDamage(header: Buffer, fileSize: number): string | undefined {
  if (header.length >= 16 && header.subarray(0, 16).every((byte) => byte === 0)) {
    return 'the archive is damaged: its header (the first bytes of the file) has been blanked'
  }
  if (header.length < HEADER_BYTES) return undefined
  const rawPageSize = header.readUInt16BE(16)
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize
  const pages = header.readUInt32BE(28)
  // The page count is only kept by writers that also set "version-valid-for" to the change counter.
  const countValid = pages > 0 && header.readUInt32BE(24) === header.readUInt32BE(92)
  if (countValid && pageSize >= 512 && fileSize < pages * pageSize) {
    return `the archive is damaged: the file is truncated (${fileSize} bytes of ${pages * pageSize})`
  }
  return undefined
}
