import { spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { sha256Hex } from '../core/hash'
import { openEngine } from '../core/engine'
import { REPO_ROOT, tempDir } from '../core/testing/temp-archive'
import { cliArgs } from './run-cli'

/**
 * An import acknowledged to the user survives `kill -9` at any moment, and an interrupted bulk import
 * resumes without duplicates (issue 6, "Crash safety"). Many rounds: each starts the real CLI on the same
 * folder, kills it after a few acknowledged files or a random moment, and checks the archive.
 *
 * The CLI runs bundled (run-cli.ts), without tsx's ~2 s start-up, so 50 rounds fit in a test run;
 * `CASEBOOK_CRASH_ROUNDS=500 npx vitest run src/cli/crash-rounds.test.ts` runs more.
 */

const ROUNDS = Number(process.env.CASEBOOK_CRASH_ROUNDS ?? 50)
const FILES = 160

const { dir, cleanup } = tempDir('casebook-crash-')

afterAll(() => cleanup())

/** A small deterministic generator, so a failing round can be replayed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

interface Round {
  acknowledged: Array<{ file: string; id: string }>
  killed: boolean
}

/** Runs the CLI's bulk import; kills it after `afterAcks` acknowledged files or `afterMs`, whichever first. */
function importRound(archive: string, folder: string, afterAcks: number, afterMs: number): Promise<Round> {
  const child = spawn(process.execPath, [...cliArgs(), '--archive', archive, 'import', folder], {
    cwd: REPO_ROOT,
  })
  const acknowledged: Round['acknowledged'] = []
  let buffered = ''
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
  const timer = setTimeout(kill, afterMs)
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8')
    const lines = buffered.split('\n')
    buffered = lines.pop() ?? ''
    for (const line of lines) {
      const [status, file, id] = line.split('\t')
      if (status === 'imported' && file && id) acknowledged.push({ file, id })
    }
    if (acknowledged.length >= afterAcks) kill()
  })
  return new Promise((done) =>
    child.on('exit', () => {
      clearTimeout(timer)
      done({ acknowledged, killed: child.signalCode === 'SIGKILL' })
    }),
  )
}

describe('bulk import under kill -9', () => {
  it(`keeps every acknowledged article whole through ${ROUNDS} kills, and resumes without duplicates`, async () => {
    const folder = join(dir, 'inbox')
    mkdirSync(folder)
    for (let i = 0; i < FILES; i++) {
      const name = `dispatch-${String(i).padStart(3, '0')}`
      const body = `Dispatch ${i}\n\n${`Observers at polling station ${i} counted the ballots again. `.repeat(120)}`
      writeFileSync(join(folder, `${name}.txt`), body)
    }
    const archive = join(dir, 'crashed.casebook')
    const random = seeded(6)
    const everAcknowledged = new Map<string, string>()
    let kills = 0
    for (let round = 0; round < ROUNDS; round++) {
      // Killed at any moment: after 1–3 acknowledged files, or before the first (even while opening).
      const result = await importRound(archive, folder, 1 + Math.floor(random() * 3), 30 + random() * 600)
      if (result.killed) kills++
      for (const { file, id } of result.acknowledged) everAcknowledged.set(file, id)

      const engine = openEngine(archive)
      try {
        expect(engine.db.pragma('quick_check', { simple: true }), `round ${round}`).toBe('ok')
        const stored = engine.db.prepare(
          `SELECT v.text, v.sha256 FROM articles a JOIN article_versions v ON v.id = a.current_version_id
            WHERE a.id = ? AND a.deleted_at IS NULL`,
        )
        for (const [file, id] of everAcknowledged) {
          const row = stored.get(id) as { text: string; sha256: string } | undefined
          expect(
            row,
            `round ${round}: ${file} was acknowledged as ${id} but is not in the archive`,
          ).toBeDefined()
          // Whole: the text is the file's, byte for byte as hashed when it was stored.
          expect(sha256Hex(row!.text), `round ${round}: ${file}`).toBe(row!.sha256)
          expect(row!.text, file).toContain(`Dispatch ${Number(/(\d+)\.txt$/.exec(file)?.[1])}`)
        }
      } finally {
        engine.close()
      }
    }
    expect(kills, 'most rounds must really be killed part-way').toBeGreaterThan(ROUNDS * 0.8)

    // The last run finishes the folder: every file once, none twice.
    const last = await importRound(archive, folder, Number.POSITIVE_INFINITY, 600_000)
    expect(last.killed).toBe(false)
    const engine = openEngine(archive)
    try {
      const counts = engine.db
        .prepare(
          `SELECT count(*) AS articles, count(DISTINCT v.sha256) AS texts
             FROM articles a JOIN article_versions v ON v.id = a.current_version_id WHERE a.deleted_at IS NULL`,
        )
        .get() as { articles: number; texts: number }
      expect(counts).toEqual({ articles: FILES, texts: FILES })
      expect(engine.db.pragma('integrity_check', { simple: true })).toBe('ok')
      // The search index catches up with what was stored but never indexed before a kill.
      const found = engine.dispatch('search.query', { query: 'observers', limit: 1 })
      expect(found.ok && (found.value as { total: number }).total).toBe(FILES)
    } finally {
      engine.close()
    }
  }, 600_000)
})
