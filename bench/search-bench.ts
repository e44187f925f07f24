import { fork } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3-multiple-ciphers'
import lunr from 'lunr'
import MiniSearch from 'minisearch'
import { storeArticle } from '../src/core/archive/articles'
import { openEngine } from '../src/core/engine'
import { joinBlocks } from '../src/shared/blocks'
import type { SearchResults } from '../src/shared/model'
import { buildCorpus, RUSSIAN_EVERY, type Article } from './bench-corpus'
import { measureCasebookImport, type ImportMeasurement } from './casebook-import'
import { monitoredBuild, type BlockReport } from './main-thread-monitor'
import { loadRussianManpages } from './russian-corpus'

/**
 * `npm run bench:search [-- 1000,10000,50000]`: Casebook's search beside a naive lunr index, MiniSearch and
 * SQLite FTS5, on the same deterministic corpus of real text (English, every 10th article Russian: see
 * bench-corpus.ts), each engine measured in a process of its own so its memory is its own. Prints a
 * Markdown table per size for docs/benchmarks.md.
 *
 * The bulk-import row: Casebook imports every article through its worker thread, as the app does, while the
 * main thread is watched (casebook-import.ts); the peers have no worker, so their bulk build runs on the
 * calling thread and is watched the same way (main-thread-monitor.ts).
 */

const ENGINES = ['casebook', 'lunr', 'minisearch', 'fts5'] as const
type EngineName = (typeof ENGINES)[number]

const CYRILLIC = 'файлы'
const CYRILLIC_KIND = `Cyrillic word (${CYRILLIC})`

const QUERIES: Array<[kind: string, casebook: string, fts5: string]> = [
  ['single word', 'government', 'government'],
  ['two words', 'jury investigation', 'jury investigation'],
  ['phrase', '"united states"', '"united states"'],
  ['prefix', 'educat*', 'educat*'],
  ['fuzzy', 'goverment~1', ''],
  ['field', 'title:report', 'title:report'],
  // In the Russian man pages as файл, файла, файлы, файле, файлов, файлу, файлом, файлах: Casebook's Russian
  // stemmer finds them all from one form; the peers, with no Russian stemming, only the form typed.
  [CYRILLIC_KIND, CYRILLIC, CYRILLIC],
]

/** Files in the bulk-import measurement: all of them up to 10k articles, the first 10k beyond. */
const BULK_IMPORT_LIMIT = 10_000

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? 0
}

function time<T>(run: () => T): [T, number] {
  const start = performance.now()
  const value = run()
  return [value, performance.now() - start]
}

interface Measurement {
  build: number
  coldStart: number
  addOne: number
  rssMb: number
  queries: Record<string, [p50: number, p95: number] | null>
  /** Articles the Cyrillic query matched (all of them, not only the first page). */
  cyrillicMatches: number | null
  /** The calling thread's longest block during the bulk import (Casebook) or bulk build (the peers). */
  block: BlockReport
  /** Casebook only: the bulk import through the worker. */
  bulkImport?: ImportMeasurement
}

/**
 * Runs each query 20 times after one warm-up; p50 and p95 in ms. `run` fetches the first 20 results (with
 * snippets where the engine makes them) and returns how many articles matched in all, or null if the engine
 * cannot run the query. `countAll` is true for the warm-up only: an engine that pays extra for the total
 * (FTS5) counts then, outside the timed runs.
 */
function measureQueries(
  run: (q: [string, string, string], countAll: boolean) => number | null,
): Pick<Measurement, 'queries' | 'cyrillicMatches'> {
  const queries: Measurement['queries'] = {}
  let cyrillicMatches: number | null = null
  for (const query of QUERIES) {
    const matches = run(query, true)
    if (query[0] === CYRILLIC_KIND) cyrillicMatches = matches
    if (matches === null) {
      queries[query[0]] = null
      continue
    }
    const times: number[] = []
    for (let i = 0; i < 20; i++) times.push(time(() => run(query, false))[1])
    queries[query[0]] = [percentile(times, 0.5), percentile(times, 0.95)]
  }
  return { queries, cyrillicMatches }
}

async function measureCasebook(articles: Article[], dir: string): Promise<Measurement> {
  const path = join(dir, 'bench.casebook')
  let engine = openEngine(path)
  const stored = articles.filter(
    (a, i) =>
      storeArticle(
        engine.db,
        { ...joinBlocks([{ kind: 'paragraph', text: a.body }]), ...meta(a, i) },
        `a${i}.txt`,
      ).status === 'imported',
  ).length
  if (stored !== articles.length)
    throw new Error(`only ${stored} of ${articles.length} articles were distinct`)
  const [, build] = time(() => engine.search.warm())
  engine.close()
  const [, coldStart] = time(() => {
    engine = openEngine(path)
    const result = engine.dispatch('search.query', { query: 'government', limit: 20 })
    if (!result.ok) throw new Error(result.error.message)
  })
  const search = (q: string) => {
    const result = engine.dispatch('search.query', { query: q, limit: 20 })
    if (!result.ok) throw new Error(result.error.message)
    return result.value as SearchResults
  }
  const queries = measureQueries(([, q]) => search(q).total)
  const [, addOne] = time(() => {
    const extra = { title: 'Added', body: 'A zyzzogeton appeared in the harbour this morning.' }
    storeArticle(
      engine.db,
      { ...joinBlocks([{ kind: 'paragraph', text: extra.body }]), ...meta(extra, -1) },
      'x',
    )
    search('zyzzogeton')
  })
  engine.close()
  // Before the bulk import, whose worker's memory would count in this process's RSS too.
  const rssMb = process.memoryUsage().rss / 2 ** 20
  // The figure is for a 10k bulk import; larger runs import their first 10k the same way.
  const bulkImport = await measureCasebookImport(
    articles.slice(0, BULK_IMPORT_LIMIT),
    join(dir, 'imported.casebook'),
  )
  return { build, coldStart, addOne, rssMb, ...queries, block: bulkImport.block, bulkImport }
}

function meta(article: Article, i: number) {
  return {
    title: article.title,
    byline: null,
    siteName: null,
    sourceUrl: null,
    publishedAt: i >= 0 ? '2020-01-01' : null,
  }
}

async function measureLunr(articles: Article[]): Promise<Measurement> {
  const {
    value: json,
    ms: build,
    block,
  } = await monitoredBuild(() =>
    JSON.stringify(
      lunr(function () {
        this.ref('id')
        this.field('title')
        this.field('body')
        articles.forEach((a, i) => this.add({ id: String(i), ...a }))
      }),
    ),
  )
  const [index, coldStart] = time(() => {
    const loaded = lunr.Index.load(JSON.parse(json) as object)
    loaded.search('government')
    return loaded
  })
  const queries = measureQueries(([kind, q]) => {
    try {
      const results = index.search(kind === 'phrase' ? q.replace(/"/g, '') : q)
      results.slice(0, 20)
      return results.length
    } catch {
      return null
    }
  })
  return { build, coldStart, addOne: build, rssMb: process.memoryUsage().rss / 2 ** 20, ...queries, block }
}

async function measureMiniSearch(articles: Article[]): Promise<Measurement> {
  const options = { fields: ['title', 'body'], storeFields: ['title'] }
  const {
    value: json,
    ms: build,
    block,
  } = await monitoredBuild(() => {
    const mini = new MiniSearch(options)
    mini.addAll(articles.map((a, i) => ({ id: i, ...a })))
    return JSON.stringify(mini)
  })
  const [mini, coldStart] = time(() => {
    const loaded = MiniSearch.loadJSON(json, options)
    loaded.search('government')
    return loaded
  })
  const queries = measureQueries(([kind, q]) => {
    if (kind === 'phrase') return null
    const text = q.replace(/[*~1]/g, '').replace('title:', '')
    const searchOptions = {
      combineWith: 'AND' as const,
      prefix: kind === 'prefix',
      fuzzy: kind === 'fuzzy' ? 1 : false,
      ...(kind === 'field' ? { fields: ['title'] } : {}),
    }
    const results = mini.search(text, searchOptions)
    results.slice(0, 20)
    return results.length
  })
  const [, addOne] = time(() => {
    mini.add({ id: -1, title: 'Added', body: 'A zyzzogeton appeared in the harbour this morning.' })
    mini.search('zyzzogeton')
  })
  return { build, coldStart, addOne, rssMb: process.memoryUsage().rss / 2 ** 20, ...queries, block }
}

async function measureFts5(articles: Article[], dir: string): Promise<Measurement> {
  const path = join(dir, 'fts.sqlite')
  const { ms: build, block } = await monitoredBuild(() => {
    const db = new Database(path)
    db.exec('CREATE VIRTUAL TABLE docs USING fts5(title, body)')
    const insert = db.prepare('INSERT INTO docs (title, body) VALUES (?, ?)')
    db.transaction(() => articles.forEach((a) => insert.run(a.title, a.body)))()
    db.close()
  })
  let db: Database.Database | undefined
  const [, coldStart] = time(() => {
    db = new Database(path)
    db.prepare("SELECT rowid FROM docs WHERE docs MATCH 'government' ORDER BY bm25(docs) LIMIT 20").all()
  })
  if (!db) throw new Error('FTS5 database not opened')
  const opened = db
  const query = opened.prepare(
    "SELECT rowid, title, snippet(docs, 1, '[', ']', '…', 24) AS snippet FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 20",
  )
  const count = opened.prepare('SELECT count(*) AS n FROM docs WHERE docs MATCH ?')
  const queries = measureQueries(([, , q], countAll) => {
    if (!q) return null
    query.all(q)
    return countAll ? (count.get(q) as { n: number }).n : 0
  })
  const [, addOne] = time(() => {
    opened.prepare('INSERT INTO docs (title, body) VALUES (?, ?)').run('Added', 'A zyzzogeton appeared.')
    opened.prepare("SELECT rowid FROM docs WHERE docs MATCH 'zyzzogeton'").all()
  })
  opened.close()
  return { build, coldStart, addOne, rssMb: process.memoryUsage().rss / 2 ** 20, ...queries, block }
}

async function runChild(engine: EngineName, size: number, withRussian: boolean): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), `casebook-search-bench-${engine}-`))
  try {
    const { articles } = buildCorpus(size, withRussian ? loadRussianManpages() : null)
    const measure = {
      casebook: () => measureCasebook(articles, dir),
      lunr: () => measureLunr(articles),
      minisearch: () => measureMiniSearch(articles),
      fts5: () => measureFts5(articles, dir),
    }[engine]
    const measurement = await measure()
    // Wait until the message is out: the host's worker is gone, and nothing else keeps the process alive.
    await new Promise<void>((done) => {
      if (process.send) process.send(measurement, () => done())
      else done()
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function inChild(engine: EngineName, size: number, withRussian: boolean): Promise<Measurement | string> {
  return new Promise((done) => {
    const args = ['--child', engine, String(size), withRussian ? 'ru' : 'en']
    const child = fork(import.meta.filename, args, {
      execArgv: ['--import', 'tsx', '--max-old-space-size=8192'],
    })
    let answer: Measurement | string = 'no answer (crashed or out of memory)'
    child.on('message', (message) => (answer = message as Measurement))
    child.on('exit', () => done(answer))
  })
}

const fmt = (ms: number) => (ms >= 100 ? `${Math.round(ms).toLocaleString('en')} ms` : `${ms.toFixed(1)} ms`)

/** The cell of the bulk-import block: the longer of the two measures (see main-thread-monitor.ts). */
function blockCell(m: Measurement): string {
  const { histogramMaxMs, intervalMaxGapMs } = m.block
  return `${fmt(Math.max(histogramMaxMs, intervalMaxGapMs))} (${m.bulkImport ? 'worker import' : 'build'})`
}

function importCell(m: Measurement): string {
  if (!m.bulkImport) return '—'
  const { files, importMs, slowestFileMs } = m.bulkImport
  return `${fmt(importMs)} (${(importMs / files).toFixed(1)} ms/file; slowest ${fmt(slowestFileMs)})`
}

function searchableCell(m: Measurement): string {
  if (!m.bulkImport) return '—'
  const { searchableAfterMs, searches } = m.bulkImport
  return `${fmt(searchableAfterMs)} (${searches} search${searches === 1 ? '' : 'es'})`
}

async function main(): Promise<void> {
  const sizes = (process.argv[2] ?? '1000,10000').split(',').map(Number)
  // Fetched once here (the first run downloads the package), so the children only read the cache.
  const withRussian = loadRussianManpages() !== null
  for (const size of sizes) {
    const results: Partial<Record<EngineName, Measurement | string>> = {}
    for (const engine of ENGINES) {
      process.stderr.write(`${size} articles: ${engine}…\n`)
      results[engine] = await inChild(engine, size, withRussian)
    }
    const russian = withRussian ? Math.floor(size / RUSSIAN_EVERY) : 0
    console.log(
      `\n### ${size.toLocaleString('en')} articles (~800 words each; ${russian.toLocaleString('en')} of them Russian)\n`,
    )
    console.log(`| | ${ENGINES.join(' | ')} |\n|---|${ENGINES.map(() => '---').join('|')}|`)
    const row = (label: string, cell: (m: Measurement) => string) =>
      console.log(
        `| ${label} | ${ENGINES.map((e) => {
          const m = results[e]
          return typeof m === 'object' ? cell(m) : (m ?? '—')
        }).join(' | ')} |`,
      )
    row('index build (incl. persisting)', (m) => fmt(m.build))
    row('cold start to first result', (m) => fmt(m.coldStart))
    row('one article searchable after import', (m) => fmt(m.addOne))
    row('RSS of the process at the end', (m) => `${Math.round(m.rssMb)} MB`)
    for (const [kind] of QUERIES) {
      row(`query p50 / p95: ${kind}`, (m) => {
        const q = m.queries[kind]
        return q ? `${q[0].toFixed(2)} / ${q[1].toFixed(2)} ms` : 'n/a'
      })
    }
    row(`articles matching ${CYRILLIC}`, (m) => (m.cyrillicMatches ?? 'n/a').toLocaleString('en'))
    const imported = Math.min(size, BULK_IMPORT_LIMIT).toLocaleString('en')
    row(`bulk import of ${imported} files through the worker`, importCell)
    row('all imported articles searchable, after the last file', searchableCell)
    row('main thread longest block during bulk import', blockCell)
  }
  console.log(
    `\nNode ${process.version}, ${new Date().toISOString().slice(0, 10)}, ${cpus()[0]?.model ?? 'unknown CPU'}, ` +
      `${availableParallelism()} cores, ${Math.round(totalmem() / 2 ** 30)} GB`,
  )
}

if (process.argv[2] === '--child')
  void runChild(process.argv[3] as EngineName, Number(process.argv[4]), process.argv[5] === 'ru')
else void main()
