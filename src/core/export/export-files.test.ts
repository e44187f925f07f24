import { afterEach, describe, expect, it } from 'vitest'
import type { ExportedFile, HighlightPage } from '../../shared/model'
import { ok } from '../testing/temp-archive'
import { exportTestArchive } from './export-test-archive'

let cleanups: Array<() => void> = []
afterEach(() => {
  cleanups.forEach((c) => c())
  cleanups = []
})

describe('exports through the contract, narrowed by the filters of the list of all highlights', () => {
  it('exports and reports exactly the highlights the filters leave', () => {
    const t = exportTestArchive()
    cleanups.push(t.cleanup)
    const { engine } = t
    const listed = (filters: object) => ok<HighlightPage>(engine, 'highlights.list', { filters, limit: 500 })

    const green = listed({ color: 'green' })
    expect(green.total).toBeGreaterThan(0)
    const csv = ok<ExportedFile>(engine, 'export.annotations', { format: 'csv', filters: { color: 'green' } })
    expect(csv).toMatchObject({ count: green.total, mimeType: 'text/csv;charset=utf-8' })
    expect(csv.fileName).toMatch(/^casebook-passages-\d{4}-\d{2}-\d{2}\.csv$/)
    for (const h of green.items) expect(csv.content).toContain(h.quote.exact)
    const others = listed({}).items.filter((h) => h.color !== 'green' && h.anchor.status !== 'dismissed')
    expect(others.length).toBeGreaterThan(0)
    for (const h of others) expect(csv.content).not.toContain(h.id)

    const all = ok<ExportedFile>(engine, 'export.annotations', { format: 'w3c' })
    const everyLive = listed({}).items.filter((h) => h.anchor.status !== 'dismissed').length
    expect(all.count).toBe(everyLive)
    expect(JSON.parse(all.content)).toMatchObject({ type: 'AnnotationCollection', total: everyLive })

    const tagged = listed({ tag: 'WATER' })
    const report = ok<ExportedFile>(engine, 'export.report', { filters: { tag: 'water' }, format: 'md' })
    expect(report.count).toBe(tagged.total)
    expect(report.fileName).toMatch(/^evidence-.*water.*\.md$/i)
    for (const h of tagged.items) expect(report.content).toContain(h.quote.exact)

    const html = ok<ExportedFile>(engine, 'export.report', { entityId: t.entities.mira.id, format: 'html' })
    expect(html.mimeType).toBe('text/html;charset=utf-8')
    expect(html.content).toContain('Mira Kostova')
    expect(engine.dispatch('export.report', { format: 'md' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    })
  })
})
