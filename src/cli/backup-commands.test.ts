import { spawnSync } from 'node:child_process'
import Database from 'better-sqlite3-multiple-ciphers'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BackupInfo } from '../shared/backups'
import { OWN_FIXTURES, REPO_ROOT, tempDir } from '../core/testing/temp-archive'
import { cliArgs } from './run-cli'

let dir: string
let cleanup: () => void
let archive: string

/** Runs the CLI on the archive in a child process, as a user would (no terminal: nothing to confirm on). */
function casebook(...args: string[]) {
  const run = spawnSync(process.execPath, [...cliArgs(), '--archive', archive, ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  })
  return { code: run.status, stdout: run.stdout, stderr: run.stderr }
}

beforeAll(() => {
  ;({ dir, cleanup } = tempDir())
  archive = join(dir, 'cli.casebook')
})
afterAll(() => cleanup())

describe('the backup commands', () => {
  it('backs up, lists, restores with --yes only, and names the latest good backup when refused', () => {
    expect(casebook('import', join(OWN_FIXTURES, 'harbour-strike.txt')).code).toBe(0)
    const made = casebook('backup')
    expect(made.code).toBe(0)
    const file = made.stdout.trim()
    expect(file).toMatch(/cli\.casebook\.backups\/backup-\d{8}T\d{9}Z\.casebook$/)
    expect(made.stderr).toContain('backed up and checked')

    const listed = casebook('backups', '--json')
    expect(listed.code).toBe(0)
    expect((JSON.parse(listed.stdout) as BackupInfo[]).map((b) => [b.file, b.ok])).toEqual([[file, true]])
    expect(casebook('--help').stdout).toContain('restore <file> [--yes]')

    expect(casebook('import', join(OWN_FIXTURES, 'field-notes.md')).code).toBe(0)
    // No terminal to ask on, no --yes: nothing is replaced.
    const unconfirmed = casebook('restore', file)
    expect(unconfirmed.code).toBe(2)
    expect(unconfirmed.stderr).toContain('confirm with --yes')
    expect(JSON.parse(casebook('articles', '--json').stdout)).toHaveLength(2)

    const restored = casebook('restore', file, '--yes')
    expect(restored.code).toBe(0)
    expect(restored.stderr).toMatch(/the archive as it was is saved as .*before-restore-/)
    expect(JSON.parse(casebook('articles', '--json').stdout)).toHaveLength(1)
    const log = JSON.parse(casebook('log', '--json').stdout) as Array<{ action: string }>
    expect(log.map((e) => e.action)).toContain('backup.restore')
    expect(casebook('check').code).toBe(0)

    // An archive from a newer Casebook is refused, with the backup that brings it back and the command to run.
    const db = new Database(archive)
    db.pragma('user_version = 999')
    db.close()
    const refused = casebook('articles')
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('newer version of Casebook')
    // The newest good one is the archive as it was before the restore (two articles).
    const latest = /The latest good backup is (\S+before-restore-\S+\.casebook) \(made /.exec(
      refused.stderr,
    )?.[1]
    expect(latest).toBeDefined()
    expect(refused.stderr).toContain(`npm run casebook -- --archive ${archive} restore ${latest}`)
    expect(casebook('restore', latest ?? '', '--yes').code).toBe(0)
    expect(JSON.parse(casebook('articles', '--json').stdout)).toHaveLength(2)
  })
})
