import { fork } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { startCoreHost } from '../src/core/host/core-host'
import type { Article } from './bench-corpus'
import { startBlockMonitor, type BlockReport } from './main-thread-monitor'

/**
 * A bulk import as the app does it: the engine in its worker thread (CoreHost, as in Electron's main
 * process and the browser shell), one `import.file` call at a time as the renderer sends them (a .txt file's
 * bytes in base64), while this thread — standing for the one that serves the UI — is watched for blocks.
 * Then searches are sent until one reports no article left unindexed, as a user waiting for results would.
 */

const WORKER_FILE = resolve(import.meta.dirname, '../src/core/host/worker.ts')

export interface ImportMeasurement {
  files: number
  /** From the first file sent to the last file's reply. */
  importMs: number
  /** The longest wait for one file's reply: how long the worker kept the UI waiting (not blocked). */
  slowestFileMs: number
  /** From the last file's reply until a search reports every article searchable. */
  searchableAfterMs: number
  /** Searches sent until then (each one may index a slice of the backlog in the worker). */
  searches: number
  block: BlockReport
}

/**
 * Writes the articles out as .txt files, then imports them in a fresh process: the bench's own process
 * holds the whole corpus, and its garbage collector's pauses (over 100 ms with 10k articles in memory)
 * would be measured as blocks of a main thread that, in the app, holds none of it.
 */
export async function measureCasebookImport(
  articles: Article[],
  archivePath: string,
): Promise<ImportMeasurement> {
  const filesDir = `${archivePath}.files`
  mkdirSync(filesDir, { recursive: true })
  articles.forEach((article, i) => {
    // A heading line, then the text: the plain-text importer takes the heading as the title.
    writeFileSync(join(filesDir, fileName(i)), `${article.title}\n\n${article.body}\n`)
  })
  try {
    return await new Promise((done, fail) => {
      const child = fork(
        import.meta.filename,
        ['--import-child', filesDir, String(articles.length), archivePath],
        {
          execArgv: ['--import', 'tsx'],
        },
      )
      let answer: ImportMeasurement | null = null
      child.on('message', (message) => (answer = message as ImportMeasurement))
      child.on('exit', (code) =>
        answer ? done(answer) : fail(new Error(`the import process ended (${code}) without a measurement`)),
      )
    })
  } finally {
    rmSync(filesDir, { recursive: true, force: true })
  }
}

function fileName(i: number): string {
  return `article-${i}.txt`
}

async function importFolder(
  filesDir: string,
  count: number,
  archivePath: string,
): Promise<ImportMeasurement> {
  const host = await startCoreHost({ workerFile: WORKER_FILE, archivePath })
  try {
    const monitor = startBlockMonitor()
    const start = performance.now()
    let slowestFileMs = 0
    for (let i = 0; i < count; i++) {
      const sent = performance.now()
      const result = await host.invoke('import.file', {
        name: fileName(i),
        contentBase64: readFileSync(join(filesDir, fileName(i))).toString('base64'),
      })
      slowestFileMs = Math.max(slowestFileMs, performance.now() - sent)
      if (!result.ok) throw new Error(`import of article ${i} failed: ${result.error.message}`)
      if (result.value.status !== 'imported')
        throw new Error(`article ${i} was not imported: ${result.value.status} ${result.value.message ?? ''}`)
    }
    const imported = performance.now()
    let searches = 0
    for (;;) {
      searches++
      const found = await host.invoke('search.query', { query: 'government', limit: 20 })
      if (!found.ok) throw new Error(found.error.message)
      if (found.value.unindexed === 0) break
    }
    const searchable = performance.now()
    const block = await monitor.stop()
    const info = await host.invoke('archive.info', {})
    if (!info.ok || info.value.articleCount !== count)
      throw new Error(`the archive holds ${info.ok ? info.value.articleCount : '?'} of ${count}`)
    return {
      files: count,
      importMs: imported - start,
      slowestFileMs,
      searchableAfterMs: searchable - imported,
      searches,
      block,
    }
  } finally {
    await host.close()
  }
}

if (process.argv[2] === '--import-child') {
  const [filesDir = '', count = '0', archivePath = ''] = process.argv.slice(3)
  void importFolder(filesDir, Number(count), archivePath).then((measurement) => process.send?.(measurement))
}
