import { closeSync, openSync, writeSync } from 'node:fs'
import { openKeyed } from '../db/archive-key'

/**
 * Test support: damages a plain archive as a failing disk would, where SQLite's quick_check is sure to see
 * it — the whole root page of a table is overwritten with a pattern no page has. (Scribbling on a page
 * picked by position may land in a free page or a page's unused space, which no check reads.) An encrypted
 * archive's pages sit where a plain one's do, so its passphrase is needed only to find the page.
 */
export function damageTable(archivePath: string, table: string, passphrase?: string): void {
  const db = openKeyed(archivePath, { readonly: true, fileMustExist: true, passphrase })
  let rootPage: number
  let pageSize: number
  try {
    const row = db
      .prepare("SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = ?")
      .get(table) as { rootpage: number } | undefined
    if (!row) throw new Error(`no table ${table} in ${archivePath}`)
    rootPage = row.rootpage
    pageSize = db.pragma('page_size', { simple: true }) as number
  } finally {
    db.close()
  }
  const fd = openSync(archivePath, 'r+')
  try {
    writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (rootPage - 1) * pageSize)
  } finally {
    closeSync(fd)
  }
}
