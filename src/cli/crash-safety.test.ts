import { spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openEngine } from '../core/engine'
import { REPO_ROOT, tempDir } from '../core/testing/temp-archive'

const { dir, cleanup } = tempDir()
afterAll(() => cleanup())

describe('an import killed part-way', () => {
  it('keeps every article it had reported imported (kill -9 after a few files)', async () => {
    const folder = join(dir, 'inbox')
    mkdirSync(folder)
    for (let i = 0; i < 400; i++) {
      const body = `Dispatch ${i}\n\n${`Observers at station ${i} reported the count in detail. `.repeat(200)}`
      writeFileSync(join(folder, `dispatch-${String(i).padStart(3, '0')}.txt`), body)
    }
    const archive = join(dir, 'killed.casebook')
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        resolve(import.meta.dirname, 'casebook.ts'),
        '--archive',
        archive,
        'import',
        folder,
      ],
      { cwd: REPO_ROOT },
    )
    const reported: string[] = []
    let buffered = ''
    await new Promise<void>((done) => {
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('utf8')
        const lines = buffered.split('\n')
        buffered = lines.pop() ?? ''
        for (const line of lines) if (line.startsWith('imported\t')) reported.push(line.split('\t')[2] ?? '')
        if (reported.length >= 5 && child.exitCode === null) child.kill('SIGKILL')
      })
      child.on('exit', () => done())
    })
    expect(child.signalCode).toBe('SIGKILL')
    expect(reported.length).toBeGreaterThanOrEqual(5)
    expect(reported.length).toBeLessThan(400)

    const engine = openEngine(archive)
    try {
      const stored = new Set(
        (engine.db.prepare('SELECT id FROM articles WHERE deleted_at IS NULL').all() as { id: string }[]).map(
          (r) => r.id,
        ),
      )
      for (const id of reported) expect(stored.has(id)).toBe(true)
      // The index catches up with what was imported but never indexed.
      const found = engine.dispatch('search.query', { query: 'observers', limit: 1 })
      expect(found.ok && (found.value as { total: number }).total).toBe(stored.size)
    } finally {
      engine.close()
    }
  })
})
