import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { numberedReportPdf } from '../src/core/import/formats/pdf-test-writer'
import {
  createHighlightByApi,
  ensureRendererBuilt,
  failOnConsoleErrors,
  REPO_ROOT,
  selectInReader,
  withArchive,
} from './helpers'

test.beforeAll(() => ensureRendererBuilt())
failOnConsoleErrors()

const TITLE = 'Harbour observers report'
const ITEMS = 60

/** The repository's harbour article as a report of numbered paragraphs over several pages, as a PDF. */
async function observersReport(): Promise<{
  bytes: Buffer
  pageOf: (item: number) => number
  pages: number
}> {
  const body = readFileSync(join(REPO_ROOT, 'fixtures/articles/harbour-strike.txt'), 'utf8')
    .split(/\n\s*\n/)
    .slice(1)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
  const report = await numberedReportPdf(TITLE, body, ITEMS)
  return { ...report, bytes: Buffer.from(report.bytes) }
}

test('a PDF reads with its pages marked, and its passages are cited with their page', async ({ page }) => {
  const { bytes, pageOf, pages } = await observersReport()
  expect(pages).toBeGreaterThanOrEqual(3)
  await withArchive(async ({ server }) => {
    await page.goto(server().url)
    const chooser = page.waitForEvent('filechooser')
    await page.getByRole('button', { name: 'Import files' }).click()
    await (await chooser).setFiles({ name: 'observers.pdf', mimeType: 'application/pdf', buffer: bytes })
    const item = page.getByRole('list', { name: 'Articles' }).getByRole('button', { name: new RegExp(TITLE) })
    // The browser shell runs the engine from source: the first PDF loads pdf.js through tsx, which on a
    // machine busy with other tests' browsers takes more than the default 10 s (seen in CI).
    await expect(item).toBeVisible({ timeout: 60_000 })

    // Linked to an entity through the contract: what is tested here is how the passage is shown.
    await createHighlightByApi(server(), {
      articleTitle: TITLE,
      passage: `Item ${ITEMS}.`,
      entity: { type: 'place', name: 'Port Veles' },
      tags: [],
    })
    await item.click()
    const reader = page.getByRole('main', { name: 'Reader' })
    const body = reader.locator('.article-body')
    await expect(body).toContainText(`Item ${ITEMS}.`)

    // Each page's first block carries its number; CSS draws "Page n", which is no text of the article.
    const marks = body.locator('[data-page-start]')
    await expect(marks).toHaveCount(pages)
    await expect(marks.first()).toHaveAttribute('data-page-start', '1')
    await expect(marks.last()).toHaveAttribute('data-page-start', String(pages))
    const drawn = await marks.nth(1).evaluate((el) => {
      const w = globalThis as unknown as {
        getComputedStyle(element: unknown, pseudo: string): { content: string }
      }
      return w.getComputedStyle(el, '::before').content
    })
    expect(drawn).toBe('"Page 2"')
    expect(await body.textContent()).not.toContain('Page 2')

    // A passage selected across a page break is highlighted as exactly the words selected (the marks add
    // nothing to it), and cited over both pages.
    const lastOnFirst = Array.from({ length: ITEMS }, (_, i) => i + 1).find(
      (n) => pageOf(n) === 1 && pageOf(n + 1) === 2,
    )
    expect(lastOnFirst).toBeDefined()
    const across = `Item ${(lastOnFirst ?? 0) + 1}.`
    const fromText = (await body.textContent()) ?? ''
    const start = fromText.lastIndexOf(' ', fromText.indexOf(across) - 2)
    const lastWord = fromText.slice(start + 1, fromText.indexOf(across))
    await selectInReader(page, lastWord + across)
    await page.keyboard.press('h')
    const panel = page.getByRole('complementary', { name: 'Highlights' })
    const card = panel.locator('.highlight-card').filter({ hasText: across })
    // The two blocks' words with the break between them (the reader's text nodes hold none).
    await expect(card.locator('.quote')).toHaveText(`${lastWord} ${across}`)
    await expect(card.locator('.passage-page')).toHaveText('pp. 1–2')
    const linked = panel.locator('.highlight-card').filter({ hasText: `Item ${ITEMS}.` })
    await expect(linked.locator('.passage-page')).toHaveText(`p. ${pageOf(ITEMS)}`)
    await marks.nth(1).scrollIntoViewIfNeeded()
    await page.screenshot({ path: test.info().outputPath('pdf-reader-pages.png') })

    // The entity page cites the passage with its page, as the exports do.
    await linked.getByRole('button', { name: 'Open Port Veles' }).click()
    const entityPage = page.getByRole('main', { name: 'Entity' })
    await expect(entityPage.locator('.passage .passage-page')).toHaveText(`p. ${pageOf(ITEMS)}`)
    await entityPage
      .locator('.passage')
      .screenshot({ path: test.info().outputPath('pdf-entity-passage.png') })
  })
})
