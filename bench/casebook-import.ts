import { resolve } from 'node:path'
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

export async function measureCasebookImport(
  articles: Article[],
  archivePath: string,
): Promise<ImportMeasurement> {
  const host = await startCoreHost({ workerFile: WORKER_FILE, archivePath })
  try {
    const monitor = startBlockMonitor()
    const start = performance.now()
    let slowestFileMs = 0
    for (const [i, article] of articles.entries()) {
      const sent = performance.now()
      // A heading line, then the text: the plain-text importer takes the heading as the title.
      const file = `${article.title}\n\n${article.body}\n`
      const result = await host.invoke('import.file', {
        name: `article-${i}.txt`,
        contentBase64: Buffer.from(file, 'utf8').toString('base64'),
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
    if (!info.ok || info.value.articleCount !== articles.length)
      throw new Error(`the archive holds ${info.ok ? info.value.articleCount : '?'} of ${articles.length}`)
    return {
      files: articles.length,
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
