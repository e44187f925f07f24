import type { EntityRow } from '../archive/entities'
import type { Database } from 'better-sqlite3-multiple-ciphers'
import type { AuditedChannel } from '../../shared/channel-effects'
import type { OutputOf, ParsedInputOf } from '../../shared/contract'
import type { Highlight } from '../../shared/model'
import { tagKey } from '../../shared/tags'
import { sha256Hex } from '../hash'
import type { AuditRecord } from './audit-log'

/**
 * How each logged contract operation is described in the audit log. An auditor runs in the operation's
 * transaction: called with the input before the handler (to note what is about to change), it returns
 * the function that, given the handler's output, makes the entries. Details hold ids, counts, flags and
 * hashes — never an article's text, a note or a name: the log is not a second copy of the archive, and
 * `export audit` writes it out as plain text.
 */
export type Auditor<C extends AuditedChannel> = (
  db: Database,
  input: ParsedInputOf<C>,
) => (output: OutputOf<C>) => AuditRecord[]

type Auditors = { [C in AuditedChannel]: Auditor<C> }

function versionHash(db: Database, versionId: string): string | null {
  const row = db.prepare('SELECT sha256 FROM article_versions WHERE id = ?').get(versionId) as
    { sha256: string } | undefined
  return row?.sha256 ?? null
}

function highlightBefore(db: Database, id: string) {
  const row = db
    .prepare(
      'SELECT article_id AS articleId, note, color FROM highlights WHERE id = ? AND deleted_at IS NULL',
    )
    .get(id) as { articleId: string; note: string; color: string } | undefined
  const tags = db
    .prepare('SELECT tag_key FROM highlight_tags WHERE highlight_id = ? AND deleted_at IS NULL')
    .pluck()
    .all(id) as string[]
  return row && { ...row, tagKeys: new Set(tags) }
}

/** Where a highlight stands, logged alike on create and reattach so its moves can be followed in the log. */
function highlightPlace(highlight: Highlight) {
  return {
    articleId: highlight.articleId,
    versionId: highlight.versionId,
    start: highlight.position.start,
    end: highlight.position.end,
  }
}

function entityBefore(db: Database, id: string) {
  return db
    .prepare(
      `SELECT type, custom_type, name, aliases, description, date_start, date_end, parent_id, properties
         FROM entities WHERE id = ? AND deleted_at IS NULL`,
    )
    .get(id) as Omit<EntityRow, 'id' | 'created_at' | 'updated_at'> | undefined
}

function isLinked(db: Database, highlightId: string, entityId: string): boolean {
  return (
    db
      .prepare(
        'SELECT 1 FROM highlight_entities WHERE highlight_id = ? AND entity_id = ? AND deleted_at IS NULL',
      )
      .get(highlightId, entityId) !== undefined
  )
}

export const AUDITORS: Auditors = {
  'articles.edit':
    (db, { id, baseVersionId }) =>
    (summary) => [
      {
        action: 'article.edit',
        subject: id,
        detail: {
          baseVersionId,
          versionId: summary.versionId,
          sha256: versionHash(db, summary.versionId),
          anchored: summary.anchored,
          fuzzy: summary.fuzzy,
          recovered: summary.recovered,
          orphaned: summary.orphaned,
        },
      },
    ],
  // Which fields changed, not their values: a title is an article's text as much as its body is.
  'articles.metadata.set':
    (_db, { id, ...fields }) =>
    () => [
      {
        action: 'article.metadata',
        subject: id,
        detail: {
          fields: Object.keys(fields).filter((key) => fields[key as keyof typeof fields] !== undefined),
        },
      },
    ],
  'articles.source':
    (_db, { id, versionId }) =>
    (file) => [
      { action: 'export.source', subject: id, detail: { versionId: versionId ?? null, sha256: file.sha256 } },
    ],
  'articles.delete': (db, { id }) => {
    const before = db
      .prepare(
        `SELECT v.sha256,
                (SELECT count(*) FROM article_versions WHERE article_id = a.id) AS versions,
                (SELECT count(*) FROM highlights WHERE article_id = a.id AND deleted_at IS NULL) AS highlights
           FROM articles a JOIN article_versions v ON v.id = a.current_version_id
          WHERE a.id = ? AND a.deleted_at IS NULL`,
      )
      .get(id) as { sha256: string; versions: number; highlights: number } | undefined
    return () => [{ action: 'article.delete', subject: id, detail: { ...before } }]
  },
  // Logged by importFile itself, in the import's own transaction: the CLI imports paths through it
  // without the contract (files larger than a contract message), and every import must be logged.
  'import.file': () => () => [],
  'highlights.create': () => (highlight) => [
    {
      action: 'highlight.create',
      subject: highlight.id,
      detail: {
        ...highlightPlace(highlight),
        color: highlight.color,
        hasNote: highlight.note !== '',
        tags: highlight.tags.length,
        entityIds: highlight.entities.map((e) => e.id),
      },
    },
  ],
  'highlights.update': (db, input) => {
    const before = highlightBefore(db, input.id)
    return (highlight) => {
      const after = new Set(highlight.tags.map(tagKey))
      const changed = [
        ...(input.note !== undefined && input.note !== before?.note ? ['note'] : []),
        ...(input.color !== undefined && input.color !== before?.color ? ['color'] : []),
      ]
      const tagsAdded = [...after].filter((key) => !before?.tagKeys.has(key)).length
      const tagsRemoved = [...(before?.tagKeys ?? [])].filter((key) => !after.has(key)).length
      if (tagsAdded || tagsRemoved) changed.push('tags')
      return [
        {
          action: 'highlight.update',
          subject: highlight.id,
          detail: {
            articleId: highlight.articleId,
            changed,
            color: highlight.color,
            tags: highlight.tags.length,
            tagsAdded,
            tagsRemoved,
          },
        },
      ]
    }
  },
  'highlights.delete': (db, { id }) => {
    const articleId = highlightBefore(db, id)?.articleId ?? null
    return () => [{ action: 'highlight.delete', subject: id, detail: { articleId } }]
  },
  'highlights.reattach': () => (highlight) => [
    {
      action: 'highlight.reattach',
      subject: highlight.id,
      detail: highlightPlace(highlight),
    },
  ],
  'highlights.dismiss': () => (highlight) => [
    { action: 'highlight.dismiss', subject: highlight.id, detail: { articleId: highlight.articleId } },
  ],
  'entities.create': () => (entity) => [
    {
      action: 'entity.create',
      subject: entity.id,
      detail: { type: entity.type, aliases: entity.aliases.length },
    },
  ],
  'entities.update': (db, { id }) => {
    const before = entityBefore(db, id)
    return (entity) => {
      const changed = before
        ? [
            ...(before.type !== entity.type ? ['type'] : []),
            ...(before.name !== entity.name ? ['name'] : []),
            ...(before.aliases !== JSON.stringify(entity.aliases) ? ['aliases'] : []),
            ...(before.description !== entity.description ? ['description'] : []),
            ...(before.custom_type !== entity.customType ? ['customType'] : []),
            ...(before.date_start !== entity.dateStart || before.date_end !== entity.dateEnd
              ? ['dates']
              : []),
            ...(before.parent_id !== entity.parentId ? ['parent'] : []),
            ...(before.properties !== JSON.stringify(entity.properties) ? ['properties'] : []),
          ]
        : []
      return [{ action: 'entity.update', subject: id, detail: { type: entity.type, changed } }]
    }
  },
  'entities.delete': (db, { id }) => {
    const type = entityBefore(db, id)?.type ?? null
    const links = db
      .prepare('SELECT count(*) AS n FROM highlight_entities WHERE entity_id = ? AND deleted_at IS NULL')
      .get(id) as { n: number }
    const relations = db
      .prepare(
        'SELECT count(*) AS n FROM entity_relations WHERE (subject_id = ? OR object_id = ?) AND deleted_at IS NULL',
      )
      .get(id, id) as { n: number }
    return () => [
      { action: 'entity.delete', subject: id, detail: { type, links: links.n, relations: relations.n } },
    ]
  },
  // Names stay out of the log, as for entity.update; ids and counts say what happened.
  'entities.merge': () => (merge) => [
    {
      action: 'entity.merge',
      subject: merge.keptId,
      detail: {
        mergeId: merge.id,
        mergedId: merge.mergedId,
        moved: merge.moved,
        dropped: merge.dropped,
        aliasesAdded: merge.addedAliases.length,
      },
    },
  ],
  'entities.mentions.reject':
    (_db, { id, articleId, start, end }) =>
    () => [{ action: 'entity.mention.reject', subject: id, detail: { articleId, start, end } }],
  'entities.unmerge':
    (_db, { mergeId }) =>
    (entity) => [{ action: 'entity.unmerge', subject: entity.id, detail: { mergeId } }],
  'entities.distinct':
    (_db, { id, otherId, distinct }) =>
    () => [
      { action: distinct ? 'entity.distinct' : 'entity.distinct.undo', subject: id, detail: { otherId } },
    ],
  'entities.split':
    (_db, { id, highlightIds }) =>
    (entity) => [
      {
        action: 'entity.split',
        subject: id,
        detail: { newId: entity.id, type: entity.type, moved: highlightIds.length, highlightIds },
      },
    ],
  'entities.unsplit':
    (_db, { id }) =>
    (entity) => [{ action: 'entity.unsplit', subject: entity.id, detail: { splitOffId: id } }],
  // The name stays out of the log, as for entity.create.
  'entities.suggest.accept':
    (_db, { articleId, entityId }) =>
    ({ entity, linked, highlightIds }) => [
      {
        action: 'entity.suggestion.accept',
        subject: entity.id,
        detail: { articleId, created: entityId === undefined, type: entity.type, linked, highlightIds },
      },
    ],
  'entities.suggest.reject': () => () => [{ action: 'entity.suggestion.reject', subject: null, detail: {} }],
  'relations.create': () => (relation) => [
    {
      action: 'relation.create',
      subject: relation.id,
      detail: {
        subjectId: relation.subject.id,
        objectId: relation.object.id,
        evidence: relation.evidence.length,
      },
    },
  ],
  'relations.update': (_db, input) => (relation) => [
    {
      action: 'relation.update',
      subject: relation.id,
      detail: {
        subjectId: relation.subject.id,
        objectId: relation.object.id,
        evidence: relation.evidence.length,
        // What was asked to change; the note's words stay out of the log.
        changed: (['subjectId', 'objectId', 'type', 'note', 'evidenceIds'] as const).filter(
          (field) => input[field] !== undefined,
        ),
      },
    },
  ],
  'relations.delete':
    () =>
    ({ id }) => [{ action: 'relation.delete', subject: id, detail: {} }],
  'links.create': (db, { highlightId, entityId }) => {
    // Linking twice is harmless and changes nothing, so it is not logged.
    const already = isLinked(db, highlightId, entityId)
    return () => (already ? [] : [{ action: 'link.create', subject: highlightId, detail: { entityId } }])
  },
  'links.delete':
    (_db, { entityId }) =>
    ({ id }) => [{ action: 'link.delete', subject: id, detail: { entityId } }],
  'import.annotations':
    (_db, { content }) =>
    (result) => [
      {
        action: 'annotations.import',
        subject: null,
        detail: {
          sha256: sha256Hex(content),
          imported: result.imported,
          skipped: result.skipped.length,
          failed: result.failed.length,
          orphaned: result.orphaned.length,
        },
      },
    ],
  'export.annotations':
    (_db, { format, filters, includeDismissed }) =>
    (file) => [
      {
        action: 'export.annotations',
        subject: null,
        detail: {
          format,
          count: file.count,
          includeDismissed,
          filtered: filters !== undefined,
          sha256: sha256Hex(file.content),
        },
      },
    ],
  'archive.idleLock.set': () => (state) => [
    { action: 'security.idle-lock', subject: null, detail: { minutes: state.idleLockMinutes } },
  ],
  'backups.settings.set': () => (settings) => [
    {
      action: 'backups.settings',
      subject: null,
      detail: { keep: settings.keep, everyHours: settings.everyHours },
    },
  ],
  'export.report':
    (_db, { entityId, tag, highlightIds, filters, format }) =>
    (file) => [
      {
        action: 'export.report',
        subject: entityId ?? null,
        detail: {
          format,
          count: file.count,
          about: [
            ...(entityId ? ['entity'] : []),
            ...(tag !== undefined ? ['tag'] : []),
            ...(highlightIds ? ['highlights'] : []),
            ...(filters ? ['filters'] : []),
          ],
          sha256: sha256Hex(file.content),
        },
      },
    ],
  'export.entities':
    (_db, { format }) =>
    (file) => [
      {
        action: 'export.entities',
        subject: null,
        detail: { format, count: file.count, sha256: sha256Hex(file.content) },
      },
    ],
}
