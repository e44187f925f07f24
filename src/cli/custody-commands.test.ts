import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3-multiple-ciphers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AuditEntry } from '../shared/audit-types'
import type { IntegrityReport } from '../shared/integrity-types'
import { entryHash } from '../core/audit/audit-log'
import { OWN_FIXTURES, tempDir } from '../core/testing/temp-archive'
import { runIn } from './run-cli'

let dir: string
let cleanup: () => void
let archive: string

beforeAll(() => {
  ;({ dir, cleanup } = tempDir())
  archive = join(dir, 'custody.casebook')
  const imported = runIn(
    archive,
    'import',
    join(OWN_FIXTURES, 'harbour-strike.txt'),
    join(OWN_FIXTURES, 'field-notes.md'),
  )
  expect(imported.code).toBe(0)
  const articleId = imported.stdout.split('\n')[0]?.split('\t')[2] ?? ''
  const highlighted = runIn(
    archive,
    'highlight',
    articleId,
    '--quote',
    'About 1,400 workers',
    '--entity',
    'Port Veles',
    '--type',
    'place',
  )
  expect(highlighted.code).toBe(0)
})
afterAll(() => cleanup())

describe('the command line: check, log, export audit', () => {
  it('check passes a sound archive (exit 0), and says what it looked at', () => {
    const result = runIn(archive, 'check')
    expect(result.code).toBe(0)
    expect(result.stderr).toMatch(/^ok: quick_check, 2 texts against their SHA-256, 4 audit log entries/)
  })

  it('check --full --json reports as JSON', () => {
    const result = runIn(archive, 'check', '--full', '--json')
    expect(result.code).toBe(0)
    const report = JSON.parse(result.stdout) as IntegrityReport
    expect(report).toMatchObject({ ok: true, full: true, problems: [] })
  })

  it('log --json lists every change, newest first; --subject narrows it', () => {
    const result = runIn(archive, 'log', '--json')
    expect(result.code).toBe(0)
    const entries = JSON.parse(result.stdout) as AuditEntry[]
    expect(entries.map((e) => e.action)).toEqual([
      'highlight.create',
      'entity.create',
      'article.import',
      'article.import',
    ])
    const subject = entries[0]?.subject ?? ''
    const one = JSON.parse(runIn(archive, 'log', '--subject', subject, '--json').stdout) as AuditEntry[]
    expect(one.map((e) => e.action)).toEqual(['highlight.create'])
  })

  it('export audit writes JSON Lines headed by how to verify them, and logs itself', () => {
    const out = join(dir, 'audit.jsonl')
    const result = runIn(archive, 'export', 'audit', '--out', out)
    expect(result.code).toBe(0)
    const [headerLine, ...lines] = readFileSync(out, 'utf8').trim().split('\n')
    const header = JSON.parse(headerLine ?? '') as { entries: number; head: string; howToVerify: string }
    expect(header.howToVerify).toMatch(/SHA-256.*\[seq, at, action, subject, detail, prevHash\]/)
    const entries = lines.map((line) => JSON.parse(line) as AuditEntry)
    expect(entries).toHaveLength(header.entries)
    expect(entries.at(-1)).toMatchObject({ action: 'export.audit', hash: header.head })
    // Verifiable from the file alone.
    let prev = '0'.repeat(64)
    for (const e of entries) {
      expect(e.prevHash).toBe(prev)
      expect(entryHash(e.seq, e.at, e.action, e.subject, e.detail, e.prevHash)).toBe(e.hash)
      prev = e.hash
    }
  })

  it('check exits 1 naming the article when a stored text was changed, and its export refuses', () => {
    const db = new Database(archive)
    db.prepare("UPDATE article_versions SET text = replace(text, '1,400', '1,900')").run()
    db.close()
    const result = runIn(archive, 'check')
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/^text_hash\t“Dock workers end three-day strike at Port Veles” \(article /)
    const exported = runIn(archive, 'export', 'annotations')
    expect(exported.code).toBe(2)
    expect(exported.stderr).toMatch(
      /“Dock workers end three-day strike at Port Veles”.*no longer matches its SHA-256/,
    )
  })
})
