import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { defaultArchivePath } from '../core/default-archive-path'
import { startCoreHost } from '../core/host/core-host'
import { startBrowserShell } from './browser-shell'

/** `npm run serve [-- --archive <file>] [--port <n>]`: the browser shell on 127.0.0.1. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { archive: { type: 'string' }, port: { type: 'string', default: '0' } },
    allowPositionals: false,
  })
  const archivePath = resolve(values.archive ?? defaultArchivePath())
  mkdirSync(dirname(archivePath), { recursive: true })
  const repoRoot = resolve(import.meta.dirname, '../..')
  const host = await startCoreHost({
    workerFile: resolve(import.meta.dirname, '../core/host/worker.ts'),
    archivePath,
  })
  const shell = await startBrowserShell({
    host,
    staticDir: resolve(repoRoot, 'out/renderer'),
    port: Number(values.port),
  })
  process.stdout.write(`Casebook is running at ${shell.url}\n`)
  process.stderr.write(`Archive: ${archivePath}. Press Ctrl+C to stop.\n`)

  const stop = async () => {
    await shell.close()
    await host.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())
}

main().catch((error: Error) => {
  process.stderr.write(`Casebook could not start: ${error.message}\n`)
  process.exit(1)
})
