import { expect, test } from '@playwright/test'
import {
  ALMATY_FILE,
  createHighlightByApi,
  ensureRendererBuilt,
  failOnConsoleErrors,
  FERRY_FILE,
  highlightInNewArticle,
  importTextFiles,
  selectInReader,
  withArchive,
} from './helpers'

/** Tags on highlights: added and removed in the highlight's card, then found with tag: and the tag filter. */

test.beforeAll(() => ensureRendererBuilt())

failOnConsoleErrors()

test('a tag added in the card finds its article with tag: and the tag filter', async ({ page }) => {
  await withArchive(async ({ server }) => {
    await page.goto(server().url)
    await importTextFiles(page, [ALMATY_FILE, FERRY_FILE])
    const { card } = await highlightInNewArticle(
      page,
      /Election day in Almaty/,
      'observers reported long queues',
    )

    // Type a tag, Enter adds it and leaves the field open for the next.
    await card.getByRole('button', { name: 'Add tag' }).click()
    const tagInput = card.getByRole('combobox', { name: 'Add a tag' })
    await expect(tagInput).toBeFocused()
    await tagInput.fill('  Election   day ')
    await tagInput.press('Enter')
    const tags = card.locator('.tag-chips')
    await expect(tags.locator('.chip-name')).toHaveText(['Election day'])
    await expect(tagInput).toHaveValue('')
    // Typed faster than the engine answers: every tag is kept; the same tag in another case is not added twice.
    for (const tag of ['queues', 'turnout', 'ELECTION DAY']) {
      await tagInput.fill(tag)
      await tagInput.press('Enter')
    }
    await expect(tags.locator('.chip-name')).toHaveText(['Election day', 'queues', 'turnout'])
    await card.screenshot({ path: '/tmp/casebook-highlight-tags-card.png' })
    await page.screenshot({ path: test.info().outputPath('highlight-tags.png') })

    // The × removes a tag, from the keyboard too; Escape closes the field.
    await card.getByRole('button', { name: 'Remove tag queues' }).focus()
    await page.keyboard.press('Enter')
    await expect(tags.locator('.chip-name')).toHaveText(['Election day', 'turnout'])
    await tagInput.press('Escape')
    await expect(tagInput).toBeHidden()

    // A second passage: the type-ahead offers the archive's tags, in their own spelling.
    await selectInReader(page, 'the central commission')
    await page.keyboard.press('h')
    await expect(card).toHaveCount(2)
    const second = card.filter({ hasText: 'the central commission' })
    await second.getByRole('button', { name: 'Add tag' }).click()
    const secondInput = second.getByRole('combobox', { name: 'Add a tag' })
    await secondInput.fill('elec')
    const options = second.getByRole('option')
    await expect(options).toHaveCount(1)
    await expect(options.first()).toContainText('Election day')
    await second.screenshot({ path: '/tmp/casebook-highlight-tags-typeahead.png' })
    await secondInput.press('ArrowDown')
    await expect(options.first()).toHaveAttribute('aria-selected', 'true')
    await secondInput.press('Enter')
    await expect(second.locator('.tag-chips .chip-name')).toHaveText(['Election day'])

    // tag: finds the article, and lists the tagged highlights with their tags.
    const search = page.getByRole('searchbox', { name: 'Search' })
    const articles = page.getByRole('region', { name: 'Search results' })
    const highlights = page.getByRole('region', { name: 'Highlights & notes' })
    await search.fill('tag:"election day"')
    await expect(articles.locator('.list-count')).toHaveText('1 result')
    await expect(articles.locator('.article-title')).toHaveText(['Election day in Almaty'])
    await expect(highlights.locator('.related-total')).toHaveText('2')
    await expect(highlights.locator('.kind-label')).toHaveText(['Tagged', 'Tagged'])
    await expect(highlights.locator('.related-quote')).toHaveText([
      'the central commission',
      'observers reported long queues',
    ])
    await expect(highlights.locator('.tag-list').first()).toHaveText('Election day')
    await expect(page.getByRole('region', { name: 'Entities', exact: true })).toBeHidden()
    await search.fill('tag:elect*')
    await expect(articles.locator('.list-count')).toHaveText('1 result')
    await page.screenshot({ path: test.info().outputPath('highlight-tags-search.png') })

    // The tag filter narrows a search, and alone lists the tagged articles.
    await search.fill('observers')
    await expect(articles.locator('.list-count')).toHaveText('2 results')
    const toggle = page.getByRole('button', { name: /Filters/ })
    await toggle.click()
    const tagFilter = page.getByRole('group', { name: 'Filters' }).getByLabel('Tag')
    await expect(tagFilter.locator('option')).toHaveText(['Any tag', 'Election day (2)', 'turnout (1)'])
    await tagFilter.selectOption('Election day')
    await expect(articles.locator('.list-count')).toHaveText('1 result')
    await expect(articles.locator('.article-title')).toHaveText(['Election day in Almaty'])
    await expect(highlights.locator('.related-quote')).toHaveText(['observers reported long queues'])
    await search.fill('')
    await expect(articles.locator('.list-count')).toHaveText('1 article matches the filters')
    await expect(articles.locator('.article-title')).toHaveText(['Election day in Almaty'])
    await page.screenshot({ path: '/tmp/casebook-highlight-tags-filter.png' })
  })
})

test("an entity's page shows its passages' tags", async ({ page }) => {
  await withArchive(async ({ server }) => {
    await page.goto(server().url)
    await importTextFiles(page, [ALMATY_FILE])
    await createHighlightByApi(server(), {
      articleTitle: 'Election day in Almaty',
      passage: 'the central commission',
      entity: { type: 'organisation', name: 'Central Election Commission' },
      tags: ['results', 'follow up'],
    })
    await page.getByRole('tab', { name: 'Entities' }).click()
    await page.getByRole('button', { name: /Central Election Commission/ }).click()
    const entityPage = page.getByRole('main', { name: 'Entity' })
    await expect(entityPage.locator('.passage .tag-list .chip-name')).toHaveText(['results', 'follow up'])
    await entityPage.locator('.passage').screenshot({ path: '/tmp/casebook-entity-passage-tags.png' })
  })
})
