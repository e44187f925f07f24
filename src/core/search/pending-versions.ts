import type { Database, Statement } from 'better-sqlite3-multiple-ciphers'

/**
 * Pending versions (see PendingVersions) that are live and current, with their indexed fields. From the
 * pending list to the rows (CROSS JOIN fixes that order: SQLite's planner otherwise scans every version),
 * so finding what to index never scans the whole archive.
 */
const PENDING = `
  FROM temp.search_pending p
  CROSS JOIN article_versions v ON v.id = p.version_id
  CROSS JOIN articles a ON a.id = v.article_id AND a.current_version_id = v.id
 WHERE a.deleted_at IS NULL`
const PENDING_DOCS = `
  SELECT v.id AS versionId, a.title AS title, v.text AS body, coalesce(a.byline, '') AS author,
         trim(coalesce(a.site_name, '') || ' ' || coalesce(a.source_url, '')) AS source,
         a.language AS language
  ${PENDING} LIMIT ?`

/**
 * Versions to index are kept in a temporary table of this connection, filled by temporary triggers as
 * articles are added, changed or restored and as documents leave the index (a dropped segment, or an
 * article whose language changed its stemming: see forgetIndexedVersion), and
 * emptied as they are indexed. Writes by another connection (the CLI, say) fire no trigger here: when
 * SQLite's data_version says one happened, the archive is compared with the index again in one query.
 */
const PENDING_TRACKING = `
  CREATE TEMP TABLE IF NOT EXISTS search_pending (version_id TEXT PRIMARY KEY);
  CREATE TEMP TRIGGER IF NOT EXISTS search_pending_added AFTER INSERT ON main.articles
    WHEN NEW.deleted_at IS NULL
    BEGIN INSERT OR IGNORE INTO search_pending VALUES (NEW.current_version_id); END;
  CREATE TEMP TRIGGER IF NOT EXISTS search_pending_changed
    AFTER UPDATE OF current_version_id, deleted_at ON main.articles
    WHEN NEW.deleted_at IS NULL
    BEGIN INSERT OR IGNORE INTO search_pending VALUES (NEW.current_version_id); END;
  CREATE TEMP TRIGGER IF NOT EXISTS search_pending_indexed AFTER INSERT ON main.search_documents
    BEGIN DELETE FROM search_pending WHERE version_id = NEW.version_id; END;
  CREATE TEMP TRIGGER IF NOT EXISTS search_pending_dropped AFTER DELETE ON main.search_documents
    BEGIN INSERT OR IGNORE INTO search_pending VALUES (OLD.version_id); END;`

/** The whole comparison of archive and index: live current versions in no segment. */
const FIND_ALL_PENDING = `
  INSERT OR IGNORE INTO temp.search_pending
  SELECT a.current_version_id FROM articles a
   WHERE a.deleted_at IS NULL
     AND NOT EXISTS (SELECT 1 FROM search_documents d WHERE d.version_id = a.current_version_id)`

/**
 * The article versions the search index still has to take in. Kept as a list rather than found by
 * comparing the whole archive with the index at every step, which cost ~10 ms per step at 10k articles.
 */
export class PendingVersions {
  private readonly dataVersion: Statement
  /** The data_version at which the list was last made complete; null before the first time. */
  private checkedAt: number | null = null

  constructor(private readonly db: Database) {
    this.dataVersion = db.prepare('PRAGMA data_version').pluck()
  }

  /** Up to `limit` pending versions (all with -1) with their indexed fields. */
  documents(limit: number): unknown[] {
    this.track()
    return this.db.prepare(PENDING_DOCS).all(limit)
  }

  count(): number {
    this.track()
    return (this.db.prepare(`SELECT count(*) AS n ${PENDING}`).get() as { n: number }).n
  }

  /** Sets up the list, and compares the whole archive with the index at first and after others' writes. */
  private track(): void {
    const version = this.dataVersion.get() as number
    if (this.checkedAt === version) return
    if (this.checkedAt === null) this.db.exec(PENDING_TRACKING)
    this.db.exec(FIND_ALL_PENDING)
    this.checkedAt = version
  }
}

/**
 * Takes an article version out of the index's records, so it is indexed again (with its article's
 * analysis, see analysisOf): for a change of language. The segment keeps the old document until a merge,
 * but searches skip it, its analysis no longer being its article's.
 */
export function forgetIndexedVersion(db: Database, versionId: string): void {
  db.prepare('DELETE FROM search_documents WHERE version_id = ?').run(versionId)
}
