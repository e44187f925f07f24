import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OWN_FIXTURES, SHARED_ARTICLE, SHARED_AVAILABLE, tempDir } from '../core/testing/temp-archive'
import { cliArgs, runIn } from './run-cli'

let dir: string
let cleanup: () => void
let archive: string

function casebook(...args: string[]) {
  return runIn(archive, ...args)
}

beforeAll(() => {
  ;({ dir, cleanup } = tempDir())
  archive = join(dir, 'cli.casebook')
})
afterAll(() => cleanup())

describe('the casebook command line', () => {
  let strikeId = ''

  it('imports a folder recursively, one line per file, and exits 1 naming a broken file', () => {
    const folder = join(dir, 'inbox')
    mkdirSync(join(folder, 'nested'), { recursive: true })
    copyFileSync(join(OWN_FIXTURES, 'harbour-strike.txt'), join(folder, 'harbour-strike.txt'))
    copyFileSync(join(OWN_FIXTURES, 'saved-page.html'), join(folder, 'nested', 'saved-page.html'))
    writeFileSync(join(folder, 'nested', 'garbled.txt'), Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x00, 0x00]))
    writeFileSync(join(folder, 'photo.jpg'), 'inside a folder, not an importable type: skipped')
    const result = casebook('import', folder, join(OWN_FIXTURES, 'field-notes.md'))
    expect(result.code).toBe(1)
    const lines = result.stdout.trim().split('\n')
    expect(lines).toHaveLength(5)
    expect(lines.filter((l) => l.startsWith('imported\t'))).toHaveLength(3)
    expect(lines).toContain(
      `skipped\t${join(folder, 'photo.jpg')}\tskipped: not a file type Casebook imports`,
    )
    const failed = lines.find((l) => l.startsWith('failed\t'))
    expect(failed).toContain('garbled.txt')
    expect(failed).toMatch(/binary|UTF-8/)
    expect(result.stderr).toContain('3 imported, 0 duplicates skipped, 1 failed, 1 other files skipped')
    strikeId = lines.find((l) => l.includes('harbour-strike.txt'))?.split('\t')[2] ?? ''
    expect(strikeId).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('says so when the same content is imported again, and exits 0', () => {
    const result = casebook('import', join(OWN_FIXTURES, 'harbour-strike.txt'))
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^duplicate\t.*harbour-strike\.txt\t.*already in the archive/)
  })

  it('exits 1 for a path that does not exist', () => {
    const result = casebook('import', join(dir, 'missing.txt'))
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('missing.txt\tno such file or folder')
  })

  it('lists articles as JSON with id, title and sha256', () => {
    const result = casebook('articles', '--json')
    expect(result.code).toBe(0)
    const articles = JSON.parse(result.stdout) as Array<{ id: string; title: string; sha256: string }>
    expect(articles.map((a) => a.title).sort()).toEqual([
      'Dock workers end three-day strike at Port Veles',
      'Farmers and city clash over river water',
      'Field notes from the polling stations',
    ])
    for (const a of articles) expect(a.sha256).toMatch(/^[0-9a-f]{64}$/)
  })

  it('searches, as JSON with articleId, title, score and snippet, and as text', () => {
    const json = casebook('search', 'observers', '--json')
    expect(json.code).toBe(0)
    const hits = JSON.parse(json.stdout) as Array<{
      articleId: string
      title: string
      score: number
      snippet: string
    }>
    expect(hits.length).toBe(2)
    for (const hit of hits) {
      expect(typeof hit.score).toBe('number')
      expect(hit.snippet.toLowerCase()).toContain('observ')
    }
    expect(hits[0]!.score).toBeGreaterThanOrEqual(hits[1]!.score)
    const limited = JSON.parse(casebook('search', 'observers', '--limit', '1', '--json').stdout) as unknown[]
    expect(limited).toHaveLength(1)
    const text = casebook('search', 'river', 'water')
    expect(text.stdout).toContain('Farmers and city clash over river water')
    expect(text.stdout).toMatch(/\[river\]/)
    expect(text.stderr).toContain('1 result')
  })

  it('filters a search by source and date, and browses with filters alone', () => {
    const bySource = JSON.parse(
      casebook('search', 'river', '--source', 'The Valley Courier', '--json').stdout,
    ) as Array<{
      title: string
    }>
    expect(bySource.map((h) => h.title)).toEqual(['Farmers and city clash over river water'])
    expect(JSON.parse(casebook('search', 'river', '--source', 'Elsewhere', '--json').stdout)).toEqual([])
    const browsed = JSON.parse(
      casebook('search', '--from', '2026-05', '--to', '2026-05-31', '--json').stdout,
    ) as Array<{
      title: string
    }>
    expect(browsed.map((h) => h.title)).toEqual(['Farmers and city clash over river water'])
    expect(casebook('search').code).toBe(2)
    expect(casebook('search', 'x', '--from', 'May').stderr).toContain('YYYY-MM-DD')
  })

  it('highlights a quote, refusing a missing or ambiguous one, and links it to an entity', () => {
    const missing = casebook('highlight', strikeId, '--quote', 'words that are not there')
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('the quote is not in')
    const ambiguous = casebook('highlight', strikeId, '--quote', 'said Mira Kostova')
    expect(ambiguous.code).toBe(2)
    expect(ambiguous.stderr).toContain('occurs 2 times')
    const unknown = casebook('highlight', strikeId, '--quote', 'Pavel Ostrin', '--entity', 'Pavel Ostrin')
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('add --type to create it')
    const first = casebook(
      'highlight',
      strikeId,
      '--quote',
      'said Mira Kostova',
      '--occurrence',
      '2',
      '--entity',
      'Mira Kostova',
      '--type',
      'person',
      '--note',
      'on the protest',
    )
    expect(first.code).toBe(0)
    expect(first.stdout).toMatch(/Mira Kostova/)
    const second = casebook(
      'highlight',
      strikeId,
      '--quote',
      "the union's chairwoman",
      '--entity',
      'mira kostova',
    )
    expect(second.code).toBe(0)
    const entities = JSON.parse(casebook('entities', '--json').stdout) as Array<{
      name: string
      type: string
      passageCount: number
    }>
    expect(entities).toEqual([
      expect.objectContaining({ name: 'Mira Kostova', type: 'person', passageCount: 2 }),
    ])
    const page = JSON.parse(casebook('entity', 'Mira Kostova', '--json').stdout) as {
      passages: Array<{ articleId: string; title: string; quote: string; note: string }>
    }
    // Passages in reading order: the chairwoman sentence comes before the second "said Mira Kostova".
    expect(page.passages.map((p) => p.quote)).toEqual(["the union's chairwoman", 'said Mira Kostova'])
    expect(page.passages[1]).toMatchObject({ articleId: strikeId, note: 'on the protest' })
    expect(page.passages[0]?.title).toBe('Dock workers end three-day strike at Port Veles')
  })

  it('tags a highlight with --tag (repeated), then finds it with tag: and --tag, and lists the tags', () => {
    const tagged = casebook(
      'highlight',
      strikeId,
      '--quote',
      'signed a wage agreement',
      '--tag',
      'Wage deal',
      '--tag',
      'follow up',
      '--json',
    )
    expect(tagged.code).toBe(0)
    expect(JSON.parse(tagged.stdout)).toMatchObject({ tags: ['Wage deal', 'follow up'] })
    const ids = (...args: string[]) =>
      (JSON.parse(casebook('search', ...args, '--json').stdout) as Array<{ articleId: string }>).map(
        (hit) => hit.articleId,
      )
    expect(ids('tag:"wage deal"')).toEqual([strikeId])
    expect(ids('tag:wage*')).toEqual([strikeId])
    expect(ids('observers', '--tag', 'FOLLOW UP')).toEqual([strikeId])
    expect(ids('--tag', 'follow up')).toEqual([strikeId])
    expect(ids('--tag', 'nothing like it')).toEqual([])
    expect(casebook('search', '--tag', 'a', '--tag', 'b').stderr).toContain('search takes one --tag')
    const tooLong = casebook('highlight', strikeId, '--quote', 'Port Veles ended', '--tag', 'x'.repeat(65))
    expect(tooLong.code).toBe(2)
    expect(tooLong.stderr).toContain('a tag is at most 64 characters')
    expect(JSON.parse(casebook('tags', '--json').stdout)).toEqual([
      { tag: 'follow up', count: 1 },
      { tag: 'Wage deal', count: 1 },
    ])
    expect(casebook('tags').stdout).toBe('1\tfollow up\n1\tWage deal\n')
  })

  it('deletes an article, which then leaves search and the entity page', () => {
    expect(casebook('search', 'Mira', '--json').stdout).toContain(strikeId)
    const deleted = casebook('delete', strikeId)
    expect(deleted.code).toBe(0)
    expect(deleted.stdout).toBe(`deleted\t${strikeId}\tDock workers end three-day strike at Port Veles\n`)
    expect(JSON.parse(casebook('search', 'Mira', '--json').stdout)).toEqual([])
    const page = JSON.parse(casebook('entity', 'Mira Kostova', '--json').stdout) as { passages: unknown[] }
    expect(page.passages).toEqual([])
    expect(casebook('delete', strikeId).code).toBe(2)
  })

  it('explains usage errors and refuses an archive that is not one', () => {
    expect(casebook('frobnicate').code).toBe(2)
    expect(casebook('search', 'x', '--bogus').stderr).toContain("Unknown option '--bogus'")
    const notArchive = join(dir, 'notes.txt')
    writeFileSync(notArchive, 'just notes')
    const run = spawnSync(process.execPath, [...cliArgs(), '--archive', notArchive, 'articles'], {
      encoding: 'utf8',
    })
    expect(run.status).toBe(2)
    expect(run.stderr).toContain('not a Casebook archive')
  })

  it.skipIf(!SHARED_AVAILABLE)('imports the shared real article and finds Roman Reimer in it', () => {
    const imported = casebook('import', SHARED_ARTICLE)
    expect(imported.code).toBe(0)
    const hits = JSON.parse(casebook('search', 'Roman', 'Reimer', '--json').stdout) as Array<{
      title: string
    }>
    expect(hits.map((h) => h.title)).toEqual(['Kazakhstan election 2022'])
  })
})

describe('the casebook command line: export and import of annotations, evidence reports', () => {
  let exportDir = ''
  let source = ''
  let target = ''
  const run = runIn

  beforeAll(() => {
    exportDir = join(dir, 'exports')
    mkdirSync(exportDir)
    source = join(exportDir, 'source.casebook')
    target = join(exportDir, 'target.casebook')
    const files = ['harbour-strike.txt', 'saved-page.html'].map((name) => join(OWN_FIXTURES, name))
    for (const archivePath of [source, target]) expect(run(archivePath, 'import', ...files).code).toBe(0)
    const articles = JSON.parse(run(source, 'articles', '--json').stdout) as Array<{
      id: string
      title: string
    }>
    const strike = articles.find((a) => a.title.startsWith('Dock workers'))?.id ?? ''
    const river = articles.find((a) => a.title.startsWith('Farmers'))?.id ?? ''
    const highlight = (articleId: string, ...args: string[]) =>
      expect(run(source, 'highlight', articleId, ...args).code).toBe(0)
    highlight(
      strike,
      '--quote',
      "the union's chairwoman",
      '--entity',
      'Mira Kostova',
      '--type',
      'person',
      '--note',
      'Named as *chair*',
    )
    highlight(river, '--quote', 'Tomas Berg', '--tag', 'water', '--tag', '=1+1')
  })

  it('exports W3C JSON-LD to a file or to standard output', () => {
    const file = join(exportDir, 'highlights.jsonld')
    const written = run(source, 'export', 'annotations', '--format', 'w3c', '--out', file)
    expect(written.code).toBe(0)
    expect(written.stderr).toContain(`2 annotations written to ${file}`)
    const collection = JSON.parse(readFileSync(file, 'utf8')) as {
      type: string
      total: number
      first: { items: Array<{ target: { selector: Array<{ exact?: string }> } }> }
    }
    expect(collection).toMatchObject({ type: 'AnnotationCollection', total: 2 })
    expect(collection.first.items.map((a) => a.target.selector[0]?.exact).sort()).toEqual([
      'Tomas Berg',
      "the union's chairwoman",
    ])
    const printed = run(source, 'export', 'annotations')
    expect(printed.code).toBe(0)
    expect(JSON.parse(printed.stdout)).toMatchObject({ type: 'AnnotationCollection', total: 2 })
  })

  it('exports the passages as CSV with a BOM, formulas defused', () => {
    const csv = run(source, 'export', 'annotations', '--format', 'csv')
    expect(csv.code).toBe(0)
    expect(csv.stdout.startsWith('\uFEFFquote,note,tags,entities,colour,status,article title,')).toBe(true)
    expect(csv.stdout).toContain(
      'Tomas Berg,,water; =1+1,,yellow,anchored,Farmers and city clash over river water,',
    )
    expect(run(source, 'export', 'annotations', '--format', 'pdf').stderr).toContain(
      '--format must be one of w3c, csv',
    )
  })

  it('writes an evidence report for an entity as Markdown or as a standalone HTML page', () => {
    const md = run(source, 'export', 'report', '--entity', 'mira kostova')
    expect(md.code).toBe(0)
    expect(md.stdout).toContain('# Evidence report: Mira Kostova (person)')
    expect(md.stdout).toContain("> the union's chairwoman")
    expect(md.stdout).toContain('Source: imported from ')
    const file = join(exportDir, 'report.html')
    const html = run(
      source,
      'export',
      'report',
      '--entity',
      'Mira Kostova',
      '--format',
      'html',
      '--out',
      file,
    )
    expect(html.code).toBe(0)
    expect(html.stderr).toContain(`a report of 1 passage written to ${file}`)
    const page = readFileSync(file, 'utf8')
    expect(page).toContain('<blockquote class="quote">the union&#39;s chairwoman</blockquote>')
    expect(page).toContain('<div class="note"><p>Named as <em>chair</em></p></div>')
    expect(page).not.toContain('<script')
    const byTag = run(source, 'export', 'report', '--tag', 'WATER')
    expect(byTag.stdout).toContain('# Evidence report: tag “WATER”')
    expect(byTag.stdout).toContain('> Tomas Berg')
    expect(run(source, 'export', 'report').stderr).toContain('needs --entity <name> or --tag <tag>')
    expect(run(source, 'export', 'report', '--entity', 'Nobody').code).toBe(2)
  })

  it('imports the annotations into another archive of the same articles, once', () => {
    const file = join(exportDir, 'round-trip.jsonld')
    expect(run(source, 'export', 'annotations', '--out', file).code).toBe(0)
    const first = run(target, 'import', 'annotations', file)
    expect(first.code).toBe(0)
    expect(first.stderr).toContain('2 imported, 0 skipped, 0 failed')
    const page = JSON.parse(run(target, 'entity', 'Mira Kostova', '--json').stdout) as {
      entity: { type: string }
      passages: Array<{ quote: string; note: string }>
    }
    expect(page.entity.type).toBe('person')
    expect(page.passages).toEqual([
      expect.objectContaining({ quote: "the union's chairwoman", note: 'Named as *chair*' }),
    ])
    const again = run(target, 'import', 'annotations', file)
    expect(again.code).toBe(0)
    expect(again.stderr).toContain('0 imported, 2 skipped, 0 failed')
    expect(again.stdout.trim().split('\n')).toHaveLength(2)
    expect(again.stdout).toMatch(/^skipped\turn:uuid:[0-9a-f-]{36}\talready here$/m)
  })

  it('names the file that is not JSON, or not annotations', () => {
    const broken = join(exportDir, 'broken.jsonld')
    writeFileSync(broken, '{ "type": ')
    const notJson = run(target, 'import', 'annotations', broken)
    expect(notJson.code).toBe(2)
    expect(notJson.stderr).toContain(`${broken} is not JSON`)
    const other = join(exportDir, 'other.json')
    writeFileSync(other, JSON.stringify({ name: 'something else' }))
    expect(run(target, 'import', 'annotations', other).stderr).toContain(`${other}: not W3C Web Annotations`)
  })
})

describe('the casebook command line: article versions and highlights', () => {
  it('imports a file as a new version of an article and lists the highlights with their status', () => {
    const versionsDir = join(dir, 'versions')
    mkdirSync(versionsDir)
    const archivePath = join(versionsDir, 'versions.casebook')
    const first = join(versionsDir, 'strike.txt')
    copyFileSync(join(OWN_FIXTURES, 'harbour-strike.txt'), first)
    const imported = runIn(archivePath, 'import', first)
    const articleId = imported.stdout.split('\t')[2] ?? ''
    const text = readFileSync(first, 'utf8')
    // Two passages: one the new version keeps, one it rewords beyond recognition.
    const [kept, lost] = [
      "the union's chairwoman",
      text
        .split(/[.!?]\s/)[1]!
        .trim()
        .split(' ')
        .slice(0, 8)
        .join(' '),
    ]
    for (const quote of [kept!, lost!])
      expect(runIn(archivePath, 'highlight', articleId, '--quote', quote).code).toBe(0)

    const second = join(versionsDir, 'strike-corrected.txt')
    writeFileSync(
      second,
      `Corrected on Tuesday.\n\n${text.replace(lost!, 'Something else was said here by nobody in particular')}`,
    )
    const updated = runIn(archivePath, 'import', second, '--version-of', articleId)
    expect(updated.code, updated.stderr).toBe(0)
    expect(updated.stdout).toMatch(
      /^new version\t.*strike-corrected\.txt\t.*\t1 highlights carried over, 1 to review/m,
    )

    const listed = runIn(archivePath, 'highlights', articleId, '--json')
    expect(listed.code, listed.stderr).toBe(0)
    const rows = JSON.parse(listed.stdout) as Array<{
      quote: string
      status: string
      method: string
      score: number
      start: number | null
      end: number | null
    }>
    const byQuote = new Map(rows.map((r) => [r.quote, r]))
    const moved = byQuote.get(kept!)!
    expect(moved.status).toBe('anchored')
    expect(moved.score).toBeGreaterThan(0.9)
    expect(['position', 'exact']).toContain(moved.method)
    const corrected = readFileSync(second, 'utf8').replace(/\r\n?/g, '\n')
    expect(moved.start).toBe(corrected.indexOf(kept!))
    expect(moved.end).toBe(moved.start! + kept!.length)
    expect(byQuote.get(lost!)).toMatchObject({ status: 'orphan', method: 'none', start: null, end: null })

    const orphansOnly = runIn(archivePath, 'highlights', '--status', 'orphan')
    expect(orphansOnly.stdout.trim().split('\n')).toHaveLength(1)
    expect(orphansOnly.stdout).toContain('\torphan\t')
    expect(runIn(archivePath, 'highlights', '--status', 'lost').stderr).toContain('--status must be one of')
    expect(runIn(archivePath, 'import', second, '--version-of', articleId).stdout).toMatch(/^duplicate\t/)
  })
})
