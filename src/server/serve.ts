import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { CasebookError } from '../shared/errors'
import { refusalHint } from '../core/backup/refusal-hint'
import { defaultArchivePath } from '../core/default-archive-path'
import { archiveEncryption, normalisePassphrase } from '../core/db/encryption-state'
import { startArchiveHost } from '../core/host/archive-host'
import { PASSPHRASE_ENV, passphraseToOpen, terminalSecrets } from '../cli/terminal-passphrase'
import { startBrowserShell } from './browser-shell'

/**
 * `npm run serve [-- --archive <file>] [--port <n>] [--prompt] [--idle-lock-seconds <n>]`: the browser shell
 * on 127.0.0.1.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      archive: { type: 'string' },
      port: { type: 'string', default: '0' },
      prompt: { type: 'boolean', default: false },
      'idle-lock-seconds': { type: 'string' },
    },
    allowPositionals: false,
  })
  const archivePath = resolve(values.archive ?? defaultArchivePath())
  mkdirSync(dirname(archivePath), { recursive: true })
  const repoRoot = resolve(import.meta.dirname, '../..')
  // An encrypted archive opens with CASEBOOK_PASSPHRASE (scripts), or with --prompt from this terminal without
  // echo; otherwise the shell starts locked and the page asks, as the desktop app does: someone who opens
  // the printed link expects to unlock there, not to hunt for the terminal that started the server.
  const askHere =
    values.prompt ||
    normalisePassphrase(process.env[PASSPHRASE_ENV]) !== undefined ||
    archiveEncryption(archivePath) !== 'encrypted'
  const passphrase = askHere ? await passphraseToOpen(archivePath, terminalSecrets()) : undefined
  const idleSeconds = values['idle-lock-seconds']
  const host = await startArchiveHost({
    workerFile: resolve(import.meta.dirname, '../core/host/worker.ts'),
    archivePath,
    passphrase,
    // Overrides the archive's own setting: for tests and demos that cannot wait minutes.
    ...(idleSeconds !== undefined
      ? { idleLockMsOverride: Number(idleSeconds) * 1000, idleCheckMs: 250 }
      : {}),
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
  const locked = host.lockState().state === 'locked' ? ' It is locked: unlock it in the page.' : ''
  process.stderr.write(`Archive: ${archivePath}.${locked} Press Ctrl+C to stop.\n`)

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
