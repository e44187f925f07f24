import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { CasebookError } from '../shared/errors'
import { findQuoteOccurrences } from '../shared/anchoring'
import {
  ANCHOR_STATUSES,
  ENTITY_TYPES,
  type Entity,
  type EntityType,
  type HighlightListItem,
  type ImportResult,
} from '../shared/model'
import type { Channel, InputOf, OutputOf } from '../shared/contract'
import { findEntityByName } from '../core/archive/entities'
import type { Engine } from '../core/engine'
import { expandPaths, importPathWith } from '../core/import/import-paths'
import { FILES_IN_FLIGHT, IN_FLIGHT_BYTES, runInFlight } from '../shared/run-in-flight'
import { progressLine } from '../shared/import-progress'
import { BACKUP_USAGE } from './backup-commands'
import { KEY_USAGE } from './key-commands'
import { checkCommand, exportAuditCommand, logCommand } from './custody-commands'
import { pageLabel } from '../shared/source-pages'

export const USAGE = `Usage: npm run casebook -- [--archive <file>] <command>

Commands:
  import <path…>                       import files or folders (recursively); one line per file.
                                       A page whose source URL is an article's here, with a text
                                       alike, becomes that article's new version (highlights carried)
  import <file> --version-of <articleId>
                                       import a file as a new version of that article
  search <query> [--limit N] [--json]  ranked full-text search: all words required; also OR, -word,
                                       "phrase", prefix*, word~1, title: author: source: entity: tag:
         [--from YYYY[-MM[-DD]]] [--to …] [--source <site>] [--entity <name>] [--tag <tag>]
         [--highlighted]               filters (an empty query with filters lists what matches)
  articles [--json]                    list the articles
  highlight <articleId> --quote "<exact text>" [--occurrence N] [--note <text>] [--tag <tag>]…
            [--entity <name> [--type person|organisation|place|event|other]]
                                       highlight a passage, optionally tagged (--tag repeated for
                                       several) and linked to an entity
                                       (--type creates the entity if it does not exist)
  delete <articleId>                   delete an article (its highlights leave the entity pages)
  entities [--json]                    list the entities with their passage counts
  entity <name> [--json]               an entity's page: every linked passage by article, its
                                       relations (with the passages backing them), the entities
                                       appearing with it, the place it is in and the places in it
  alias <name> --add <alias>           give an entity another name (another spelling, another script)
  merge <name> --into <name>           merge an entity into another: its passages and names move there;
                                       prints the merge's id
  unmerge <mergeId>                    undo a merge
  mentions <name> [--json]             passages naming the entity (any of its names, any script,
                                       inflected forms) not linked to it yet: article, words, offsets
  tags [--json]                        list the highlight tags with their highlight counts
  highlights [<articleId>] [--status anchored|orphan|dismissed] [--json]
                                       every highlight (of one article): status, how it was placed
                                       (method, score), its start–end in the version it is on, quote
  export annotations [--format w3c|csv] [--out <file>]
                                       every highlight (orphans too, not dismissed ones) as W3C Web
                                       Annotation JSON-LD (default) or as a CSV of passages
  export report --entity <name> [--tag <tag>] [--format md|html] [--out <file>]
                                       an evidence report: every passage about the entity (or, with
                                       --tag alone, so tagged) with its citation, as Markdown or HTML
  export entities [--format csv|ftm] [--out <file>]
                                       every entity and relation with the passages that back them,
                                       as one CSV (default; its "record" column tells entity,
                                       relation and passage rows apart) or as FollowTheMoney
                                       entities (one JSON a line: Person, Organization, Address,
                                       Event, Membership…, Article, Documentation)
  import annotations <file.jsonld>     import W3C Web Annotations; ones already here are skipped
  log [--subject <id>] [--json]        the audit log, newest first: every change and export, each
                                       entry chained to the one before by its SHA-256
  export audit [--out <file>]          the whole audit log as JSON Lines, headed by how to verify it
  check [--full] [--json]              check the archive: SQLite's quick_check (integrity_check with
                                       --full), foreign keys, every text against its SHA-256, the
                                       audit log's chain, the search index; exit 1 on any problem
${BACKUP_USAGE}${KEY_USAGE}
Without --archive, the archive in the user's data folder is used (the app's own).
Exit codes: 0 success, 1 some input failed, 2 usage or archive error.
`

export interface Output {
  out(line: string): void
  err(line: string): void
  /** A line that replaces itself (a bulk import's progress), shown only on a terminal; '' clears it. */
  progress?(line: string): void
}

export interface Flags {
  json?: boolean
  limit?: string
  quote?: string
  note?: string
  entity?: string
  type?: string
  occurrence?: string
  from?: string
  to?: string
  source?: string
  highlighted?: boolean
  /** --tag, which the highlight command takes more than once. */
  tag?: string[]
  /** export: w3c | csv for annotations, md | html for a report, csv | ftm for entities. */
  format?: string
  /** export: the file to write; standard output without it. */
  out?: string
  /** import: the article the file is a new version of. */
  'version-of'?: string
  /** highlights: only those with this anchoring status. */
  status?: string
  /** log: only the entries about this record. */
  subject?: string
  /** check: SQLite's full integrity_check instead of quick_check. */
  full?: boolean
  /** alias: the name to add. */
  add?: string
  /** merge: the entity that stays. */
  into?: string
}

/** Runs an operation through the contract, exactly as the app does: same parsing, same errors. */
function call<C extends Channel>(engine: Engine, channel: C, input: InputOf<C>): OutputOf<C> {
  const envelope = engine.dispatch(channel, input)
  if (!envelope.ok) throw new CasebookError(envelope.error.code, envelope.error.message)
  return envelope.value as OutputOf<C>
}

function positiveInt(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1)
    throw new CasebookError('invalid_input', `${flag} needs a whole number ≥ 1`)
  return n
}

/** `import <file> --version-of <articleId>`: one file, as a new version of an article already here. */
async function importVersionCommand(
  engine: Engine,
  paths: string[],
  articleId: string,
  io: Output,
): Promise<number> {
  const [file] = paths
  if (!file || paths.length > 1)
    throw new CasebookError('invalid_input', 'import --version-of takes one file')
  const result = await importPathWith(engine.importer, file, articleId)
  engine.search.refresh()
  printImport(result, io)
  return result.status === 'failed' ? 1 : 0
}

/** One line per article of the file: an mbox's messages and an e-mail's attachments are parts of it. */
function printImport(result: ImportResult, io: Output): void {
  printImportLine(result, io)
  for (const part of result.parts ?? []) printImport(part, io)
}

function printImportLine(result: ImportResult, io: Output): void {
  const { file } = result
  if (result.status === 'imported') io.out(`imported\t${file}\t${result.articleId}\t${result.title}`)
  else if (result.status === 'updated') {
    const r = result.reanchor
    io.out(
      `new version\t${file}\t${result.articleId}\t${result.title}\t` +
        `${r?.anchored ?? 0} highlights carried over, ${r?.orphaned ?? 0} to review`,
    )
  } else if (result.status === 'duplicate')
    io.out(`duplicate\t${file}\t${result.articleId}\t${result.message}`)
  else io.out(`failed\t${file}\t${result.message}`)
}

async function importCommand(engine: Engine, paths: string[], io: Output): Promise<number> {
  if (paths.length === 0) throw new CasebookError('invalid_input', 'import needs at least one file or folder')
  const { files, failures, skipped } = expandPaths(paths)
  const results: ImportResult[] = [...failures, ...skipped]
  for (const failure of failures) io.out(`failed\t${failure.file}\t${failure.message}`)
  for (const skip of skipped) io.out(`skipped\t${skip.file}\t${skip.message}`)
  const progress = { done: 0, total: files.length, startedAt: Date.now() }
  // Files are read several at once (the engine's reading threads); their lines are printed in the order
  // the files were listed, each as soon as every file before it is done.
  const finished = new Map<number, ImportResult>()
  let printed = 0
  io.progress?.(`importing ${progressLine(progress, Date.now())}`)
  await runInFlight(
    files,
    FILES_IN_FLIGHT,
    async (file, index) => {
      const result = await importPathWith(engine.importer, file)
      results.push(result, ...allParts(result))
      progress.done++
      finished.set(index, result)
      // Cleared before the files' own lines, so the two never share a terminal line.
      io.progress?.('')
      for (let next = finished.get(printed); next; next = finished.get(printed)) {
        finished.delete(printed++)
        printImport(next, io)
      }
      if (progress.done < progress.total) io.progress?.(`importing ${progressLine(progress, Date.now())}`)
    },
    { sizeOf: fileSize, maxSize: IN_FLIGHT_BYTES },
  )
  // Index what was imported now, so the next search (in this or any process) does not pay for it.
  engine.search.refresh()
  const tally = (status: string) => results.filter((r) => r.status === status).length
  io.err(
    `${tally('imported')} imported, ` +
      (tally('updated') ? `${tally('updated')} new versions, ` : '') +
      `${tally('duplicate')} duplicates skipped, ${tally('failed')} failed` +
      (skipped.length ? `, ${skipped.length} other files skipped` : ''),
  )
  return tally('failed') > 0 ? 1 : 0
}

function allParts(result: ImportResult): ImportResult[] {
  return (result.parts ?? []).flatMap((part) => [part, ...allParts(part)])
}

function singleTag(tags: string[] | undefined): string | undefined {
  if (tags && tags.length > 1) throw new CasebookError('invalid_input', 'search takes one --tag')
  return tags?.[0]
}

function searchCommand(engine: Engine, words: string[], flags: Flags, io: Output): number {
  const query = words.join(' ')
  let entityId: string | undefined
  if (flags.entity) {
    entityId = findEntityByName(engine.db, flags.entity)?.id
    if (!entityId) throw new CasebookError('not_found', `no entity named “${flags.entity}”`)
  }
  const filters = {
    from: flags.from,
    to: flags.to,
    source: flags.source,
    entityId,
    tag: singleTag(flags.tag),
    hasHighlights: flags.highlighted || undefined,
  }
  if (!query.trim() && !Object.values(filters).some((v) => v !== undefined)) {
    throw new CasebookError('invalid_input', 'search needs a query or a filter')
  }
  const results = call(engine, 'search.query', {
    query,
    limit: positiveInt(flags.limit, '--limit', 20),
    filters,
  })
  if (flags.json) {
    io.out(JSON.stringify(results.hits, null, 2))
    return 0
  }
  for (const hit of results.hits) {
    const marked = [...hit.marks]
      .reverse()
      .reduce((s, [a, b]) => `${s.slice(0, a)}[${s.slice(a, b)}]${s.slice(b)}`, hit.snippet)
    io.out(`${hit.score.toFixed(3)}\t${hit.articleId}\t${hit.title}\n\t${marked}`)
  }
  io.err(`${results.total} result${results.total === 1 ? '' : 's'}`)
  return 0
}

function articlesCommand(engine: Engine, flags: Flags, io: Output): number {
  const articles = call(engine, 'articles.list', { sort: 'createdAt', direction: 'asc' })
  if (flags.json) io.out(JSON.stringify(articles, null, 2))
  else for (const a of articles) io.out(`${a.id}\t${a.sha256}\t${a.highlightCount}\t${a.title}`)
  return 0
}

function deleteCommand(engine: Engine, args: string[], io: Output): number {
  const [articleId] = args
  if (!articleId) throw new CasebookError('invalid_input', 'delete needs <articleId>')
  const article = call(engine, 'articles.get', { id: articleId })
  call(engine, 'articles.delete', { id: articleId })
  io.out(`deleted\t${articleId}\t${article.title}`)
  return 0
}

function entityType(value: string | undefined): EntityType | undefined {
  if (value === undefined) return undefined
  if (!(ENTITY_TYPES as readonly string[]).includes(value)) {
    throw new CasebookError('invalid_input', `--type must be one of ${ENTITY_TYPES.join(', ')}`)
  }
  return value as EntityType
}

function highlightCommand(engine: Engine, args: string[], flags: Flags, io: Output): number {
  const [articleId] = args
  if (!articleId || !flags.quote)
    throw new CasebookError('invalid_input', 'highlight needs <articleId> and --quote "<text>"')
  const article = call(engine, 'articles.get', { id: articleId })
  const occurrences = findQuoteOccurrences(article.text, flags.quote)
  if (occurrences.length === 0) {
    throw new CasebookError('not_found', `the quote is not in “${article.title}” (${articleId})`)
  }
  let index = 0
  if (occurrences.length > 1 || flags.occurrence !== undefined) {
    if (flags.occurrence === undefined) {
      throw new CasebookError(
        'conflict',
        `the quote occurs ${occurrences.length} times in “${article.title}”; choose one with --occurrence 1…${occurrences.length}`,
      )
    }
    index = positiveInt(flags.occurrence, '--occurrence', 1) - 1
    if (index >= occurrences.length) {
      throw new CasebookError('invalid_input', `--occurrence must be between 1 and ${occurrences.length}`)
    }
  }
  const type = entityType(flags.type)
  let entity = flags.entity ? findEntityByName(engine.db, flags.entity) : undefined
  if (flags.entity && !entity && !type) {
    throw new CasebookError('not_found', `no entity named “${flags.entity}”; add --type to create it`)
  }
  const start = occurrences[index] ?? 0
  // One transaction: a failed highlight leaves no new entity behind.
  const highlight = engine.db.transaction(() => {
    if (flags.entity && !entity && type) {
      entity = call(engine, 'entities.create', { type, name: flags.entity, aliases: [], description: '' })
    }
    return call(engine, 'highlights.create', {
      articleId,
      versionId: article.versionId,
      start,
      end: start + (flags.quote?.length ?? 0),
      note: flags.note ?? '',
      entityIds: entity ? [entity.id] : [],
      tags: flags.tag ?? [],
    })
  })()
  if (flags.json) io.out(JSON.stringify(highlight, null, 2))
  else {
    const linked = highlight.entities.map((e) => e.name).join(', ')
    const tags = highlight.tags.map((t) => `#${t}`).join(' ')
    io.out(
      `${highlight.id}\t${highlight.position.start}-${highlight.position.end}${linked ? `\t${linked}` : ''}`,
    )
    if (tags) io.err(`tagged ${tags}`)
  }
  return 0
}

function entitiesCommand(engine: Engine, flags: Flags, io: Output): number {
  const entities = call(engine, 'entities.list', { query: '' })
  if (flags.json) io.out(JSON.stringify(entities, null, 2))
  else
    for (const e of entities)
      io.out(
        `${e.id}\t${e.customType ?? e.type}\t${e.passageCount}\t${e.name}${e.aliases.length ? ` (${e.aliases.join(', ')})` : ''}`,
      )
  return 0
}

function namedEntity(engine: Engine, name: string): Entity {
  const entity = findEntityByName(engine.db, name)
  if (!entity) throw new CasebookError('not_found', `no entity named “${name}”`)
  return entity
}

function aliasCommand(engine: Engine, words: string[], flags: Flags, io: Output): number {
  const alias = flags.add?.trim()
  if (!alias || words.length === 0)
    throw new CasebookError('invalid_input', 'alias needs <name> --add <alias>')
  const entity = namedEntity(engine, words.join(' '))
  const updated = call(engine, 'entities.update', {
    id: entity.id,
    type: entity.type,
    name: entity.name,
    aliases: [...entity.aliases, alias],
    description: entity.description,
  })
  io.out(`${updated.name}: ${updated.aliases.join(', ')}`)
  return 0
}

function mergeCommand(engine: Engine, words: string[], flags: Flags, io: Output): number {
  if (!flags.into || words.length === 0)
    throw new CasebookError('invalid_input', 'merge needs <name> --into <name>')
  const merged = namedEntity(engine, words.join(' '))
  const kept = namedEntity(engine, flags.into)
  if (merged.id === kept.id)
    throw new CasebookError('invalid_input', `“${words.join(' ')}” and “${flags.into}” name the same entity`)
  const merge = call(engine, 'entities.merge', { id: merged.id, intoId: kept.id })
  io.out(merge.id)
  io.err(
    `merged “${merged.name}” into “${kept.name}”: ${merge.moved} passage${merge.moved === 1 ? '' : 's'} moved` +
      (merge.dropped ? `, ${merge.dropped} already linked to both` : '') +
      `; undo with: unmerge ${merge.id}`,
  )
  return 0
}

function unmergeCommand(engine: Engine, words: string[], io: Output): number {
  const [mergeId] = words
  if (!mergeId || words.length > 1) throw new CasebookError('invalid_input', 'unmerge takes a merge id')
  const restored = call(engine, 'entities.unmerge', { mergeId })
  io.out(`${restored.id}	${restored.name}`)
  return 0
}

function mentionsCommand(engine: Engine, words: string[], flags: Flags, io: Output): number {
  if (words.length === 0) throw new CasebookError('invalid_input', 'mentions needs an entity name')
  const entity = namedEntity(engine, words.join(' '))
  const mentions = call(engine, 'entities.mentions', { id: entity.id })
  if (flags.json) {
    const rows = mentions.map(({ articleId, title, text, start, end }) => ({
      articleId,
      title,
      text,
      start,
      end,
    }))
    io.out(JSON.stringify(rows, null, 2))
  } else {
    for (const m of mentions)
      io.out(
        `${m.articleId}\t${m.start}-${m.end}\t${m.text}\t…${m.before.slice(-30)}[${m.text}]${m.after.slice(0, 30)}…`,
      )
    io.err(`${mentions.length} unlinked mention${mentions.length === 1 ? '' : 's'} of ${entity.name}`)
  }
  return 0
}

function tagsCommand(engine: Engine, flags: Flags, io: Output): number {
  const tags = call(engine, 'tags.list', {})
  if (flags.json) io.out(JSON.stringify(tags, null, 2))
  else for (const { tag, count } of tags) io.out(`${count}\t${tag}`)
  return 0
}

function entityCommand(engine: Engine, words: string[], flags: Flags, io: Output): number {
  const name = words.join(' ')
  const entity = findEntityByName(engine.db, name)
  if (!entity) throw new CasebookError('not_found', `no entity named “${name}”`)
  const page = call(engine, 'entities.page', { id: entity.id })
  if (flags.json) {
    const passages = page.articles.flatMap((group) =>
      group.passages.map((p) => ({
        articleId: group.articleId,
        title: group.title,
        publishedAt: group.publishedAt,
        siteName: group.siteName,
        sourceUrl: group.sourceUrl,
        importedFrom: group.importedFrom,
        highlightId: p.highlightId,
        quote: p.exact,
        note: p.note,
        tags: p.tags,
        start: p.start,
        end: p.end,
        pages: p.pages,
      })),
    )
    // Relations with their evidence named as the passages are (quote, not exact).
    const relations = page.relations.map(({ evidence, ...relation }) => ({
      ...relation,
      evidence: evidence.map(({ exact, ...e }) => ({ ...e, quote: exact })),
    }))
    io.out(
      JSON.stringify(
        {
          entity: page.entity,
          passageCount: page.passageCount,
          articleCount: page.articleCount,
          passages,
          relations,
          coOccurring: page.coOccurring,
          parent: page.parent,
          children: page.children,
          timeline: page.timeline,
        },
        null,
        2,
      ),
    )
    return 0
  }
  io.out(
    `${page.entity.name} (${page.entity.customType ?? page.entity.type}) — ${page.passageCount} passage${page.passageCount === 1 ? '' : 's'}`,
  )
  if (page.parent) io.out(`in ${page.parent.name}`)
  for (const group of page.articles) {
    io.out(
      `\n${group.title}${group.publishedAt ? `, ${group.publishedAt}` : ''}${group.siteName ? `, ${group.siteName}` : ''} [${group.articleId}]`,
    )
    for (const p of group.passages) {
      const tags = p.tags.length ? `\n    tags: ${p.tags.join(', ')}` : ''
      const page = p.pages ? ` (${pageLabel(p.pages)})` : ''
      io.out(`  “${p.exact}”${page}${p.note ? `\n    note: ${p.note}` : ''}${tags}`)
    }
  }
  if (page.relations.length > 0) {
    io.out('\nRelations')
    for (const r of page.relations) {
      const backed = r.evidence.length
        ? ` (${r.evidence.length} passage${r.evidence.length === 1 ? '' : 's'})`
        : ''
      io.out(`  ${r.subject.name} — ${r.label} → ${r.object.name}${backed}`)
    }
  }
  if (page.children.length > 0) io.out(`\nPlaces in it: ${page.children.map((c) => c.name).join(', ')}`)
  if (page.coOccurring.length > 0) {
    io.out('\nAppears with')
    for (const c of page.coOccurring)
      io.out(
        `  ${c.name} (${c.type}): ${c.articles} article${c.articles === 1 ? '' : 's'}, ${c.passages} passage${c.passages === 1 ? '' : 's'} linked to both`,
      )
  }
  return 0
}

/**
 * `highlights [<articleId>]`: each highlight with where it stands: anchored (in the current version, with
 * how it got there and how sure that is), orphan (waiting for review; its last place is in an older
 * version) or dismissed.
 */
function highlightsCommand(engine: Engine, args: string[], flags: Flags, io: Output): number {
  if (args.length > 1) throw new CasebookError('invalid_input', 'highlights takes at most one article id')
  const status =
    flags.status === undefined ? undefined : oneOf(flags.status, ANCHOR_STATUSES, 'anchored', '--status')
  // The list is paged for the UI; the CLI wants every one.
  const all: HighlightListItem[] = []
  const PAGE = 500
  for (;;) {
    const { items } = call(engine, 'highlights.list', {
      filters: { articleId: args[0], status },
      sort: 'published',
      limit: PAGE,
      offset: all.length,
    })
    all.push(...items)
    if (items.length < PAGE) break
  }
  if (flags.json) {
    const rows = all.map((h) => ({
      id: h.id,
      articleId: h.articleId,
      articleTitle: h.articleTitle,
      quote: h.quote.exact,
      note: h.note,
      tags: h.tags,
      entities: h.entities.map((e) => e.name),
      color: h.color,
      status: h.anchor.status,
      method: h.anchor.method,
      score: h.anchor.score,
      reason: h.anchor.reason,
      // Offsets in the latest version for an anchored highlight; an orphan has none there.
      start: h.anchor.status === 'anchored' ? h.position.start : null,
      end: h.anchor.status === 'anchored' ? h.position.end : null,
      versionId: h.versionId,
    }))
    io.out(JSON.stringify(rows, null, 2))
    return 0
  }
  for (const h of all) {
    const where = h.anchor.status === 'anchored' ? `${h.position.start}-${h.position.end}` : '-'
    const how =
      h.anchor.status === 'anchored' ? `${h.anchor.method} ${h.anchor.score}` : (h.anchor.reason ?? '')
    io.out([h.id, h.articleId, h.anchor.status, how, where, JSON.stringify(h.quote.exact)].join('\t'))
  }
  io.err(`${all.length} highlight${all.length === 1 ? '' : 's'}`)
  return 0
}

// ---------------------------------------------------------------------------------------------------------
// Export and import of annotations, evidence reports (issue 4, "Export"): src/core/export/*.
// ---------------------------------------------------------------------------------------------------------

/** Writes an export to --out (exactly these bytes), or to standard output. */
function emit(text: string, flags: Flags, io: Output, what: string): void {
  if (flags.out) {
    writeFileSync(flags.out, text)
    io.err(`${what} written to ${flags.out}`)
  } else io.out(text.replace(/\r?\n$/, ''))
}

function oneOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
  flag = '--format',
): T {
  if (value === undefined) return fallback
  if (!(allowed as readonly string[]).includes(value)) {
    throw new CasebookError('invalid_input', `${flag} must be one of ${allowed.join(', ')}`)
  }
  return value as T
}

function exportCommand(engine: Engine, args: string[], flags: Flags, io: Output): number {
  const [what] = args
  if (what === 'annotations') {
    const format = oneOf(flags.format, ['w3c', 'csv'] as const, 'w3c')
    const file = call(engine, 'export.annotations', { format })
    emit(file.content, flags, io, `${file.count} ${format === 'csv' ? 'passages' : 'annotations'}`)
    return 0
  }
  if (what === 'report') {
    const format = oneOf(flags.format, ['md', 'html'] as const, 'md')
    const tag = singleTag(flags.tag)
    if (!flags.entity && tag === undefined) {
      throw new CasebookError('invalid_input', 'export report needs --entity <name> or --tag <tag>')
    }
    let entityId: string | undefined
    if (flags.entity) {
      entityId = findEntityByName(engine.db, flags.entity)?.id
      if (!entityId) throw new CasebookError('not_found', `no entity named “${flags.entity}”`)
    }
    const file = call(engine, 'export.report', { entityId, tag, format })
    emit(file.content, flags, io, `a report of ${file.count} passage${file.count === 1 ? '' : 's'}`)
    return 0
  }
  if (what === 'entities') return exportEntitiesCommand(engine, flags, io)
  if (what === 'audit') return exportAuditCommand(engine, flags, io)
  throw new CasebookError(
    'invalid_input',
    'export needs “annotations”, “report”, “entities” or “audit” (see --help)',
  )
}

/** `export entities`: the entities and relations with their passages, as CSV or FollowTheMoney. */
function exportEntitiesCommand(engine: Engine, flags: Flags, io: Output): number {
  const format = oneOf(flags.format, ['csv', 'ftm'] as const, 'csv')
  const file = call(engine, 'export.entities', { format })
  const entities = `${file.count} entit${file.count === 1 ? 'y' : 'ies'}`
  emit(file.content, flags, io, `${entities} with their relations and passages`)
  if (format === 'ftm') {
    const leftOut = call(engine, 'entities.list', { query: '' }).length - file.count
    if (leftOut > 0)
      io.err(
        `${leftOut} entit${leftOut === 1 ? 'y' : 'ies'} of a type FollowTheMoney has no schema for (a law…) ` +
          'left out, with their relations; the CSV export has them',
      )
  }
  return 0
}

function importAnnotationsCommand(engine: Engine, files: string[], io: Output): number {
  const [file] = files
  if (!file || files.length > 1) throw new CasebookError('invalid_input', 'import annotations needs one file')
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new CasebookError('not_found', `cannot read ${file}: ${(error as Error).message}`)
  }
  const result = call(engine, 'import.annotations', { name: file, content: text })
  for (const { id, reason } of result.skipped) io.out(`skipped\t${id}\t${reason}`)
  for (const { id, reason } of result.failed) io.out(`failed\t${id}\t${reason}`)
  for (const id of result.orphaned)
    io.out(`orphan\turn:uuid:${id}\tnot found in the current version; to review`)
  io.err(`${result.imported} imported, ${result.skipped.length} skipped, ${result.failed.length} failed`)
  return result.failed.length > 0 ? 1 : 0
}

// ---------------------------------------------------------------------------------------------------------

export function runCommand(
  engine: Engine,
  command: string,
  args: string[],
  flags: Flags,
  io: Output,
): number | Promise<number> {
  switch (command) {
    case 'import':
      // `import annotations <file>` imports W3C annotations; anything else is a path to import.
      if (args[0] === 'annotations' && args.length === 2)
        return importAnnotationsCommand(engine, args.slice(1), io)
      if (flags['version-of'] !== undefined)
        return importVersionCommand(engine, args, flags['version-of'], io)
      return importCommand(engine, args, io)
    case 'highlights':
      return highlightsCommand(engine, args, flags, io)
    case 'export':
      return exportCommand(engine, args, flags, io)
    case 'search':
      return searchCommand(engine, args, flags, io)
    case 'articles':
      return articlesCommand(engine, flags, io)
    case 'highlight':
      return highlightCommand(engine, args, flags, io)
    case 'delete':
      return deleteCommand(engine, args, io)
    case 'entities':
      return entitiesCommand(engine, flags, io)
    case 'entity':
      return entityCommand(engine, args, flags, io)
    case 'alias':
      return aliasCommand(engine, args, flags, io)
    case 'merge':
      return mergeCommand(engine, args, flags, io)
    case 'unmerge':
      return unmergeCommand(engine, args, io)
    case 'mentions':
      return mentionsCommand(engine, args, flags, io)
    case 'tags':
      return tagsCommand(engine, flags, io)
    case 'log':
      return logCommand(engine, flags, io)
    case 'check':
      return checkCommand(engine, flags, io)
    default:
      throw new CasebookError('invalid_input', `unknown command '${command}' (see --help)`)
  }
}

/** A file's size for the in-flight bound; one that cannot be read now fails when it is imported instead. */
function fileSize(path: string): number {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}
