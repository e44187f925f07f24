import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { REPO_ROOT } from '../core/testing/temp-archive'

/** Test support: the CLI's entry point, run as a user runs it. */
export const CLI_ENTRY = resolve(import.meta.dirname, 'casebook.ts')

/** Runs the CLI on an archive in a child process, as a user would. */
export function runIn(archivePath: string, ...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', CLI_ENTRY, '--archive', archivePath, ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  })
  return { code: run.status, stdout: run.stdout, stderr: run.stderr }
}
