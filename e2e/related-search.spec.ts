import { expect, test } from '@playwright/test'
import {
  dropTextFile,
  ensureRendererBuilt,
  selectInReader,
  withArchive,
  failOnConsoleErrors,
  callApi,
} from './helpers'

/** Search also finds entities (by name or alias) and highlights (by quote or note), each labelled. */

test.beforeAll(() => ensureRendererBuilt())

failOnConsoleErrors()

const ARTICLE =
  'Election day in Almaty\n\n' +
  'President Tokayev spoke briefly to reporters at the polling station. ' +
  'Independent observers reported long queues outside every school in the district.\n\n' +
  'By the evening the central commission had published the first figures.\n'

test('search lists matching entities and highlights in labelled sections, and opens them', async ({
  page,
}) => {
  await withArchive(async ({ server }) => {
    await page.goto(server().url)
    await dropTextFile(page, 'almaty.txt', ARTICLE)
    await expect(page.getByRole('list', { name: 'Articles' }).getByRole('listitem')).toHaveCount(1)

    // A highlight with a note, made in the reader as a user would.
    await page.getByRole('list', { name: 'Articles' }).getByRole('button').first().click()
    const reader = page.getByRole('main', { name: 'Reader' })
    await expect(reader.locator('.article-body')).toContainText('observers reported long queues')
    await selectInReader(page, 'observers reported long queues')
    await page.keyboard.press('h')
    const panel = page.getByRole('complementary', { name: 'Highlights' })
    await expect(panel.locator('.highlight-card')).toHaveCount(1)
    await panel.getByRole('button', { name: 'Add note' }).click()
    await panel.getByRole('textbox', { name: 'Note' }).fill('Ask the Токаев campaign about the queues')
    await panel.getByRole('button', { name: 'Save note' }).click()
    await expect(panel.locator('.note')).toHaveText('Ask the Токаев campaign about the queues')

    // An entity known by its Latin name, with a Cyrillic alias; and one the query does not name.
    await callApi(server(), 'entities.create', {
      type: 'person',
      name: 'Kassym-Jomart Tokayev',
      aliases: ['Тоқаев'],
    })
    await callApi(server(), 'entities.create', { type: 'place', name: 'Almaty' })

    const search = page.getByRole('searchbox', { name: 'Search' })
    await search.fill('Tokayev')
    const entities = page.getByRole('region', { name: 'Entities', exact: true })
    const highlights = page.getByRole('region', { name: 'Highlights & notes' })
    const articles = page.getByRole('region', { name: 'Search results' })
    await expect(entities.locator('.related-total')).toHaveText('1')
    await expect(entities.getByRole('button')).toHaveCount(1)
    await expect(entities.getByRole('button')).toContainText('Entity')
    await expect(entities.getByRole('button')).toContainText('Person')
    await expect(entities.locator('mark')).toHaveText(['Tokayev'])
    // The note names him in Cyrillic: found through the name's skeleton, and labelled as a note.
    await expect(highlights.locator('.related-total')).toHaveText('1')
    const found = highlights.getByRole('button')
    await expect(found.locator('.kind-label')).toHaveText('Note')
    await expect(found.locator('.related-quote')).toHaveText('observers reported long queues')
    await expect(found.locator('mark')).toHaveText(['Токаев'])
    await expect(found).toContainText('Election day in Almaty')
    await expect(articles.locator('.list-count')).toHaveText('1 result')
    // The sections come first, above the article results.
    const entitiesBox = await entities.boundingBox()
    const highlightsBox = await highlights.boundingBox()
    const articlesBox = await articles.boundingBox()
    expect(entitiesBox!.y).toBeLessThan(highlightsBox!.y)
    expect(highlightsBox!.y).toBeLessThan(articlesBox!.y)
    await page.screenshot({ path: test.info().outputPath('related-search.png') })

    // An entity opens its page, from the keyboard too.
    await entities.getByRole('button').focus()
    await page.keyboard.press('Enter')
    const entityPage = page.getByRole('main', { name: 'Entity' })
    await expect(entityPage.getByRole('heading', { name: 'Kassym-Jomart Tokayev', level: 1 })).toBeVisible()
    await expect(entities.locator('li.current')).toHaveCount(1)

    // A highlight opens the reader at it, selected in the right panel.
    await found.click()
    await expect(reader.locator('.article-body')).toContainText('observers reported long queues')
    await expect(panel.locator('.highlight-card.selected')).toContainText('observers reported long queues')
    await expect(reader.locator('.hl.flash').first()).toBeInViewport()

    // A word in the quote, a word in the note: the highlight is found by both.
    await search.fill('queues campaign')
    await expect(highlights.locator('.kind-label')).toHaveText('Highlight & note')
    await expect(entities).toBeHidden()
    // Sections with nothing in them are hidden; entity: asks about entities only.
    await search.fill('entity:almaty')
    await expect(entities.locator('.related-total')).toHaveText('1')
    await expect(entities.getByRole('button')).toContainText('Place')
    await expect(highlights).toBeHidden()
    await search.fill('title:election')
    await expect(articles.locator('.list-count')).toHaveText('1 result')
    await expect(entities).toBeHidden()
    await expect(highlights).toBeHidden()
    await expect(articles).toHaveAttribute('aria-busy', 'false')
  })
})

test('a long section shows a few items and all of them on request', async ({ page }) => {
  await withArchive(async ({ server }) => {
    await page.goto(server().url)
    for (const name of [
      'Observer Mission',
      'Observers Union',
      'Election Observer Network',
      'Observer Desk',
    ]) {
      await callApi(server(), 'entities.create', { type: 'organisation', name })
    }
    await callApi(server(), 'entities.create', { type: 'person', name: 'Dana', aliases: ['The Observer'] })
    const search = page.getByRole('searchbox', { name: 'Search' })
    await search.fill('observer')
    const entities = page.getByRole('region', { name: 'Entities', exact: true })
    await expect(entities.locator('.related-total')).toHaveText('5')
    await expect(entities.getByRole('listitem')).toHaveCount(3)
    // A match on a name ranks above a match on an alias.
    await entities.getByRole('button', { name: 'Show all 5 entities' }).click()
    await expect(entities.getByRole('listitem')).toHaveCount(5)
    await expect(entities.getByRole('listitem').last()).toContainText('also known as The Observer')
    await expect(page.getByRole('region', { name: 'Search results' })).toBeHidden()
    await page.screenshot({ path: test.info().outputPath('related-all-entities.png') })
    await entities.getByRole('button', { name: '← All results' }).click()
    await expect(entities.getByRole('listitem')).toHaveCount(3)
    await expect(page.getByRole('region', { name: 'Search results' })).toBeVisible()
    await expect(page.getByRole('region', { name: 'Search results' })).toHaveAttribute('aria-busy', 'false')
  })
})
