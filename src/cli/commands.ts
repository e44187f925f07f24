import { CasebookError } from '../shared/errors'
import { findQuoteOccurrences } from '../shared/anchoring'
import { ENTITY_TYPES, type EntityType, type ImportResult } from '../shared/model'
import type { Channel, InputOf, OutputOf } from '../shared/contract'
import { findEntityByName } from '../core/archive/entities'
import type { Engine } from '../core/engine'
import { expandPaths, importPath } from '../core/import/import-paths'

export const USAGE = `Usage: npm run casebook -- [--archive <file>] <command>

Commands:
  import <path…>                       import files or folders (recursively); one line per file
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
  entity <name> [--json]               an entity's page: every linked passage by article
  tags [--json]                        list the highlight tags with their highlight counts

Without --archive, the archive in the user's data folder is used (the app's own).
Exit codes: 0 success, 1 some input failed, 2 usage or archive error.
`

export interface Output {
  out(line: string): void
  err(line: string): void
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

function importCommand(engine: Engine, paths: string[], io: Output): number {
  if (paths.length === 0) throw new CasebookError('invalid_input', 'import needs at least one file or folder')
  const { files, failures, skipped } = expandPaths(paths)
  const results: ImportResult[] = [...failures, ...skipped]
  for (const failure of failures) io.out(`failed\t${failure.file}\t${failure.message}`)
  for (const skip of skipped) io.out(`skipped\t${skip.file}\t${skip.message}`)
  for (const file of files) {
    const result = importPath(engine.db, file)
    results.push(result)
    if (result.status === 'imported') io.out(`imported\t${file}\t${result.articleId}\t${result.title}`)
    else if (result.status === 'duplicate')
      io.out(`duplicate\t${file}\t${result.articleId}\t${result.message}`)
    else io.out(`failed\t${file}\t${result.message}`)
  }
  // Index what was imported now, so the next search (in this or any process) does not pay for it.
  engine.search.refresh()
  const tally = (status: string) => results.filter((r) => r.status === status).length
  io.err(
    `${tally('imported')} imported, ${tally('duplicate')} duplicates skipped, ${tally('failed')} failed` +
      (skipped.length ? `, ${skipped.length} other files skipped` : ''),
  )
  return tally('failed') > 0 ? 1 : 0
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
        `${e.id}\t${e.type}\t${e.passageCount}\t${e.name}${e.aliases.length ? ` (${e.aliases.join(', ')})` : ''}`,
      )
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
      })),
    )
    io.out(JSON.stringify({ entity: page.entity, passageCount: page.passageCount, passages }, null, 2))
    return 0
  }
  io.out(
    `${page.entity.name} (${page.entity.type}) — ${page.passageCount} passage${page.passageCount === 1 ? '' : 's'}`,
  )
  for (const group of page.articles) {
    io.out(
      `\n${group.title}${group.publishedAt ? `, ${group.publishedAt}` : ''}${group.siteName ? `, ${group.siteName}` : ''} [${group.articleId}]`,
    )
    for (const p of group.passages) {
      const tags = p.tags.length ? `\n    tags: ${p.tags.join(', ')}` : ''
      io.out(`  “${p.exact}”${p.note ? `\n    note: ${p.note}` : ''}${tags}`)
    }
  }
  return 0
}

export function runCommand(
  engine: Engine,
  command: string,
  args: string[],
  flags: Flags,
  io: Output,
): number {
  switch (command) {
    case 'import':
      return importCommand(engine, args, io)
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
    case 'tags':
      return tagsCommand(engine, flags, io)
    default:
      throw new CasebookError('invalid_input', `unknown command '${command}' (see --help)`)
  }
}
