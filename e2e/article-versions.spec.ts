import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import {
  dropTextFile,
  ensureRendererBuilt,
  failOnConsoleErrors,
  REPO_ROOT,
  selectInReader,
  withArchive,
} from './helpers'

/**
 * Article versions through the UI: a page saved again from the same URL becomes version 2, the highlights
 * follow their words, the one whose words are gone waits in the review queue and is re-attached by selecting
 * new words; version 1 stays readable with its highlights, the two versions compare word by word, and a
 * correction typed in the app makes version 3.
 */

test.beforeAll(() => ensureRendererBuilt())

failOnConsoleErrors()

const PAGE_FILE = resolve(REPO_ROOT, 'fixtures/articles/saved-page.html')
const PAGE = readFileSync(PAGE_FILE, 'utf8')
const KEPT = 'taking more water from the river than its licence allows'
const QUOTED = 'We are asking for the share we were promised'
const REMOVED = 'invited the farmers to check them with an independent hydrologist'
const ADDED_PARAGRAPH = 'Updated on Wednesday with the reply of the council, which met overnight.'
const NEW_WORDS = 'the pumping records were confidential'

/** The same page saved a day later (same canonical URL): a paragraph added at the top, one sentence reworded. */
const UPDATED_PAGE = PAGE.replace(
  '<p class="byline">By Lena Marsh</p>',
  `<p class="byline">By Lena Marsh</p>\n<p>${ADDED_PARAGRAPH}</p>`,
).replace(
  /said the city would publish[^<]*hydrologist\./,
  'said on Wednesday that the pumping records were confidential and would stay so.',
)

const shotPath = (name: string): string => `/tmp/casebook-versions-${name}.png`

async function highlight(page: Page, passage: string): Promise<void> {
  await selectInReader(page, passage)
  await page.keyboard.press('h')
}

test('a new version carries highlights over, an orphan is re-attached, old versions read and compare', async ({
  page,
}) => {
  expect(UPDATED_PAGE).toContain(NEW_WORDS)
  await withArchive(async ({ server }) => {
    await page.goto(server().url)
    await page.getByTestId('import-files-input').setInputFiles(PAGE_FILE)
    const library = page.getByRole('list', { name: 'Articles' })
    await expect(library.getByRole('listitem')).toHaveCount(1)
    await library.getByRole('button', { name: /Farmers and city clash/ }).click()

    const reader = page.getByRole('main', { name: 'Reader' })
    const body = reader.locator('.article-body')
    await expect(body).toContainText(REMOVED)
    const versionBar = reader.getByRole('group', { name: 'Versions' })
    await expect(versionBar).toContainText('Version 1 of 1')
    await expect(versionBar).toContainText('imported from saved-page.html')
    await expect(versionBar.getByRole('button', { name: 'Compare' })).toHaveCount(0)

    const cards = page.getByRole('complementary', { name: 'Highlights' }).locator('.highlight-card')
    for (const passage of [KEPT, QUOTED, REMOVED]) await highlight(page, passage)
    await expect(cards).toHaveCount(3)
    await expect(page.getByRole('tab', { name: /Review/ }).locator('.tab-badge')).toHaveCount(0)

    // The page saved again, imported the ordinary way: recognised by its URL as a new version.
    await page.getByTestId('import-files-input').setInputFiles({
      name: 'saved-page-again.html',
      mimeType: 'text/html',
      buffer: Buffer.from(UPDATED_PAGE),
    })
    const results = page.getByRole('list', { name: 'Import results' })
    await expect(results.getByRole('listitem').last()).toContainText('a new version of')
    await expect(results.getByRole('listitem').last()).toContainText('2 highlights carried over, 1 to review')
    await expect(page.getByRole('region', { name: 'Import' })).toContainText('1 new version')
    await expect(library.getByRole('listitem')).toHaveCount(1)

    // The open article shows version 2 at once, with the kept highlights on their words.
    await expect(reader.getByRole('status').filter({ hasText: 'Imported as version 2' })).toContainText(
      '2 highlights carried over, 1 to review',
    )
    await expect(versionBar.getByRole('combobox', { name: 'Open version' })).toContainText('Version 2 of 2')
    await expect(body).toContainText(ADDED_PARAGRAPH)
    await expect(body).not.toContainText('hydrologist')
    await expect(reader.locator('.hl')).toHaveCount(2)
    await expect(reader.locator('.hl').filter({ hasText: KEPT })).toHaveText(KEPT)
    await expect(reader.locator('.hl').filter({ hasText: QUOTED })).toHaveText(QUOTED)
    await expect(cards).toHaveCount(2)
    await reader.locator('.reader-top').screenshot({ path: shotPath('bar') })

    // One orphan waits in the review queue.
    const reviewTab = page.getByRole('tab', { name: /Review/ })
    await expect(reviewTab.locator('.tab-badge')).toHaveText('1')
    await reviewTab.click()
    const queue = page.getByRole('tabpanel', { name: 'Review' })
    const items = queue.getByRole('listitem')
    await expect(items).toHaveCount(1)
    await expect(items.first().locator('.review-quote')).toHaveText(REMOVED)
    await expect(items.first()).toContainText('Farmers and city clash over river water')
    await page.screenshot({ path: shotPath('queue') })

    // Re-attach: the current version opens in re-attach mode; select the new words and attach.
    await items
      .first()
      .getByRole('button', { name: /Re-attach/ })
      .click()
    const banner = reader.getByRole('region', { name: 'Re-attach highlight' })
    await expect(banner).toContainText('Select the words this highlight belongs to')
    await expect(banner.locator('.review-quote')).toHaveText(REMOVED)
    await selectInReader(page, NEW_WORDS)
    const toolbar = page.getByRole('toolbar', { name: 'Selection' })
    await expect(toolbar.getByRole('button', { name: 'Attach here' })).toBeVisible()
    await expect(toolbar.getByRole('button', { name: 'Highlight' })).toHaveCount(0)
    await page.screenshot({ path: shotPath('reattach') })
    await toolbar.getByRole('button', { name: 'Attach here' }).click()
    await expect(banner).toBeHidden()
    await expect(reader.locator('.hl').filter({ hasText: NEW_WORDS })).toHaveText(NEW_WORDS)
    await expect(cards).toHaveCount(3)
    await expect(queue.getByText('Nothing to review')).toBeVisible()
    await expect(reviewTab.locator('.tab-badge')).toHaveCount(0)

    // Version 1, read-only, with its highlights where they stood.
    const versionSelect = versionBar.getByRole('combobox', { name: 'Open version' })
    const first = await versionSelect.locator('option', { hasText: 'Version 1 of 2' }).getAttribute('value')
    await versionSelect.selectOption(first ?? '')
    await expect(reader.getByRole('note', { name: 'Older version' })).toContainText(
      'You are reading version 1 of 2 (older)',
    )
    await expect(body).toContainText(REMOVED)
    await expect(body).not.toContainText(ADDED_PARAGRAPH)
    await expect(reader.locator('.hl').filter({ hasText: REMOVED })).toHaveText(REMOVED)
    await expect(reader.locator('.hl')).toHaveCount(3)
    await expect(versionBar.getByRole('button', { name: 'Edit text' })).toHaveCount(0)
    await selectInReader(page, 'The farmers')
    // No highlighting on an older version: no toolbar, and h does nothing.
    await page.waitForTimeout(300)
    await expect(toolbar).toHaveCount(0)
    await page.keyboard.press('h')
    await expect(reader.locator('.hl')).toHaveCount(3)
    await page.screenshot({ path: shotPath('older') })

    // Compare: version 1 → version 2, inline then side by side.
    await versionBar.getByRole('button', { name: 'Compare' }).click()
    const diff = page.getByRole('main', { name: 'Compare versions' })
    const differences = diff.getByRole('region', { name: 'Differences' })
    await expect(differences.locator('ins').filter({ hasText: 'Updated on Wednesday' })).toBeVisible()
    await expect(differences.locator('del').filter({ hasText: 'hydrologist' })).toBeVisible()
    await expect(diff.locator('.diff-counts')).toHaveText(/\d+ words added, \d+ removed/)
    await page.screenshot({ path: shotPath('diff-inline') })
    await diff.getByRole('radio', { name: 'Side by side' }).click()
    await expect(
      diff.getByRole('region', { name: 'Version 1, with removals' }).locator('del'),
    ).not.toHaveCount(0)
    await expect(diff.getByRole('region', { name: 'Version 1, with removals' }).locator('ins')).toHaveCount(0)
    await expect(
      diff.getByRole('region', { name: 'Version 2, with additions' }).locator('ins'),
    ).not.toHaveCount(0)
    await page.screenshot({ path: shotPath('diff-side') })
    await diff.getByRole('button', { name: 'Back to the article' }).click()
    await reader.getByRole('button', { name: 'Back to the current version' }).click()
    await expect(body).toContainText(ADDED_PARAGRAPH)

    // A correction typed in the app: version 3, every highlight carried over.
    await versionBar.getByRole('button', { name: 'Edit text' }).click()
    const editor = page.getByRole('dialog', { name: 'Edit text' })
    const area = editor.getByRole('textbox', { name: 'Article text' })
    await expect(editor).toContainText('separated by a blank line')
    const text = await area.inputValue()
    await area.fill(text.replace('Farmers in the lower valley', 'Farmers in the southern lower valley'))
    await page.screenshot({ path: shotPath('edit') })
    await editor.getByRole('button', { name: 'Save as new version' }).click()
    await expect(editor).toBeHidden()
    await expect(reader.getByRole('status').filter({ hasText: 'Saved as version 3' })).toContainText(
      '3 highlights carried over, 0 to review',
    )
    await expect(body).toContainText('Farmers in the southern lower valley')
    await expect(versionBar).toContainText('corrected in the app')
    await expect(reader.locator('.hl')).toHaveCount(3)
    await expect(page.getByRole('alert')).toHaveCount(0)
  })
})

test('a file chosen in the reader becomes the next version of the open article', async ({ page }) => {
  const notes =
    'Ferry notes\n\nThe ferry to Port Selwyn ran late all week.\n\n' +
    'At the harbour office, observers blamed the crews for the delays and asked for a new timetable.\n\n' +
    'The company did not answer.\n'
  await withArchive(async ({ server }) => {
    await page.goto(server().url)
    await dropTextFile(page, 'ferry.txt', notes)
    const library = page.getByRole('list', { name: 'Articles' })
    await library.getByRole('button', { name: /Ferry notes/ }).click()
    const reader = page.getByRole('main', { name: 'Reader' })
    await expect(reader.locator('.article-body')).toContainText('ran late all week')
    await highlight(page, 'observers blamed the crews')
    await expect(reader.locator('.hl')).toHaveCount(1)

    // Another name and no source URL: only the choice made in the reader ties it to this article.
    await reader.getByTestId('import-version-input').setInputFiles({
      name: 'ferry-corrected.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(notes.replace('all week.', 'all week in March.')),
    })
    await expect(reader.getByRole('status').filter({ hasText: 'Imported as version 2' })).toContainText(
      '1 highlight carried over, 0 to review',
    )
    await expect(reader.locator('.article-body')).toContainText('all week in March')
    await expect(reader.locator('.hl')).toHaveText(['observers blamed the crews'])
    await expect(library.getByRole('listitem')).toHaveCount(1)
    await reader.getByRole('status').getByRole('button', { name: 'Dismiss notice' }).click()
    await expect(reader.getByRole('status')).toHaveCount(0)
  })
})
