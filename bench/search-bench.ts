import { fork } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import lunr from 'lunr'
import MiniSearch from 'minisearch'
import { storeArticle } from '../src/core/archive/articles'
import { openEngine } from '../src/core/engine'
import { joinBlocks } from '../src/shared/blocks'
import { loadBrownCorpus } from './brown-corpus'

/**
 * `npm run bench:search [-- 1000,10000,50000]`: Casebook's search beside a naive lunr index, MiniSearch and
 * SQLite FTS5, on the same deterministic corpus of real English text, each engine measured in a process of
 * its own so its memory is its own. Prints a Markdown table per size for docs/benchmarks.md.
 *
 * The corpus: the Brown corpus's paragraphs (1M words of real text) dealt into articles of ~800 words in a
 * fixed pseudo-random order, as many as asked for; paragraphs recur across articles beyond ~1,300 articles.
 */

const ENGINES = ['casebook', 'lunr', 'minisearch', 'fts5'] as const
type EngineName = (typeof ENGINES)[number]

const QUERIES: Array<[kind: string, casebook: string, fts5: string]> = [
  ['single word', 'government', 'government'],
  ['two words', 'jury investigation', 'jury investigation'],
  ['phrase', '"united states"', '"united states"'],
  ['prefix', 'educat*', 'educat*'],
  ['fuzzy', 'goverment~1', ''],
  ['field', 'title:report', 'title:report'],
]

interface Article {
  title: string
  body: string
}

function buildCorpus(size: number): Article[] {
  const paragraphs = loadBrownCorpus().flatMap((doc) => doc.text.split('\n\n'))
  // mulberry32: a 32-bit generator in integer arithmetic (a float LCG loses precision and repeats quickly,
  // which made duplicate articles that Casebook, rightly, stored once).
  let seed = 42
  const next = () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return (t ^ (t >>> 14)) >>> 0
  }
  const articles: Article[] = []
  for (let i = 0; i < size; i++) {
    const parts: string[] = []
    let words = 0
    while (words < 800) {
      const paragraph = paragraphs[next() % paragraphs.length] ?? ''
      parts.push(paragraph)
      words += paragraph.split(' ').length
    }
    const title = `${i % 7 === 0 ? 'Report' : 'Article'} ${i}: ${(parts[0] ?? '').split(' ').slice(0, 6).join(' ')}`
    articles.push({ title, body: parts.join('\n\n') })
  }
  return articles
}

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
}

/** Runs each query 20 times after one warm-up; p50 and p95 in ms. */
function measureQueries(run: (q: [string, string, string]) => unknown): Measurement['queries'] {
  const result: Measurement['queries'] = {}
  for (const query of QUERIES) {
    if (run(query) === null) {
      result[query[0]] = null
      continue
    }
    const times: number[] = []
    for (let i = 0; i < 20; i++) times.push(time(() => run(query))[1])
    result[query[0]] = [percentile(times, 0.5), percentile(times, 0.95)]
  }
  return result
}

function measureCasebook(articles: Article[], dir: string): Measurement {
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
    return result.value
  }
  const queries = measureQueries(([, q]) => search(q))
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
  return { build, coldStart, addOne, rssMb: process.memoryUsage().rss / 2 ** 20, queries }
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

function measureLunr(articles: Article[]): Measurement {
  const [json, build] = time(() =>
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
      return index.search(kind === 'phrase' ? q.replace(/"/g, '') : q).slice(0, 20)
    } catch {
      return null
    }
  })
  return { build, coldStart, addOne: build, rssMb: process.memoryUsage().rss / 2 ** 20, queries }
}

function measureMiniSearch(articles: Article[]): Measurement {
  const options = { fields: ['title', 'body'], storeFields: ['title'] }
  const [json, build] = time(() => {
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
    return mini.search(text, searchOptions).slice(0, 20)
  })
  const [, addOne] = time(() => {
    mini.add({ id: -1, title: 'Added', body: 'A zyzzogeton appeared in the harbour this morning.' })
    mini.search('zyzzogeton')
  })
  return { build, coldStart, addOne, rssMb: process.memoryUsage().rss / 2 ** 20, queries }
}

function measureFts5(articles: Article[], dir: string): Measurement {
  const path = join(dir, 'fts.sqlite')
  const [, build] = time(() => {
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
  const queries = measureQueries(([, , q]) => (q ? query.all(q) : null))
  const [, addOne] = time(() => {
    opened.prepare('INSERT INTO docs (title, body) VALUES (?, ?)').run('Added', 'A zyzzogeton appeared.')
    opened.prepare("SELECT rowid FROM docs WHERE docs MATCH 'zyzzogeton'").all()
  })
  opened.close()
  return { build, coldStart, addOne, rssMb: process.memoryUsage().rss / 2 ** 20, queries }
}

function runChild(engine: EngineName, size: number): void {
  const dir = mkdtempSync(join(tmpdir(), `casebook-search-bench-${engine}-`))
  try {
    const articles = buildCorpus(size)
    const measure = {
      casebook: () => measureCasebook(articles, dir),
      lunr: () => measureLunr(articles),
      minisearch: () => measureMiniSearch(articles),
      fts5: () => measureFts5(articles, dir),
    }[engine]
    process.send?.(measure())
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function inChild(engine: EngineName, size: number): Promise<Measurement | string> {
  return new Promise((done) => {
    const child = fork(import.meta.filename, ['--child', engine, String(size)], {
      execArgv: ['--import', 'tsx', '--max-old-space-size=8192'],
    })
    let answer: Measurement | string = 'no answer (crashed or out of memory)'
    child.on('message', (message) => (answer = message as Measurement))
    child.on('exit', () => done(answer))
  })
}

const fmt = (ms: number) => (ms >= 100 ? `${Math.round(ms).toLocaleString('en')} ms` : `${ms.toFixed(1)} ms`)

async function main(): Promise<void> {
  const sizes = (process.argv[2] ?? '1000,10000').split(',').map(Number)
  for (const size of sizes) {
    const results: Partial<Record<EngineName, Measurement | string>> = {}
    for (const engine of ENGINES) {
      process.stderr.write(`${size} articles: ${engine}…\n`)
      results[engine] = await inChild(engine, size)
    }
    console.log(`\n### ${size.toLocaleString('en')} articles (~800 words each)\n`)
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
  }
  console.log(`\nNode ${process.version}, ${new Date().toISOString().slice(0, 10)}, 2 cores`)
}

if (process.argv[2] === '--child') runChild(process.argv[3] as EngineName, Number(process.argv[4]))
else void main()
