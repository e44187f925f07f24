import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { entityExportArchive } from '../core/export/entities-test-archive'
import { runIn } from './run-cli'

// An archive with entities of every type and relations with evidence, built through the engine (the CLI
// has no command for relations yet), then closed and used by the CLI as a user would.
let archive: ReturnType<typeof entityExportArchive>
beforeAll(() => {
  archive = entityExportArchive()
  archive.engine.close()
})
afterAll(() => archive.cleanup())

const run = (...args: string[]) => runIn(archive.path, ...args)

describe('the casebook command line: entity pages and the entity export (issue 5)', () => {
  it('exports the entities as FollowTheMoney to a file, saying what it left out', () => {
    const out = join(archive.dir, 'entities.ftm.json')
    const result = run('export', 'entities', '--format', 'ftm', '--out', out)
    expect(result).toMatchObject({ code: 0, stdout: '' })
    expect(result.stderr).toBe(
      `11 entities with their relations and passages written to ${out}\n` +
        '1 entity of a type FollowTheMoney has no schema for (a law…) left out, with their relations; ' +
        'the CSV export has them\n',
    )
    const lines = readFileSync(out, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; schema: string })
    expect(lines.find((l) => l.id === archive.entities.reimer.id)?.schema).toBe('Person')
    expect(lines.find((l) => l.id === archive.relations.leads.id)?.schema).toBe('Directorship')
  })

  it('prints the CSV by default, and refuses a format it does not write (exit 2)', () => {
    const printed = run('export', 'entities')
    expect(printed.code).toBe(0)
    expect(printed.stdout.startsWith('\uFEFFrecord,id,type,custom type,name,')).toBe(true)
    expect(printed.stdout).toContain(`relation,${archive.relations.leads.id},leads,`)
    expect(run('export', 'entities', '--format', 'pdf')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--format must be one of csv, ftm'),
    })
    expect(run('export', 'everything')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('export needs “annotations”, “report”, “entities” or “audit”'),
    })
    // Both exports are in the audit log.
    const log = JSON.parse(run('log', '--json').stdout) as Array<{
      action: string
      detail: { format?: string }
    }>
    expect(log.filter((e) => e.action === 'export.entities').map((e) => e.detail.format)).toEqual([
      'csv',
      'ftm',
    ])
  })

  it('gives the entity page as data with its relations, the entities appearing with it and its places', () => {
    const { reimer, league, kazakhstan, georgia } = archive.entities
    const page = JSON.parse(run('entity', 'Roman Reimer', '--json').stdout) as {
      passageCount: number
      articleCount: number
      relations: Array<{
        label: string
        subject: { id: string }
        object: { name: string }
        evidence: Array<{ quote: string; title: string }>
      }>
      coOccurring: Array<{ id: string; name: string; passages: number }>
      timeline: Array<{ kind: string; date: string }>
    }
    expect(page).toMatchObject({ passageCount: 3, articleCount: 2 })
    expect(page.relations.map((r) => `${r.label} ${r.object.name}`).sort()).toEqual([
      'leads League of Young Voters',
      'member of Snap presidential election',
      'took part in January unrest',
      'works for League of Young Voters',
    ])
    expect(page.relations.find((r) => r.label === 'leads')).toMatchObject({
      subject: { id: reimer.id },
      evidence: [
        {
          quote: 'Roman Reimer, who leads the League of Young Voters',
          title: 'Observers detained in Almaty',
        },
      ],
    })
    expect(page.coOccurring).toContainEqual(expect.objectContaining({ id: league.id, passages: 1 }))
    expect(page.timeline.map((t) => t.kind)).toContain('event')

    const place = JSON.parse(run('entity', 'Almaty', '--json').stdout) as {
      parent: { id: string } | null
      relations: Array<{ label: string }>
    }
    expect(place.parent?.id).toBe(kazakhstan.id)
    expect(place.relations.map((r) => r.label)).toEqual(['located in'])
    const country = JSON.parse(run('entity', 'United States', '--json').stdout) as {
      children: Array<{ id: string }>
    }
    expect(country.children.map((c) => c.id)).toEqual([georgia.id])
  })

  it('shows relations, places and the entities appearing with it on the text page too', () => {
    const text = run('entity', 'Roman Reimer').stdout
    expect(text).toMatch(/^Roman Reimer \(person\) — 3 passages\n/)
    expect(text).toContain('\nRelations\n  Roman Reimer — leads → League of Young Voters (1 passage)\n')
    expect(text).toMatch(/\nAppears with\n( {2}.*\n)*? {2}League of Young Voters \(organisation\): 1 article/)
    expect(run('entity', 'Almaty').stdout).toMatch(/^Almaty \(place\) — 1 passage\nin Казахстан\n/)
    expect(run('entity', 'United States').stdout).toContain('\nPlaces in it: Georgia\n')
    // A type of the user's own is shown instead of "other", as in the app.
    expect(run('entities').stdout).toMatch(/\tlaw\t1\tLaw on Assemblies\n/)
    expect(run('entity', 'Law on Assemblies').stdout).toMatch(/^Law on Assemblies \(law\) — 1 passage/)
  })
})
