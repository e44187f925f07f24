import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { LockState } from '../shared/lock-state'
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
  })
  const shell = await startBrowserShell({
    host,
    staticDir: resolve(repoRoot, 'out/renderer'),
    port: Number(values.port),
  })
  process.stdout.write(`Casebook is running at ${shell.url}\n`)
  process.stderr.write(`Archive: ${archivePath}.${stateLine(host.lockState(), archivePath, passphrase)}\n`)

  const stop = async () => {
    await shell.close()
    await host.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())
}

/** What the terminal hears about an archive that is not simply open. */
function stateLine(state: LockState, archivePath: string, passphrase: string | undefined): string {
  if (state.state === 'locked') return ' It is locked: unlock it in the page. Press Ctrl+C to stop.'
  if (state.state === 'refused')
    return (
      `\nIt was refused, and nothing was written to it: ${state.recovery?.reason ?? ''}\n` +
      `${refusalHint(archivePath, { passphrase })}\nThe page offers its backups. Press Ctrl+C to stop.`
    )
  return ' Press Ctrl+C to stop.'
}

main().catch((error: Error) => {
  process.stderr.write(`Casebook could not start: ${error.message}\n`)
  process.exit(1)
})
