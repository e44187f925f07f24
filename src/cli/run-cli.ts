import { spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { buildSync } from 'esbuild'
import { REPO_ROOT } from '../core/testing/temp-archive'

/** Test support: the CLI's entry point, run as a user runs it. */
export const CLI_ENTRY = resolve(import.meta.dirname, 'casebook.ts')
const EXTRACT_WORKER_ENTRY = resolve(import.meta.dirname, '../core/import/extract-worker.ts')

let bundle: string | null = null

/**
 * The arguments that start the CLI in a child `node`: the CLI bundled once per test process with esbuild,
 * compiled as tsx would compile it. Starting through tsx costs ~2 s of compiling per run, which made the
 * CLI tests (dozens of runs each) the slowest of the suite and time out on a busy machine. The bundle lives
 * inside the checkout so its packages (the SQLite driver…) resolve from node_modules.
 */
export function cliArgs(): string[] {
  if (!bundle) {
    const dir = join(REPO_ROOT, 'node_modules', '.cache', 'casebook-tests', `cli-${process.pid}`)
    buildSync({
      // The import pool's reading thread is an entry of its own, found beside the CLI's bundle.
      entryPoints: { casebook: CLI_ENTRY, 'extract-worker': EXTRACT_WORKER_ENTRY },
      outdir: dir,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      logLevel: 'error',
    })
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }))
    bundle = join(dir, 'casebook.mjs')
  }
  return [bundle]
}

/** Runs the CLI on an archive in a child process, as a user would. */
export function runIn(archivePath: string, ...args: string[]) {
  const run = spawnSync(process.execPath, [...cliArgs(), '--archive', archivePath, ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  })
  return { code: run.status, stdout: run.stdout, stderr: run.stderr }
}
