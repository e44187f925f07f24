import { afterEach, describe, expect, it } from 'vitest'
import { exportTestArchive } from './export-test-archive'
import { parseCsv } from './csv-testing'
import { csvField, PASSAGE_COLUMNS, passagesCsv } from './passages-csv'

let cleanups: Array<() => void> = []
afterEach(() => {
  cleanups.forEach((c) => c())
  cleanups = []
})

describe('passages CSV', () => {
  it('quotes fields as RFC 4180 asks and defuses would-be formulas', () => {
    expect(csvField('plain')).toBe('plain')
    expect(csvField('a, b')).toBe('"a, b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('two\nlines')).toBe('"two\nlines"')
    expect(csvField('=1+1')).toBe("'=1+1")
    expect(csvField('+7 700 000')).toBe("'+7 700 000")
    expect(csvField('-5')).toBe("'-5")
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`)
    expect(csvField('a=b')).toBe('a=b')
  })

  it('writes one row per exported highlight with its citation, UTF-8 with a BOM, CRLF line ends', () => {
    const t = exportTestArchive()
    cleanups.push(t.cleanup)
    const csv = passagesCsv(t.engine.db)
    expect(csv.startsWith('\uFEFFquote,note,tags,')).toBe(true)
    const [header, ...rows] = parseCsv(csv.slice(1))
    expect(header).toEqual([...PASSAGE_COLUMNS])
    expect(rows).toHaveLength(6) // the dismissed orphan is left out
    const column = (name: (typeof PASSAGE_COLUMNS)[number]) => PASSAGE_COLUMNS.indexOf(name)
    const byId = (id: string) => rows.find((r) => r[column('highlight id')] === id) ?? []
    const wage = byId(t.highlights.wage.id)
    expect(wage[column('quote')]).toBe('signed a wage agreement')
    // Inside a cell a formula cannot run: only a cell that starts like one is defused.
    expect(wage[column('tags')]).toBe('wages; =HYPERLINK("http://evil.example")')
    expect(wage[column('entities')]).toBe(
      'Mira Kostova (person); Port Veles Harbour Authority (organisation)',
    )
    expect(wage[column('colour')]).toBe('green')
    expect(wage[column('status')]).toBe('anchored')
    expect(wage[column('article title')]).toBe('Dock workers end three-day strike at Port Veles')
    expect(wage[column('version SHA-256')]).toMatch(/^[0-9a-f]{64}$/)
    const observers = byId(t.highlights.observers.id)
    expect(observers[column('note')]).toBe('Он сказал "да", потом — нет')
    expect(observers[column('tags')]).toBe('Выборы')
    expect(observers[column('entities')]).toBe('Алматы (place)')
    const river = byId(t.highlights.river.id)
    expect(river[column('source URL')]).toBe('https://news.example.org/2026/05/river-valley-water-dispute')
    expect(river[column('published')]).toBe('2026-05-14T08:30:00Z')
    expect(byId(t.highlights.payRise.id)[column('status')]).toBe('orphan')
    expect(river[column('tags')]).toBe("'=1+2; water")
  })
})
