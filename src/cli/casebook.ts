import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { CasebookError } from '../shared/errors'
import { defaultArchivePath } from '../core/default-archive-path'
import { openEngine } from '../core/engine'
import { runCommand, USAGE } from './commands'

/**
 * `npm run casebook -- [--archive <file>] <command> …`: batch work and scripting on the same engine, the
 * same validation and the same rules as the app. Exit codes: 0 done, 1 some input failed, 2 usage or archive error.
 */
function main(argv: string[]): number {
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
  const engine = openEngine(archivePath)
  try {
    return runCommand(engine, command, args, values, {
      out: (line) => process.stdout.write(`${line}\n`),
      err: (line) => process.stderr.write(`${line}\n`),
    })
  } finally {
    engine.close()
  }
}

try {
  process.exitCode = main(process.argv.slice(2))
} catch (error) {
  const message =
    error instanceof CasebookError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
  process.stderr.write(`casebook: ${(error as Error).message}\n`)
  if (!message) process.stderr.write(USAGE)
  process.exitCode = 2
}
