import type { Database, Statement } from 'better-sqlite3-multiple-ciphers'

const caches = new WeakMap<Database, Map<string, Statement>>()

/**
 * A prepared statement kept per connection for SQL that runs for every imported file: preparing it afresh
 * each time cost about 1 ms of each file's storing (a CPU profile of a bulk import). Only for fixed SQL
 * text, and not for statements iterated (a busy statement cannot be run again meanwhile).
 */
export function statement(db: Database, sql: string): Statement {
  let cache = caches.get(db)
  if (!cache) {
    cache = new Map()
    caches.set(db, cache)
  }
  let prepared = cache.get(sql)
  if (!prepared) {
    prepared = db.prepare(sql)
    cache.set(sql, prepared)
  }
  return prepared
}
