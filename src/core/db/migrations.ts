import type { Database } from 'better-sqlite3-multiple-ciphers'

/**
 * Ordered schema migrations keyed on `PRAGMA user_version`: migration N brings an archive from
 * version N-1 to N. Never edit a released migration; add the next one.
 */
export interface Migration {
  version: number
  description: string
  up(db: Database): void
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'articles with versions, highlights, entities, links, search segments',
    up(db) {
      db.exec(`
        CREATE TABLE articles (
          id TEXT PRIMARY KEY,
          title TEXT NOT NULL,
          byline TEXT,
          site_name TEXT,
          source_url TEXT,
          published_at TEXT,
          imported_from TEXT,
          current_version_id TEXT NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          deleted_at TEXT
        );
        -- Every version of an article's canonical text is kept; highlights point at a version.
        CREATE TABLE article_versions (
          id TEXT PRIMARY KEY,
          article_id TEXT NOT NULL REFERENCES articles(id),
          text TEXT NOT NULL,
          blocks TEXT NOT NULL,
          sha256 TEXT NOT NULL,
          word_count INTEGER NOT NULL,
          created_at TEXT NOT NULL
        );
        CREATE INDEX article_versions_by_article ON article_versions(article_id);
        CREATE INDEX article_versions_by_sha256 ON article_versions(sha256);

        CREATE TABLE highlights (
          id TEXT PRIMARY KEY,
          article_id TEXT NOT NULL REFERENCES articles(id),
          version_id TEXT NOT NULL REFERENCES article_versions(id),
          start_offset INTEGER NOT NULL,
          end_offset INTEGER NOT NULL,
          exact TEXT NOT NULL,
          prefix TEXT NOT NULL,
          suffix TEXT NOT NULL,
          note TEXT NOT NULL DEFAULT '',
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          deleted_at TEXT,
          CHECK (start_offset >= 0 AND end_offset > start_offset)
        );
        CREATE INDEX highlights_by_article ON highlights(article_id);

        CREATE TABLE entities (
          id TEXT PRIMARY KEY,
          type TEXT NOT NULL CHECK (type IN ('person', 'organisation', 'place', 'event', 'other')),
          name TEXT NOT NULL,
          aliases TEXT NOT NULL DEFAULT '[]',
          description TEXT NOT NULL DEFAULT '',
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          deleted_at TEXT
        );

        -- A link is a record of its own (with a tombstone) so that unlinking can sync later.
        CREATE TABLE highlight_entities (
          id TEXT PRIMARY KEY,
          highlight_id TEXT NOT NULL REFERENCES highlights(id),
          entity_id TEXT NOT NULL REFERENCES entities(id),
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          deleted_at TEXT
        );
        CREATE UNIQUE INDEX highlight_entities_live ON highlight_entities(highlight_id, entity_id)
          WHERE deleted_at IS NULL;
        CREATE INDEX highlight_entities_by_entity ON highlight_entities(entity_id);

        -- The search index is derived data: lunr segments serialised as JSON, rebuildable from the texts.
        -- format: the document layout a segment was built with; other formats are rebuilt, not read.
        CREATE TABLE search_segments (
          id TEXT PRIMARY KEY,
          format INTEGER NOT NULL,
          created_at TEXT NOT NULL,
          doc_count INTEGER NOT NULL,
          index_json TEXT NOT NULL
        );
        -- doc_ref is the document's short ref inside its segment (base 36): UUIDs as lunr refs
        -- would more than double the size of every segment.
        CREATE TABLE search_documents (
          version_id TEXT PRIMARY KEY REFERENCES article_versions(id),
          segment_id TEXT NOT NULL REFERENCES search_segments(id),
          doc_ref TEXT NOT NULL,
          UNIQUE (segment_id, doc_ref)
        );
        CREATE INDEX search_documents_by_segment ON search_documents(segment_id);
      `)
    },
  },
  {
    version: 2,
    description: 'search segments stored as compact binary postings instead of lunr JSON',
    up(db) {
      // Derived data: the old segments are dropped and every article is indexed again in the background.
      db.exec(`
        DROP TABLE search_documents;
        DROP TABLE search_segments;
        -- data: the segment's postings in typed arrays with a checksum (src/core/search/segment-codec.ts).
        -- format: the document layout a segment was built with; other formats are rebuilt, not read.
        CREATE TABLE search_segments (
          id TEXT PRIMARY KEY,
          format INTEGER NOT NULL,
          created_at TEXT NOT NULL,
          doc_count INTEGER NOT NULL,
          data BLOB NOT NULL
        );
        -- doc_ref is the document's number inside its segment, in base 36.
        CREATE TABLE search_documents (
          version_id TEXT PRIMARY KEY REFERENCES article_versions(id),
          segment_id TEXT NOT NULL REFERENCES search_segments(id),
          doc_ref TEXT NOT NULL,
          UNIQUE (segment_id, doc_ref)
        );
        CREATE INDEX search_documents_by_segment ON search_documents(segment_id);
      `)
    },
  },
  {
    version: 3,
    description: 'highlight tags',
    up(db) {
      // A table of tag records rather than a JSON column like entities' aliases:
      // - sync: each tag is its own record with an id and a tombstone, like a highlight's entity links, so
      //   two laptops that tag the same highlight differently merge by record instead of one list
      //   overwriting the other;
      // - search: `tag:`, the tag filter and the list of tags with counts are joins on an index, where a JSON
      //   column would have to be read and parsed for every highlight of the archive.
      // tag is the first spelling given; tag_key is what makes two tags the same (tagKey in
      // src/shared/tags.ts: lower-cased in every script, which SQLite's lower() and NOCASE do for ASCII only).
      db.exec(`
        CREATE TABLE highlight_tags (
          id TEXT PRIMARY KEY,
          highlight_id TEXT NOT NULL REFERENCES highlights(id),
          tag TEXT NOT NULL,
          tag_key TEXT NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          deleted_at TEXT
        );
        CREATE UNIQUE INDEX highlight_tags_live ON highlight_tags(highlight_id, tag_key)
          WHERE deleted_at IS NULL;
        CREATE INDEX highlight_tags_by_key ON highlight_tags(tag_key) WHERE deleted_at IS NULL;
      `)
    },
  },
  {
    version: 4,
    description: 'article versions with their origin; highlights with colour and anchoring status',
    up(db) {
      // A highlight's version_id is the version its offsets and quote belong to: the current version while it
      // is anchored, the last version where it was found while it is an orphan (so its quote stays citable,
      // with that version's SHA-256). highlight_anchors keeps where it stood in every version it was found
      // in, so an older version opens with its highlights in place.
      // anchor_method: 'created' (made on this version), 'position' | 'exact' | 'fuzzy' (re-anchoring,
      // src/shared/reanchor.ts), 'manual' (re-attached by the user), 'imported' (from W3C JSON-LD),
      // 'none' (an orphan). anchor_reason says why an orphan could not be placed.
      db.exec(`
        ALTER TABLE highlights ADD COLUMN color TEXT NOT NULL DEFAULT 'yellow';
        ALTER TABLE highlights ADD COLUMN anchor_status TEXT NOT NULL DEFAULT 'anchored'
          CHECK (anchor_status IN ('anchored', 'orphan', 'dismissed'));
        ALTER TABLE highlights ADD COLUMN anchor_method TEXT NOT NULL DEFAULT 'created';
        ALTER TABLE highlights ADD COLUMN anchor_score REAL NOT NULL DEFAULT 1;
        ALTER TABLE highlights ADD COLUMN anchor_reason TEXT;
        CREATE INDEX highlights_by_status ON highlights(anchor_status) WHERE deleted_at IS NULL;
        -- A re-imported page is recognised by its source URL (a new version of the article that has it).
        CREATE INDEX articles_by_source_url ON articles(source_url) WHERE source_url IS NOT NULL;

        -- origin: 'import' (a file, named in imported_from) or 'edit' (corrected in the app).
        ALTER TABLE article_versions ADD COLUMN origin TEXT NOT NULL DEFAULT 'import';
        ALTER TABLE article_versions ADD COLUMN imported_from TEXT;
        UPDATE article_versions SET imported_from =
          (SELECT a.imported_from FROM articles a WHERE a.id = article_versions.article_id);

        CREATE TABLE highlight_anchors (
          highlight_id TEXT NOT NULL REFERENCES highlights(id),
          version_id TEXT NOT NULL REFERENCES article_versions(id),
          start_offset INTEGER NOT NULL,
          end_offset INTEGER NOT NULL,
          method TEXT NOT NULL,
          score REAL NOT NULL,
          created_at TEXT NOT NULL,
          PRIMARY KEY (version_id, highlight_id)
        ) WITHOUT ROWID;
        INSERT INTO highlight_anchors
          SELECT id, version_id, start_offset, end_offset, 'created', 1, created_at FROM highlights;
      `)
    },
  },
  {
    version: 5,
    description: 'settings and the audit log',
    up(db) {
      // settings: the archive's own preferences (backups: how many, how often; lock after idle…), as JSON
      // values, so they travel with the archive rather than with one laptop's app data.
      // audit_log: every change, appended and never updated; each entry carries the hash of the one before
      // (a chain of custody that `casebook check` verifies). No foreign keys: an entry outlives what it
      // names (a deleted article keeps its log entries).
      db.exec(`
        CREATE TABLE settings (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE TABLE audit_log (
          seq INTEGER PRIMARY KEY,
          at TEXT NOT NULL,
          action TEXT NOT NULL,
          subject TEXT,
          detail TEXT NOT NULL,
          prev_hash TEXT NOT NULL,
          hash TEXT NOT NULL
        );
        CREATE INDEX audit_log_by_subject ON audit_log(subject);
      `)
    },
  },
  {
    version: 6,
    description: 'source files kept; language, format metadata, OCR need and parent of each article',
    up(db) {
      // source_files: every imported file byte for byte, once per SHA-256 however many articles or versions
      // came from it (an mbox's messages share their file), so evidence is never only our extraction of it
      // and an interrupted bulk import skips the files already in without reading them again.
      // articles.properties: the format's own metadata as a JSON object of strings (PDF info and XMP, DOCX
      // core properties, e-mail headers); language: ISO 639-1, detected at import or set by the user;
      // parent_id: the e-mail an attachment came with.
      db.exec(`
        CREATE TABLE source_files (
          sha256 TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          media_type TEXT NOT NULL,
          size INTEGER NOT NULL,
          bytes BLOB NOT NULL,
          created_at TEXT NOT NULL
        );
        ALTER TABLE article_versions ADD COLUMN source_sha256 TEXT REFERENCES source_files(sha256);
        CREATE INDEX article_versions_by_source ON article_versions(source_sha256);
        ALTER TABLE articles ADD COLUMN language TEXT;
        ALTER TABLE articles ADD COLUMN properties TEXT NOT NULL DEFAULT '{}';
        ALTER TABLE articles ADD COLUMN needs_ocr INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE articles ADD COLUMN parent_id TEXT REFERENCES articles(id);
      `)
    },
  },
  {
    version: 7,
    description: 'entity merges (undoable), pairs marked as not the same, rejected mentions',
    up(db) {
      // entity_merges: what a merge did, so that it can be undone exactly: the links that moved from the
      // merged entity to the kept one, the merged entity's links dropped because the kept one already had
      // that passage, and the names it added to the kept entity's aliases. The merged entity is tombstoned
      // (merged_into says where it went), never deleted.
      // entity_distinct: pairs the user said are different people (or places…): never suggested for merging,
      // and a merge of them is refused. Stored once per pair, the smaller id first, with a tombstone.
      db.exec(`
        ALTER TABLE entities ADD COLUMN merged_into TEXT REFERENCES entities(id);
        CREATE TABLE entity_merges (
          id TEXT PRIMARY KEY,
          kept_id TEXT NOT NULL REFERENCES entities(id),
          merged_id TEXT NOT NULL REFERENCES entities(id),
          moved_links TEXT NOT NULL,
          dropped_links TEXT NOT NULL,
          added_aliases TEXT NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          undone_at TEXT
        );
        CREATE TABLE entity_distinct (
          id TEXT PRIMARY KEY,
          first_id TEXT NOT NULL REFERENCES entities(id),
          second_id TEXT NOT NULL REFERENCES entities(id),
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          deleted_at TEXT,
          CHECK (first_id < second_id)
        );
        CREATE UNIQUE INDEX entity_distinct_live ON entity_distinct(first_id, second_id)
          WHERE deleted_at IS NULL;
        -- A found mention the user said is not about the entity: not offered again (on that version).
        CREATE TABLE entity_mention_rejections (
          id TEXT PRIMARY KEY,
          entity_id TEXT NOT NULL REFERENCES entities(id),
          article_id TEXT NOT NULL REFERENCES articles(id),
          version_id TEXT NOT NULL REFERENCES article_versions(id),
          start_offset INTEGER NOT NULL,
          end_offset INTEGER NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          deleted_at TEXT,
          CHECK (start_offset >= 0 AND end_offset > start_offset)
        );
        CREATE INDEX entity_mention_rejections_by_entity ON entity_mention_rejections(entity_id, version_id);
      `)
    },
  },
  {
    version: 8,
    description:
      'entity details (user-defined type, event dates, parent place, properties), relations with evidence, splits, rejected suggestions',
    up(db) {
      // custom_type: a user-defined type (a vehicle, a law…) is stored with type 'other', so the type
      // column's CHECK stays (changing a CHECK means rebuilding a table every other table refers to).
      // date_start/date_end: YYYY, YYYY-MM or YYYY-MM-DD, for events. parent_id: the place a place is in.
      // entity_relations: typed, directed (subject → object); the type is a built-in key or the user's words.
      // relation_evidence: the highlighted passages that back a relation, each a record with a tombstone.
      // entity_merges gains the relations a merge moved (and those it dropped: between the two entities),
      // so an undo restores them too.
      db.exec(`
        ALTER TABLE entities ADD COLUMN custom_type TEXT;
        ALTER TABLE entities ADD COLUMN date_start TEXT;
        ALTER TABLE entities ADD COLUMN date_end TEXT;
        ALTER TABLE entities ADD COLUMN parent_id TEXT REFERENCES entities(id);
        ALTER TABLE entities ADD COLUMN properties TEXT NOT NULL DEFAULT '{}';
        CREATE TABLE entity_relations (
          id TEXT PRIMARY KEY,
          subject_id TEXT NOT NULL REFERENCES entities(id),
          object_id TEXT NOT NULL REFERENCES entities(id),
          type TEXT NOT NULL,
          note TEXT NOT NULL DEFAULT '',
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          deleted_at TEXT,
          CHECK (subject_id <> object_id)
        );
        CREATE INDEX entity_relations_by_subject ON entity_relations(subject_id) WHERE deleted_at IS NULL;
        CREATE INDEX entity_relations_by_object ON entity_relations(object_id) WHERE deleted_at IS NULL;
        CREATE TABLE relation_evidence (
          id TEXT PRIMARY KEY,
          relation_id TEXT NOT NULL REFERENCES entity_relations(id),
          highlight_id TEXT NOT NULL REFERENCES highlights(id),
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          deleted_at TEXT
        );
        CREATE UNIQUE INDEX relation_evidence_live ON relation_evidence(relation_id, highlight_id)
          WHERE deleted_at IS NULL;
        CREATE INDEX relation_evidence_by_highlight ON relation_evidence(highlight_id);
        ALTER TABLE entity_merges ADD COLUMN moved_relations TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE entity_merges ADD COLUMN dropped_relations TEXT NOT NULL DEFAULT '[]';
        -- A split (passages moved off an entity into a new one), so that it can be undone without the merge's
        -- aliases: the links it moved, back to the entity they came from.
        CREATE TABLE entity_splits (
          id TEXT PRIMARY KEY,
          from_id TEXT NOT NULL REFERENCES entities(id),
          new_id TEXT NOT NULL REFERENCES entities(id),
          moved_links TEXT NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          undone_at TEXT
        );
        CREATE INDEX entity_splits_by_new ON entity_splits(new_id);
        -- A name the user said is not an entity ("Monday", "Reuters"): never suggested again, in any article.
        CREATE TABLE entity_suggestion_rejections (
          id TEXT PRIMARY KEY,
          name_key TEXT NOT NULL,
          name TEXT NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          deleted_at TEXT
        );
        CREATE UNIQUE INDEX entity_suggestion_rejections_live ON entity_suggestion_rejections(name_key)
          WHERE deleted_at IS NULL;
      `)
    },
  },
]

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0
