import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../core/testing/temp-archive'
import { runIn } from './run-cli'

let dir = ''
let cleanup = () => {}
beforeAll(() => ({ dir, cleanup } = tempDir()))
afterAll(() => cleanup())

describe('the casebook command line: aliases and merges (issue 5)', () => {
  it('adds an alias, merges one entity into another, and undoes the merge', () => {
    const archive = join(dir, 'entities.casebook')
    const file = join(dir, 'vote.txt')
    writeFileSync(
      file,
      'Tokayev wins the vote\n\nPresident Tokayev won the snap election.\nТокаев thanked the voters on Monday.\n',
    )
    const imported = runIn(archive, 'import', file)
    expect(imported.code).toBe(0)
    const articleId = imported.stdout.split('\t')[2] ?? ''
    const mark = (quote: string, entity: string) =>
      runIn(archive, 'highlight', articleId, '--quote', quote, '--entity', entity, '--type', 'person')
    expect(mark('President Tokayev won the snap election', 'Kassym-Jomart Tokayev').code).toBe(0)
    expect(mark('Токаев thanked the voters', 'Токаев').code).toBe(0)

    const alias = runIn(archive, 'alias', 'Kassym-Jomart Tokayev', '--add', 'Tokayev')
    expect(alias).toMatchObject({ code: 0, stdout: 'Kassym-Jomart Tokayev: Tokayev\n' })
    // The alias names the entity from now on.
    expect(runIn(archive, 'entity', 'Tokayev').stdout).toMatch(
      /^Kassym-Jomart Tokayev \(person\) — 1 passage/,
    )

    const merged = runIn(archive, 'merge', 'Токаев', '--into', 'Tokayev')
    expect(merged.code).toBe(0)
    const mergeId = merged.stdout.trim()
    expect(merged.stderr).toContain(
      `merged “Токаев” into “Kassym-Jomart Tokayev”: 1 passage moved; undo with: unmerge ${mergeId}`,
    )
    const page = JSON.parse(runIn(archive, 'entity', 'Токаев', '--json').stdout) as {
      entity: { name: string; aliases: string[] }
      passageCount: number
    }
    expect(page.entity).toMatchObject({ name: 'Kassym-Jomart Tokayev', aliases: ['Tokayev', 'Токаев'] })
    expect(page.passageCount).toBe(2)

    // Both passages are linked now: only the headline names him without a link.
    expect(JSON.parse(runIn(archive, 'mentions', 'Tokayev', '--json').stdout)).toEqual([
      { articleId, title: 'Tokayev wins the vote', text: 'Tokayev', start: 0, end: 7 },
    ])

    const undone = runIn(archive, 'unmerge', mergeId)
    expect(undone.code).toBe(0)
    expect(undone.stdout).toMatch(/\tТокаев\n$/)
    expect(runIn(archive, 'entity', 'Токаев').stdout).toMatch(/^Токаев \(person\) — 1 passage/)
    expect(runIn(archive, 'entity', 'Tokayev').stdout).toMatch(
      /^Kassym-Jomart Tokayev \(person\) — 1 passage/,
    )
  })

  it('says what is wrong with a merge or an alias it cannot make (exit 2, as for every refused command)', () => {
    const archive = join(dir, 'empty.casebook')
    expect(runIn(archive, 'merge', 'Nobody', '--into', 'Somebody')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('no entity named “Nobody”'),
    })
    expect(runIn(archive, 'merge', 'Nobody')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('merge needs <name> --into <name>'),
    })
    expect(runIn(archive, 'alias', 'Nobody')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('alias needs <name> --add <alias>'),
    })
    expect(runIn(archive, 'unmerge', '01a22400-0000-7000-8000-000000000000')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('no merge with id'),
    })
  })
})
