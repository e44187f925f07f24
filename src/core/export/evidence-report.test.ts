import { afterEach, describe, expect, it } from 'vitest'
import { buildEvidenceReport, escapeMarkdown, evidenceReportMarkdown } from './evidence-report'
import { exportTestArchive, HOSTILE_NOTE } from './export-test-archive'
import { evidenceReportHtml, markdownToSafeHtml } from './report-html'

let cleanups: Array<() => void> = []
afterEach(() => {
  cleanups.forEach((c) => c())
  cleanups = []
})

function archive() {
  const t = exportTestArchive()
  cleanups.push(t.cleanup)
  return t
}

const NOW = '2026-06-01T12:00:00.000Z'

describe('evidence reports', () => {
  it('gathers an entity’s passages by article in date order, with citations and the orphan marked', () => {
    const { engine, entities, highlights, articles } = archive()
    const report = buildEvidenceReport(engine.db, { entityId: entities.mira.id }, NOW)
    expect(report.passageCount).toBe(3)
    // Neither article has a date: they come in the order they were imported.
    expect(report.articles.map((a) => a.article.title)).toEqual([
      'Dock workers end three-day strike at Port Veles',
      'Field notes from the polling stations',
    ])
    expect(report.articles[0]?.passages.map((p) => p.id)).toEqual([highlights.wage.id, highlights.payRise.id])
    const md = evidenceReportMarkdown(report)
    expect(md).toContain('# Evidence report: Mira Kostova (person)')
    expect(md).toContain('Also known as: M. Kostova')
    expect(md).toContain(`Generated ${NOW} by Casebook · 3 passages`)
    expect(md).toContain('Source: imported from harbour-strike.txt')
    expect(md).toContain('> signed a wage agreement')
    expect(md).toMatch(/Cited from version SHA-256 [0-9a-f]{64}, characters \d+–\d+\./)
    const strikeFirst = articles['harbour-strike.txt'].sha256
    expect(md).toContain(`(not found in the current version; quoted from version ${strikeFirst})`)
    // The note goes in as Markdown, inside its passage's list item.
    expect(md).toContain('   **Key** claim')
    expect(md).toContain('Late opening — see the *chair*.')
  })

  it('reports a tag, or chosen highlights, and escapes what would be Markdown in quotes and titles', () => {
    const { engine, highlights } = archive()
    const byTag = buildEvidenceReport(engine.db, { tag: 'выборы' }, NOW)
    expect(byTag.articles.flatMap((a) => a.passages.map((p) => p.id))).toEqual([highlights.observers.id])
    expect(evidenceReportMarkdown(byTag)).toContain('# Evidence report: tag “выборы”')
    const chosen = buildEvidenceReport(
      engine.db,
      { highlightIds: [highlights.river.id, highlights.station.id] },
      NOW,
    )
    // The river article is dated 2026-05-14; our text files only have their import time, which is later.
    expect(chosen.articles.map((a) => a.passages[0]?.id)).toEqual([
      highlights.river.id,
      highlights.station.id,
    ])
    expect(evidenceReportMarkdown(chosen)).toContain(
      'Source: <https://news.example.org/2026/05/river-valley-water-dispute>',
    )
    expect(escapeMarkdown('*not* [a](link) <b> # 1. x')).toBe('\\*not\\* \\[a\\](link) \\<b\\> \\# 1. x')
    expect(escapeMarkdown('- item\n2. item')).toBe('\\- item\n2\\. item')
    expect(() => buildEvidenceReport(engine.db, {}, NOW)).toThrow(/entity, a tag or a list/)
  })

  it('renders notes as safe HTML: no raw HTML, no script links, no images loaded', () => {
    const html = markdownToSafeHtml(HOSTILE_NOTE)
    expect(html).toBe(
      '<p><strong>Key</strong> claim &lt;script&gt;alert(1)&lt;/script&gt;</p>' +
        '<p>bad and <a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer">good</a> [pixel]</p>',
    )
    expect(markdownToSafeHtml('# Heading\n\n<img src=x onerror=alert(1)>\n\n- a\n- b\n\n`<i>`')).toBe(
      '<h4>Heading</h4>&lt;img src=x onerror=alert(1)&gt;<ul><li><p>a</p></li><li><p>b</p></li></ul><p><code>&lt;i&gt;</code></p>',
    )
  })

  it('writes a standalone printable page: inline CSS with print rules, no scripts, nothing external', () => {
    const { engine, entities } = archive()
    const html = evidenceReportHtml(buildEvidenceReport(engine.db, { entityId: entities.mira.id }, NOW))
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true)
    expect(html).toContain('<title>Evidence report: Mira Kostova (person)</title>')
    expect(html).toContain('@media print')
    expect(html).toContain('Chair of the dock workers&#39; union')
    expect(html).toContain('not found in the current version; quoted from version')
    expect(html).not.toMatch(/<script|<img|<link|<iframe|\son\w+=|javascript:|src=/i)
    // The only URL attributes are links a reader may follow, never resources the page loads.
    expect(html.match(/\b(href|src|action)=[^>]*/g)).toEqual([
      'href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer"',
    ])
  })
})
