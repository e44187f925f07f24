import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { CasebookError } from '../shared/errors'
import { defaultArchivePath } from '../core/default-archive-path'
import { defaultExtractionThreads } from '../core/import/extraction-pool'
import { backupCommand, backupsCommand, openEngineOrExplain, restoreCommand } from './backup-commands'
import { runCommand, USAGE, type Output } from './commands'
import { isKeyCommand, keyCommand } from './key-commands'
import { passphraseToOpen, terminalSecrets } from './terminal-passphrase'

/**
 * `npm run casebook -- [--archive <file>] <command> …`: batch work and scripting on the same engine, the
 * same validation and the same rules as the app. Exit codes: 0 done, 1 some input failed, 2 usage or archive error.
 */
async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      archive: { type: 'string' },
      json: { type: 'boolean', default: false },
      limit: { type: 'string' },
      quote: { type: 'string' },
      note: { type: 'string' },
      entity: { type: 'string' },
      type: { type: 'string' },
      occurrence: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      source: { type: 'string' },
      highlighted: { type: 'boolean', default: false },
      tag: { type: 'string', multiple: true },
      format: { type: 'string' },
      out: { type: 'string' },
      'version-of': { type: 'string' },
      status: { type: 'string' },
      subject: { type: 'string' },
      full: { type: 'boolean', default: false },
      yes: { type: 'boolean', default: false },
      add: { type: 'string' },
      into: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  const [command, ...args] = positionals
  if (values.help || !command || command === 'help') {
    process.stdout.write(USAGE)
    return command || values.help ? 0 : 2
  }
  const archivePath = resolve(values.archive ?? defaultArchivePath())
  mkdirSync(dirname(archivePath), { recursive: true })
  const io: Output = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    // On a terminal only: a pipe or a log file gets the one line per file, not a stream of redraws.
    ...(process.stderr.isTTY
      ? {
          progress: (line: string) =>
            process.stderr.write(
              `\r\x1b[2K${line.slice(0, Math.max(40, (process.stderr.columns || 80) - 1))}`,
            ),
        }
      : {}),
  }
  // encrypt, decrypt and rekey rewrite the archive's file, so they too run with no engine open.
  if (isKeyCommand(command)) return keyCommand(command, archivePath, args, terminalSecrets(), io)
  // From CASEBOOK_PASSPHRASE, else asked for without echo — only when the archive is encrypted.
  const passphrase = await passphraseToOpen(archivePath, terminalSecrets())
  // A restore replaces the archive's file, so it runs with no engine open (and on a refused archive too).
  if (command === 'restore') return restoreCommand(archivePath, args, values, io, { passphrase })
  const engine = openEngineOrExplain(archivePath, { passphrase, importThreads: defaultExtractionThreads() })
  try {
    if (command === 'backup' && args.length === 0) return await backupCommand(engine, io)
    if (command === 'backups') return backupsCommand(engine, values, io)
    return await runCommand(engine, command, args, values, io)
  } finally {
    engine.close()
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    const message =
      error instanceof CasebookError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    process.stderr.write(`casebook: ${(error as Error).message}\n`)
    if (!message) process.stderr.write(USAGE)
    process.exitCode = 2
  },
)
