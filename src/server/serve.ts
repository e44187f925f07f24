import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { CasebookError } from '../shared/errors'
import { refusalHint } from '../core/backup/refusal-hint'
import { defaultArchivePath } from '../core/default-archive-path'
import { startCoreHost } from '../core/host/core-host'
import { passphraseToOpen, terminalSecrets } from '../cli/terminal-passphrase'
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
  // CASEBOOK_PASSPHRASE, else asked for on this terminal without echo, when the archive is encrypted.
  const passphrase = await passphraseToOpen(archivePath, terminalSecrets())
  const host = await startCoreHost({
    workerFile: resolve(import.meta.dirname, '../core/host/worker.ts'),
    archivePath,
    passphrase,
  }).catch((error: unknown) => {
    // A refused archive: say which backup would bring it back, and how (the refusal says what is wrong).
    if (error instanceof CasebookError && error.code === 'archive_refused')
      throw new CasebookError(error.code, `${error.message}\n${refusalHint(archivePath, { passphrase })}`)
    throw error
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
