import { writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3-multiple-ciphers'
import { afterEach, describe, expect, it } from 'vitest'
import { CasebookError } from '../../shared/errors'
import { MERGE_COUNT } from '../search/merge-policy'
import { ownFixture, tempDir } from '../testing/temp-archive'
import { startCoreHost, type CoreHost } from './core-host'

const workerFile = resolve(import.meta.dirname, 'worker.ts')
let cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanups) await c()
  cleanups = []
})

async function start(archivePath: string): Promise<CoreHost> {
  const host = await startCoreHost({ workerFile, archivePath })
  cleanups.unshift(() => host.close())
  return host
}

describe('the core host (engine in a worker thread)', () => {
  it('answers contract calls from the worker and keeps data across restarts', async () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const archivePath = join(dir, 'a.casebook')
    const host = await start(archivePath)
    expect(host.info).toMatchObject({ path: archivePath, articleCount: 0 })
    const imported = await host.invoke('import.file', {
      name: 'harbour-strike.txt',
      contentBase64: ownFixture('harbour-strike.txt').toString('base64'),
    })
    expect(imported).toMatchObject({ ok: true, value: { status: 'imported' } })
    const found = await host.invoke('search.query', { query: 'harbour' })
    expect(found.ok && found.value.total).toBe(1)
    // Bad input is refused by the worker's parsing, as an envelope, not an exception.
    expect(await host.invokeRaw('articles.get', { id: 42 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    })
    expect(await host.invokeRaw('fs.readFile', { path: '/etc/passwd' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    })
    await host.close()
    const again = await start(archivePath)
    expect(again.info.articleCount).toBe(1)
  })

  it('indexes imported articles in the background without a search, keeping few segments', async () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const archivePath = join(dir, 'bulk.casebook')
    const host = await start(archivePath)
    for (let i = 0; i < 40; i++) {
      const text = `Observer report ${i}\n\nThe observers counted the ballots at station ${i} by hand.\n`
      const reply = await host.invoke('import.file', {
        name: `report-${i}.txt`,
        contentBase64: Buffer.from(text).toString('base64'),
      })
      expect(reply.ok).toBe(true)
    }
    // Read from a connection of its own, without asking the engine to search (a search indexes by itself).
    const reader = new Database(archivePath, { readonly: true })
    cleanups.push(() => void reader.close())
    const indexed = () =>
      reader
        .prepare('SELECT count(*) AS docs, count(DISTINCT segment_id) AS segments FROM search_documents')
        .get() as {
        docs: number
        segments: number
      }
    const deadline = Date.now() + 10_000
    while (indexed().docs < 40 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    await new Promise((r) => setTimeout(r, 300)) // let any merge due run
    expect(indexed().docs).toBe(40)
    // Not one segment per file: merges by tiers (merge-policy.ts) leave fewer than six per tier of size,
    // and 40 documents span three tiers (1–5, 6–35, 36–215).
    expect(indexed().segments).toBeLessThanOrEqual(3 * (MERGE_COUNT - 1))
  })

  it('rejects with the refusal when the archive is not a Casebook archive', async () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const archivePath = join(dir, 'not-an-archive.casebook')
    writeFileSync(archivePath, 'plain text')
    const failure = await startCoreHost({ workerFile, archivePath }).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(CasebookError)
    expect((failure as CasebookError).code).toBe('archive_refused')
    expect((failure as Error).message).toContain('not-an-archive.casebook')
  })
})
