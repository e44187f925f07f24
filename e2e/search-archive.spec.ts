import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { ensureRendererBuilt, selectInReader, withArchive, failOnConsoleErrors, callApi } from './helpers'

/** Search over a larger archive: filters, paging through a long result list, stepping through matches. */

test.beforeAll(() => ensureRendererBuilt())

failOnConsoleErrors()

function newsPage(title: string, site: string, date: string, body: string): string {
  return `<!doctype html><html><head><title>${title}</title>
<meta property="og:site_name" content="${site}">
<meta property="article:published_time" content="${date}">
</head><body><article><h1>${title}</h1>
<p>${body}</p>
<p>The harbour master said the ferry schedule would be reviewed before the winter season began in earnest.</p>
<p>Residents of the island asked the council to publish the figures behind every change to the crossings.</p>
</article></body></html>`
}

const NEWS = [
  {
    name: 'dues.html',
    title: 'Harbour dues rise again',
    site: 'Harbour Post',
    date: '2021-03-10',
    body: 'The ferry operator will pass the higher harbour dues on to passengers from April.',
  },
  {
    name: 'strike.html',
    title: 'Ferry crews walk out',
    site: 'Harbour Post',
    date: '2022-11-02',
    body: 'Ferry crews stopped work on Tuesday over the new rota, stranding lorries at the quay.',
  },
  {
    name: 'timetable.html',
    title: 'Winter ferry timetable',
    site: 'Valley Courier',
    date: '2022-05-20',
    body: 'The winter ferry timetable drops the late crossing and adds a dawn sailing on Mondays.',
  },
]

function resultsRegion(page: Page) {
  return page.getByRole('region', { name: 'Search results' })
}

test('filters narrow a search, and browse the library with an empty query', async ({ page }) => {
  await withArchive(async ({ server }) => {
    await page.goto(server().url)
    await page.getByTestId('import-files-input').setInputFiles(
      NEWS.map((n) => ({
        name: n.name,
        mimeType: 'text/html',
        buffer: Buffer.from(newsPage(n.title, n.site, n.date, n.body)),
      })),
    )
    await expect(page.getByRole('list', { name: 'Articles' }).getByRole('listitem')).toHaveCount(3)

    const search = page.getByRole('searchbox', { name: 'Search' })
    const hits = resultsRegion(page)
    const titles = hits.locator('.article-title')
    await search.fill('ferry')
    await expect(hits.locator('.list-count')).toHaveText('3 results')

    const toggle = page.getByRole('button', { name: /Filters/ })
    await toggle.click()
    const panel = page.getByRole('group', { name: 'Filters' })
    const source = panel.getByLabel('Source')
    await expect(source.locator('option')).toHaveText([
      'Any source',
      'Harbour Post (2)',
      'Valley Courier (1)',
    ])
    await source.selectOption('Harbour Post')
    await expect(hits.locator('.list-count')).toHaveText('2 results')
    await expect(toggle).toContainText('1')

    // A year alone is a date: from 2022 keeps the November strike only.
    await panel.getByLabel('Published from').fill('2022')
    await expect(hits.locator('.list-count')).toHaveText('1 result')
    await expect(titles).toHaveText(['Ferry crews walk out'])
    await expect(toggle).toContainText('2')

    // An unfinished date explains itself in place; no alert interrupts the typing.
    await panel.getByLabel('Published to').fill('2022-1x')
    await expect(
      page
        .getByRole('status')
        .filter({ hasText: 'Published to: a date is written YYYY, YYYY-MM or YYYY-MM-DD' }),
    ).toBeVisible()
    await expect(page.getByRole('alert')).toHaveCount(0)
    // "to" a month includes the whole month.
    await panel.getByLabel('Published to').fill('2022-11')
    await expect(titles).toHaveText(['Ferry crews walk out'])

    await page.getByRole('button', { name: 'Clear filters' }).click()
    await expect(hits.locator('.list-count')).toHaveText('3 results')
    await expect(panel.getByLabel('Published from')).toHaveValue('')

    // With no words, the filters alone list the library they leave.
    await search.fill('')
    await expect(hits).toBeHidden()
    await panel.getByLabel('Source').selectOption('Valley Courier')
    await expect(hits.locator('.list-count')).toHaveText('1 article matches the filters')
    await expect(titles).toHaveText(['Winter ferry timetable'])
    await panel.getByLabel('Source').selectOption('')
    await panel.getByLabel('Published from').fill('2022')
    await expect(hits.locator('.list-count')).toHaveText('2 articles match the filters')

    // Highlights and entity links: set up through the API (other tests cover making them in the reader).
    const list = await callApi<Array<{ id: string; title: string }>>(server(), 'articles.list', {})
    const strikeId = list.find((a) => a.title === 'Ferry crews walk out')?.id ?? ''
    const strike = await callApi<{ versionId: string; text: string }>(server(), 'articles.get', {
      id: strikeId,
    })
    const entity = await callApi<{ id: string }>(server(), 'entities.create', {
      type: 'organisation',
      name: 'Island Ferries',
    })
    const at = strike.text.indexOf('Ferry crews stopped work')
    await callApi(server(), 'highlights.create', {
      articleId: strikeId,
      versionId: strike.versionId,
      start: at,
      end: at + 'Ferry crews stopped work'.length,
      entityIds: [entity.id],
    })
    await panel.getByLabel('Published from').fill('')
    await panel.getByLabel('Only articles with highlights').check()
    await expect(hits.locator('.list-count')).toHaveText('1 article matches the filters')
    await panel.getByLabel('Only articles with highlights').uncheck()
    await expect(page.getByRole('button', { name: 'Clear filters' })).toBeHidden()

    const picker = panel.getByRole('combobox', { name: 'Linked to entity' })
    await picker.fill('island')
    await panel.getByRole('option', { name: /Island Ferries/ }).click()
    await expect(panel.locator('.chip')).toHaveText(/Island Ferries/)
    await expect(titles).toHaveText(['Ferry crews walk out'])
    await search.fill('timetable')
    await expect(hits.locator('.list-count')).toHaveText('No results for “timetable”')
    await search.fill('')
    await expect(titles).toHaveText(['Ferry crews walk out'])
    await panel.getByLabel('Source').selectOption('Harbour Post')
    await panel.getByLabel('Published from').fill('2022-11')
    await expect(titles).toHaveText(['Ferry crews walk out'])
    await page.screenshot({ path: test.info().outputPath('filters-open.png') })

    await panel.getByRole('button', { name: 'Remove entity filter Island Ferries' }).click()
    await expect(picker).toBeVisible()
    await panel.getByLabel('Published from').fill('')
    // Waiting for the answer also keeps the test from ending with a request in flight to a stopped server.
    await expect(hits.locator('.list-count')).toHaveText('2 articles match the filters')
    await expect(hits).toHaveAttribute('aria-busy', 'false')
  })
})

test('a long result list pages in as it scrolls and keeps the DOM small', async ({ page }) => {
  test.setTimeout(180_000)
  await withArchive(async ({ server }) => {
    const count = 120
    const folder = test.info().outputPath('ledger')
    mkdirSync(folder, { recursive: true })
    for (let i = 1; i <= count; i++) {
      const n = String(i).padStart(3, '0')
      writeFileSync(
        join(folder, `note-${n}.txt`),
        `Ledger note ${n}\n\nThe harbour ledger entry ${n} records crossing number ${i * 7} of the season.\n`,
      )
    }
    await page.goto(server().url)
    await page.getByTestId('import-folder-input').setInputFiles(folder)
    await expect(page.getByRole('region', { name: 'Import' })).toContainText(
      `Import finished: ${count} imported`,
      { timeout: 120_000 },
    )
    await page.getByRole('button', { name: 'Close import report' }).click()

    // The library is virtualised too: all 120 are counted, a few dozen rendered, the last reachable.
    const library = page.getByRole('list', { name: 'Articles' })
    await expect(page.getByText(`${count} articles`)).toBeVisible()
    expect(await library.getByRole('listitem').count()).toBeLessThan(40)
    await page.getByTestId('library-scroller').evaluate((el) => el.scrollTo(0, el.scrollHeight))
    await expect(library.locator(`li[aria-posinset="${count}"]`)).toBeInViewport()
    await expect(library.locator(`li[aria-posinset="${count}"]`)).toContainText('Ledger note')

    await page.getByRole('searchbox', { name: 'Search' }).fill('ledger')
    const hits = resultsRegion(page)
    await expect(hits.locator('.list-count')).toHaveText(`${count} results`)
    const scroller = page.getByTestId('search-scroller')
    const rows = hits.locator('.hit-list > li')
    const seen = new Set<string>()
    let maxRows = 0
    for (let step = 0; step < 80 && seen.size < count; step++) {
      // Rows of a page still loading say so; wait for them, then read what the viewport holds.
      await expect(hits.locator('.hit-row.pending')).toHaveCount(0)
      for (const title of await hits.locator('.hit-row .article-title').allTextContents()) seen.add(title)
      maxRows = Math.max(maxRows, await rows.count())
      await scroller.evaluate((el) => el.scrollBy(0, 500))
    }
    expect(seen.size).toBe(count)
    expect(maxRows).toBeGreaterThan(0)
    expect(maxRows).toBeLessThan(40)
    // The total stays in view at the bottom of the list.
    await expect(hits.locator('.list-count')).toBeInViewport()
    await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight))
    await expect(hits.locator(`.hit-row[aria-posinset="${count}"] .article-title`)).toBeInViewport()
  })
})

test('the reader steps through a search’s matches', async ({ page }) => {
  await withArchive(async ({ server }) => {
    const filler = 'The keepers kept a log of every ship that passed and every storm that came. '.repeat(12)
    const paragraphs = [
      'The lighthouse on the point was built in 1871.',
      filler,
      'A second lighthouse was planned for the reef but never finished.',
      filler,
      filler,
      'By 1960 the lighthouse ran without keepers.',
      filler,
      'Visitors may climb the old lighthouse on summer weekends.',
    ]
    const text = `Lighthouse history\n\n${paragraphs.join('\n\n')}\n`
    const occurrences = text.split(/lighthouse/i).length - 1
    await page.goto(server().url)
    await page.getByTestId('import-files-input').setInputFiles({
      name: 'lighthouse.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(text),
    })
    await expect(page.getByRole('list', { name: 'Articles' }).getByRole('listitem')).toHaveCount(1)
    await page.getByRole('searchbox', { name: 'Search' }).fill('lighthouse')
    await resultsRegion(page).getByRole('button').first().click()

    const reader = page.getByRole('main', { name: 'Reader' })
    const bar = reader.getByRole('toolbar', { name: 'Search matches' })
    await expect(bar).toContainText(`Match 1 of ${occurrences}`)
    // Matches coexist with highlights: make one over a match.
    await selectInReader(page, 'A second lighthouse was planned')
    await page.keyboard.press('h')
    await expect(
      page.getByRole('complementary', { name: 'Highlights' }).locator('.highlight-card'),
    ).toHaveCount(1)
    await page.evaluate(() =>
      (globalThis as unknown as { getSelection(): { removeAllRanges(): void } | null })
        .getSelection()
        ?.removeAllRanges(),
    )

    const currentInView = () =>
      page.evaluate(() => {
        const g = globalThis as unknown as {
          CSS: { highlights: Map<string, Set<{ getBoundingClientRect(): { top: number; bottom: number } }>> }
          document: { querySelector(s: string): { getBoundingClientRect(): { top: number; bottom: number } } }
        }
        const ranges = [...(g.CSS.highlights.get('casebook-match-current') ?? [])]
        const others = g.CSS.highlights.get('casebook-match')?.size ?? 0
        const box = g.document.querySelector('main.reader').getBoundingClientRect()
        const rect = ranges[0]?.getBoundingClientRect()
        return {
          current: ranges.length,
          others,
          inView: !!rect && rect.top >= box.top && rect.bottom <= box.bottom,
        }
      })
    expect(await currentInView()).toEqual({ current: 1, others: occurrences - 1, inView: true })

    await page.keyboard.press('n')
    await expect(bar).toContainText(`Match 2 of ${occurrences}`)
    // The second match lies inside the highlight: both show, each in its own style.
    await page.screenshot({ path: test.info().outputPath('reader-match-in-highlight.png') })
    await page.keyboard.press('n')
    await page.keyboard.press('n')
    await expect(bar).toContainText(`Match 4 of ${occurrences}`)
    await expect.poll(async () => (await currentInView()).inView).toBe(true)
    await page.screenshot({ path: test.info().outputPath('reader-match-bar.png') })
    await page.keyboard.press('Shift+N')
    await expect(bar).toContainText(`Match 3 of ${occurrences}`)
    await page.keyboard.press('F3')
    await expect(bar).toContainText(`Match 4 of ${occurrences}`)
    await bar.getByRole('button', { name: 'Previous match' }).click()
    await expect(bar).toContainText(`Match 3 of ${occurrences}`)
    await expect.poll(async () => (await currentInView()).inView).toBe(true)

    await bar.getByRole('button', { name: 'Close search matches' }).click()
    await expect(bar).toBeHidden()
    expect(await currentInView()).toEqual({ current: 0, others: 0, inView: false })

    // Opened from the library, an article shows no matches.
    await resultsRegion(page).getByRole('button').first().click()
    await expect(bar).toContainText(`Match 1 of ${occurrences}`)
    await page.getByRole('searchbox', { name: 'Search' }).fill('')
    await page.getByRole('list', { name: 'Articles' }).getByRole('button').first().click()
    await expect(bar).toBeHidden()
  })
})
