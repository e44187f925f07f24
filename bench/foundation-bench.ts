import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import lunr from 'lunr'
import { openEngine } from '../src/core/engine'
import { importPath } from '../src/core/import/import-paths'
import { textTerms } from '../src/core/search/text-pipeline'
import { loadBrownCorpus } from './brown-corpus'

/**
 * `npm run bench:foundation`: the whole path's costs on real text, beside a naive lunr index (the peer)
 * built from the same documents in the same run. Prints a Markdown table for docs/benchmarks.md.
 */

const QUERIES = [
  'election',
  'jury investigation',
  'church music',
  'atlanta',
  'government policy',
  'fulton county',
]

function ms(start: number): number {
  return performance.now() - start
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`
}

function timeQueries(run: (q: string) => unknown): number {
  const times: number[] = []
  for (let round = 0; round < 5; round++) {
    for (const q of QUERIES) {
      const t = performance.now()
      run(q)
      times.push(ms(t))
    }
  }
  return median(times)
}

const dir = mkdtempSync(join(tmpdir(), 'casebook-bench-'))
const rows: Array<[string, string, string]> = []
try {
  const corpus = loadBrownCorpus()
  const files = join(dir, 'corpus')
  mkdirSync(files)
  for (const doc of corpus) writeFileSync(join(files, `${doc.name}.txt`), doc.text)
  const words = corpus.reduce((n, d) => n + d.text.split(/\s+/).length, 0)
  console.log(`Brown corpus: ${corpus.length} texts, ${words.toLocaleString('en')} words`)

  // 1. The shared real article, as a user imports it.
  const shared = resolve(import.meta.dirname, '../../shared/fixtures/kazakhstan-election-2022.txt')
  if (existsSync(shared)) {
    const engine = openEngine(join(dir, 'fixture.casebook'))
    const t = performance.now()
    importPath(engine.db, shared)
    engine.search.refresh()
    rows.push(['Import the shared fixture article (extract, store, index)', `${ms(t).toFixed(1)} ms`, '—'])
    engine.close()
  }

  // 2. Bulk import through the engine, then build the index segment.
  const archive = join(dir, 'bench.casebook')
  let engine = openEngine(archive)
  let t = performance.now()
  for (const doc of corpus) importPath(engine.db, join(files, `${doc.name}.txt`))
  const importMs = ms(t)
  t = performance.now()
  engine.search.refresh()
  const indexMs = ms(t)
  engine.close()

  // Peer: one naive lunr index with lunr's default pipeline, serialised to JSON, as lunr is usually used.
  t = performance.now()
  const naive = lunr(function () {
    this.ref('id')
    this.field('title')
    this.field('body')
    corpus.forEach((doc) => this.add({ id: doc.name, title: doc.name, body: doc.text }))
  })
  const naiveBuildMs = ms(t)
  const naiveJson = JSON.stringify(naive)

  rows.push([
    `Import ${corpus.length} text files (read, extract, SHA-256, store)`,
    `${importMs.toFixed(0)} ms (${((corpus.length / importMs) * 1000).toFixed(0)} files/s)`,
    '—',
  ])
  rows.push([
    `Build the search index of ${corpus.length} articles`,
    `${indexMs.toFixed(0)} ms`,
    `${naiveBuildMs.toFixed(0)} ms`,
  ])

  // 2b. The same into an encrypted archive (issue 6: SQLCipher 4 pages, PBKDF2 key derivation at open).
  const encrypted = join(dir, 'encrypted.casebook')
  t = performance.now()
  let locked = openEngine(encrypted, { passphrase: 'bench passphrase' })
  const createMs = ms(t)
  t = performance.now()
  for (const doc of corpus) importPath(locked.db, join(files, `${doc.name}.txt`))
  const encryptedImportMs = ms(t)
  t = performance.now()
  locked.search.refresh()
  const encryptedIndexMs = ms(t)
  locked.close()
  t = performance.now()
  locked = openEngine(encrypted, { passphrase: 'bench passphrase' })
  const encryptedOpenMs = ms(t)
  locked.close()
  rows.push([
    `The same, into an encrypted archive: import / index / open`,
    `${encryptedImportMs.toFixed(0)} ms (${((corpus.length / encryptedImportMs) * 1000).toFixed(0)} files/s) / ` +
      `${encryptedIndexMs.toFixed(0)} ms / ${encryptedOpenMs.toFixed(0)} ms (new: ${createMs.toFixed(0)} ms)`,
    '—',
  ])

  // 3. Reopen: load the persisted index, as at each start.
  engine = openEngine(archive)
  t = performance.now()
  engine.search.warm()
  const loadMs = ms(t)
  t = performance.now()
  const naiveLoaded = lunr.Index.load(JSON.parse(naiveJson) as object)
  const naiveLoadMs = ms(t)
  rows.push([
    'Index load at start (persisted, parse + restore)',
    `${loadMs.toFixed(0)} ms`,
    `${naiveLoadMs.toFixed(0)} ms`,
  ])
  const stored = engine.db.prepare('SELECT sum(length(data)) AS n FROM search_segments').get() as {
    n: number
  }
  rows.push(['Index size', mb(stored.n), mb(naiveJson.length)])

  const engineQuery = timeQueries((q) => engine.dispatch('search.query', { query: q, limit: 20 }))
  const naiveQuery = timeQueries((q) =>
    naiveLoaded.query((query) =>
      [...new Set(textTerms(q))].forEach((term) =>
        query.term(term, { presence: lunr.Query.presence.REQUIRED }),
      ),
    ),
  )
  rows.push([
    'Query, median of 30 (Casebook: ranked hits + 20 snippets)',
    `${engineQuery.toFixed(2)} ms`,
    `${naiveQuery.toFixed(2)} ms`,
  ])
  const hits = engine.dispatch('search.query', { query: 'jury investigation' })
  if (!hits.ok) throw new Error(hits.error.message)
  engine.close()
  rows.push(['Peak RSS of this process', mb(process.resourceUsage().maxRSS * 1024), '(same process)'])

  console.log(`\n| step | Casebook | naive lunr (peer) |\n|---|---|---|`)
  for (const [step, ours, peer] of rows) console.log(`| ${step} | ${ours} | ${peer} |`)
  console.log(`\nNode ${process.version}, ${new Date().toISOString().slice(0, 10)}`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
