import { readFileSync } from 'node:fs'
import { expect, test, type Download, type Page } from '@playwright/test'
import {
  ALMATY_FILE,
  callApi,
  createHighlightByApi,
  ensureRendererBuilt,
  failOnConsoleErrors,
  FERRY_FILE,
  highlightInNewArticle,
  importTextFiles,
  selectInReader,
  withArchive,
} from './helpers'

/**
 * Richer highlights: a colour chosen on the card and painted in the reader, notes written in Markdown and
 * rendered without active content, the Highlights tab listing every highlight with its filters, and j / k
 * stepping through an article's highlights.
 */

test.beforeAll(() => ensureRendererBuilt())

failOnConsoleErrors()

const NOTE =
  '**Key** finding, *twice* reported <script>window.pwned = 1</script>\n\n' +
  '- seen at [the source](https://example.org/report)\n' +
  '- ![photo of the queue](https://example.org/queue.png)'

/** The page's globals these checks read (e2e compiles without the DOM lib, see helpers.ts). */
interface PageGlobals {
  pwned?: number
  getComputedStyle(element: unknown): { backgroundColor: string }
}

/** Runs `click` and resolves to the file the page downloaded meanwhile, with its text. */
async function downloadOf(
  page: Page,
  click: () => Promise<void>,
): Promise<{ download: Download; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()])
  return { download, text: readFileSync(await download.path(), 'utf8') }
}

const backgroundOf = (element: unknown): string =>
  (globalThis as unknown as PageGlobals).getComputedStyle(element).backgroundColor

test('colours, Markdown notes, the Highlights tab and its filters, j / k', async ({ page }) => {
  await withArchive(async ({ server }) => {
    await page.goto(server().url)
    const startUrl = page.url()
    await importTextFiles(page, [ALMATY_FILE, FERRY_FILE])
    // Setup the test does not exercise: a blue, tagged highlight in the ferry article, linked to a place.
    await createHighlightByApi(server(), {
      articleTitle: 'Ferry notes',
      passage: 'The ferry to Port Selwyn',
      entity: { type: 'place', name: 'Port Selwyn' },
      tags: ['transport'],
      color: 'blue',
      note: '**Late** all week',
    })

    // A highlight made in the reader starts yellow; a swatch on its card makes it green, in the text too.
    const { reader, panel, card } = await highlightInNewArticle(
      page,
      /Election day in Almaty/,
      'observers reported long queues',
    )
    const colours = card.getByRole('radiogroup', { name: 'Colour' })
    await expect(colours.getByRole('radio')).toHaveCount(6)
    await expect(colours.getByRole('radio', { name: 'Yellow' })).toBeChecked()
    await expect(reader.locator('.hl.hl-color-yellow')).toHaveText('observers reported long queues')
    const yellowBackground = await reader.locator('.hl').evaluate(backgroundOf)
    await colours.getByRole('radio', { name: 'Green' }).click()
    await expect(colours.getByRole('radio', { name: 'Green' })).toBeChecked()
    await expect(reader.locator('.hl.hl-color-green')).toHaveText('observers reported long queues')
    await expect.poll(() => reader.locator('.hl').evaluate(backgroundOf)).not.toBe(yellowBackground)
    // The swatches are one keyboard stop: arrow keys move the choice.
    await colours.getByRole('radio', { name: 'Green' }).focus()
    await page.keyboard.press('ArrowRight')
    await expect(reader.locator('.hl.hl-color-blue')).toHaveCount(1)
    await page.keyboard.press('ArrowLeft')
    await expect(reader.locator('.hl.hl-color-green')).toHaveCount(1)

    // The note is Markdown: bold renders, the script and the link stay inert, the image is not loaded.
    await card.getByRole('button', { name: 'Add note' }).click()
    await expect(card.getByText('Markdown: **bold**, *italic*, lists, > quotes')).toBeVisible()
    await card.getByRole('textbox', { name: 'Note' }).fill(NOTE)
    await card.getByRole('button', { name: 'Save note' }).click()
    const note = card.locator('.note-markdown')
    await expect(note.locator('strong')).toHaveText('Key')
    await expect(note.locator('em')).toHaveText('twice')
    await expect(note.locator('li')).toHaveCount(2)
    await expect(note.locator('.note-link')).toContainText('the source (https://example.org/report)')
    await expect(note.locator('.note-image')).toContainText('[Image: photo of the queue]')
    await expect(page.locator('.note-markdown a, .note-markdown img, .note-markdown script')).toHaveCount(0)
    await note.locator('.note-link').click()
    expect(page.url()).toBe(startUrl)
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).pwned)).toBeUndefined()

    await card.getByRole('button', { name: 'Add tag' }).click()
    const tagInput = card.getByRole('combobox', { name: 'Add a tag' })
    await tagInput.fill('queues')
    await tagInput.press('Enter')
    await tagInput.press('Escape')
    await expect(card.locator('.tag-chips .chip-name')).toHaveText(['queues'])

    // A second, yellow highlight in the same article.
    await selectInReader(page, 'the central commission')
    await page.keyboard.press('h')
    await expect(card).toHaveCount(2)
    await card.first().screenshot({ path: test.info().outputPath('highlight-card-colours.png') })
    await page.screenshot({ path: test.info().outputPath('reader-colours.png') })

    // The Highlights tab lists all three, newest first, with swatch, note, tags and entities.
    await page.getByRole('tab', { name: 'Highlights' }).click()
    const tab = page.getByRole('tabpanel', { name: 'Highlights' })
    const rows = tab.getByRole('list', { name: 'All highlights' }).locator('.hl-row')
    await expect(rows).toHaveCount(3)
    await expect(tab.locator('.list-count')).toHaveText('3 highlights')
    await expect(rows.locator('.hl-row-quote')).toHaveText([
      'the central commission',
      'observers reported long queues',
      'The ferry to Port Selwyn',
    ])
    const almatyRow = rows.filter({ hasText: 'observers reported long queues' })
    await expect(almatyRow.getByRole('img', { name: 'Green highlight' })).toBeVisible()
    await expect(almatyRow.locator('.note-markdown strong')).toHaveText('Key')
    await expect(almatyRow.locator('.tag-list .chip-name')).toHaveText(['queues'])
    const ferryRow = rows.filter({ hasText: 'The ferry to Port Selwyn' })
    await expect(ferryRow.getByRole('img', { name: 'Blue highlight' })).toBeVisible()
    await expect(ferryRow.locator('.chip.type-place')).toHaveText('Port Selwyn')
    await expect(ferryRow.locator('.hl-row-title')).toHaveText('Ferry notes')
    await expect(tab.locator('a, img, script')).toHaveCount(0)
    await page.screenshot({ path: test.info().outputPath('highlights-tab.png') })

    // Each filter narrows the list; "Clear filters" brings every highlight back.
    await tab.getByRole('button', { name: /Filters/ }).click()
    const filters = tab.getByRole('group', { name: 'Highlight filters' })
    const clear = async (): Promise<void> => {
      await tab.getByRole('button', { name: 'Clear filters' }).first().click()
      await expect(rows).toHaveCount(3)
    }
    await filters.getByLabel('Colour').selectOption('green')
    await expect(rows.locator('.hl-row-quote')).toHaveText(['observers reported long queues'])
    await expect(tab.locator('.filter-count')).toHaveText('1')
    await clear()
    await filters.getByLabel('Tag').selectOption('transport')
    await expect(rows.locator('.hl-row-quote')).toHaveText(['The ferry to Port Selwyn'])
    await clear()
    const entity = filters.getByRole('combobox', { name: 'Linked to entity' })
    await entity.fill('Selwyn')
    await filters.getByRole('option', { name: /Port Selwyn/ }).click()
    await expect(rows.locator('.hl-row-quote')).toHaveText(['The ferry to Port Selwyn'])
    await clear()
    await filters.getByLabel('Only the open article').check()
    await expect(rows.locator('.hl-row-quote')).toHaveText([
      'the central commission',
      'observers reported long queues',
    ])
    await clear()
    await filters.getByLabel('Dates of').selectOption('created')
    await filters.getByLabel('Highlighted from').fill('2000')
    await expect(tab.locator('.filter-count')).toHaveText('1')
    await expect(rows).toHaveCount(3)
    await filters.getByLabel('Highlighted to').fill('2001-06')
    await expect(tab.getByText('No highlights match these filters.')).toBeVisible()
    await filters.getByLabel('Highlighted to').fill('20x')
    await expect(tab.getByText(/Dates: /)).toBeVisible()
    await clear()
    await filters.getByLabel('Status').selectOption('orphan')
    await expect(tab.getByText('No highlights match these filters.')).toBeVisible()
    await page.screenshot({ path: test.info().outputPath('highlights-tab-filtered.png') })
    await clear()
    await tab.getByLabel('Sort by').selectOption('published')
    await expect(rows).toHaveCount(3)

    // Export: the highlights the filters leave, as W3C Web Annotations or CSV, saved as a download.
    await filters.getByLabel('Colour').selectOption('green')
    await expect(rows).toHaveCount(1)
    await tab.getByRole('button', { name: 'Export' }).click()
    await page.screenshot({ path: test.info().outputPath('export-menu.png') })
    const w3c = await downloadOf(page, () => tab.getByRole('menuitem', { name: /W3C/ }).click())
    expect(w3c.download.suggestedFilename()).toMatch(/^casebook-annotations-.*\.jsonld$/)
    const collection = JSON.parse(w3c.text) as { type: string; total: number }
    expect(collection).toMatchObject({ type: 'AnnotationCollection', total: 1 })
    await expect(tab.getByRole('status')).toHaveText(/Exported 1 highlight to casebook-annotations-/)
    // An evidence report of the same filtered highlights: a printable page citing each quote.
    await tab.getByRole('button', { name: 'Export' }).click()
    const report = await downloadOf(page, () =>
      tab.getByRole('menuitem', { name: /Evidence report \(HTML/ }).click(),
    )
    expect(report.download.suggestedFilename()).toMatch(/^evidence-.*\.html$/)
    expect(report.text).toContain('observers reported long queues')
    expect(report.text).not.toContain('The ferry to Port Selwyn')
    expect(report.text).not.toMatch(/<script/i)
    await expect(tab.getByRole('status')).toHaveText(/Wrote an evidence report of 1 passage/)
    await clear()
    await tab.getByRole('button', { name: 'Export' }).click()
    const csv = await downloadOf(page, () => tab.getByRole('menuitem', { name: /CSV/ }).click())
    expect(csv.download.suggestedFilename()).toMatch(/\.csv$/)
    expect(csv.text).toContain('The ferry to Port Selwyn')
    expect(csv.text).toContain('the central commission')
    await tab.getByRole('button', { name: 'Export' }).click()
    const everything = await downloadOf(page, () => tab.getByRole('menuitem', { name: /W3C/ }).click())

    // Import: what is already here is skipped; an annotation of another tool (an id not Casebook's) is placed.
    const document = JSON.parse(everything.text) as {
      first: { items: Array<{ id: string; target: { selector: unknown } }> }
    }
    const before = await callApi<{ items: Array<{ id: string }> }>(server(), 'highlights.list', {})
    const [one] = document.first.items
    if (!one) throw new Error('the export has no annotations')
    document.first.items.push({ ...one, id: 'https://annotations.example.org/a/1' })
    await tab.getByLabel('Annotations file').setInputFiles({
      name: 'annotations.jsonld',
      mimeType: 'application/ld+json',
      buffer: Buffer.from(JSON.stringify(document)),
    })
    await expect(tab.getByRole('status')).toHaveText('Imported 1 annotation, 3 skipped.')
    await expect(rows).toHaveCount(4)
    // Taken away again, so the rest of the test counts the highlights it made.
    const after = await callApi<{ items: Array<{ id: string }> }>(server(), 'highlights.list', {})
    const copy = after.items.find((h) => !before.items.some((b) => b.id === h.id))
    await callApi(server(), 'highlights.delete', { id: copy?.id })
    await tab.getByLabel('Sort by').selectOption('created')
    await tab.getByRole('button', { name: 'Export' }).click()
    await page.keyboard.press('Escape')
    await expect(tab.getByRole('menu')).toBeHidden()

    // An entity chip opens the entity's page, whose passages show their colour and rendered note.
    await ferryRow.getByRole('button', { name: 'Open Port Selwyn' }).click()
    const entityPage = page.getByRole('main', { name: 'Entity' })
    const passage = entityPage.locator('.passage')
    await expect(passage.getByRole('img', { name: 'Blue highlight' })).toBeVisible()
    await expect(passage.locator('.note-markdown strong')).toHaveText('Late')
    await passage.screenshot({ path: test.info().outputPath('entity-passage.png') })
    await entityPage.getByRole('button', { name: 'Evidence report' }).click()
    await page.screenshot({ path: test.info().outputPath('entity-report-menu.png') })
    const evidence = await downloadOf(page, () =>
      entityPage.getByRole('menuitem', { name: 'Markdown (.md)' }).click(),
    )
    expect(evidence.download.suggestedFilename()).toMatch(/^evidence-.*\.md$/)
    expect(evidence.text).toContain('The ferry to Port Selwyn')
    await expect(entityPage.getByRole('status')).toHaveText(/Saved evidence-.*\.md \(1 passage\)\./)

    // A row opens its article in the reader at that highlight, its card selected.
    await ferryRow.getByRole('button', { name: /The ferry to Port Selwyn/ }).click()
    await expect(reader.locator('.article-body')).toContainText('The ferry to Port Selwyn ran late')
    await expect(panel.locator('.highlight-card.selected')).toContainText('The ferry to Port Selwyn')
    await expect(reader.locator('.hl.selected')).toHaveText('The ferry to Port Selwyn')
    await expect(ferryRow).toHaveClass(/current/)

    // j / k step through an article's highlights in reading order, wrapping around.
    await rows
      .filter({ hasText: 'the central commission' })
      .getByRole('button', { name: /the central commission/ })
      .click()
    await expect(panel.locator('.highlight-card.selected')).toContainText('the central commission')
    await page.keyboard.press('j')
    await expect(panel.locator('.highlight-card.selected')).toContainText('observers reported long queues')
    await expect(reader.locator('.hl.selected')).toHaveText('observers reported long queues')
    await page.keyboard.press('j')
    await expect(panel.locator('.highlight-card.selected')).toContainText('the central commission')
    await page.keyboard.press('k')
    await expect(panel.locator('.highlight-card.selected')).toContainText('observers reported long queues')
    await expect(reader.locator('.hl.selected')).toBeInViewport()
    await expect(page.getByRole('contentinfo', { name: 'Keyboard shortcuts' })).toContainText(
      'next / previous highlight',
    )
  })
})

test('the Highlights tab of a new archive says how to make the first highlight', async ({ page }) => {
  await withArchive(async ({ server }) => {
    await page.goto(server().url)
    await page.getByRole('tab', { name: 'Highlights' }).click()
    await expect(page.getByRole('tabpanel', { name: 'Highlights' })).toContainText(
      'No highlights yet. Select words in an article and press H to highlight them.',
    )
  })
})
