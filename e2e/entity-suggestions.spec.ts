import { expect, test } from '@playwright/test'
import { dropTextFile, ensureRendererBuilt, failOnConsoleErrors, withArchive } from './helpers'

/** Issue 5: the reader suggests the article's people, organisations and places; one is added, one rejected. */

test.beforeAll(() => ensureRendererBuilt())

failOnConsoleErrors()

const ARTICLE =
  'Observers report pressure in Almaty\n\n' +
  'Roman Reimer, the head of the League of Young Voters, said on Monday that observers were pushed out of ' +
  'polling stations in Almaty. Reimer said the Central Election Commission had not answered the complaints.\n'

test('suggested entities are added with their mentions linked, or set aside for good', async ({
  page,
}, testInfo) => {
  await withArchive(async ({ server }) => {
    await page.goto(server().url)
    await dropTextFile(page, 'pressure.txt', ARTICLE)
    await page
      .getByRole('list', { name: 'Articles' })
      .getByRole('button', { name: /Observers report/ })
      .click()
    const panel = page.getByRole('complementary', { name: 'Highlights' })
    const names = panel.getByRole('region', { name: 'Names in this article' })
    await expect(names).toContainText('Nothing is added until you say so')
    await names.getByRole('button', { name: 'Suggest entities' }).click()

    const reimer = names
      .locator('li')
      .filter({ has: page.getByRole('textbox', { name: 'Name for Roman Reimer' }) })
    await expect(reimer).toContainText('2 mentions (also Reimer)')
    await expect(reimer.getByRole('combobox', { name: 'Type for Roman Reimer' })).toHaveValue('person')
    const almaty = names.locator('li').filter({ has: page.getByRole('textbox', { name: 'Name for Almaty' }) })
    await expect(almaty.getByRole('combobox', { name: 'Type for Almaty' })).toHaveValue('place')
    await page.screenshot({ path: testInfo.outputPath('suggestions.png') })

    await reimer.getByRole('button', { name: 'Add' }).click()
    await expect(reimer).toHaveCount(0)
    // Both mentions are highlighted and linked to the new entity.
    await expect(panel.locator('.highlight-card')).toHaveCount(2)
    await expect(panel.locator('.highlight-card').first()).toContainText('Roman Reimer')

    await almaty.getByRole('button', { name: 'Not an entity' }).click()
    await expect(almaty).toHaveCount(0)

    // Asked again, neither comes back: one is linked, the other was set aside.
    await page
      .getByRole('list', { name: 'Articles' })
      .getByRole('button', { name: /Observers report/ })
      .click()
    await page.reload()
    await page
      .getByRole('list', { name: 'Articles' })
      .getByRole('button', { name: /Observers report/ })
      .click()
    await names.getByRole('button', { name: 'Suggest entities' }).click()
    await expect(names.locator('li').first()).toBeVisible()
    await expect(names.getByRole('textbox', { name: 'Name for Roman Reimer' })).toHaveCount(0)
    await expect(names.getByRole('textbox', { name: 'Name for Almaty' })).toHaveCount(0)
    await expect(names.getByRole('textbox', { name: 'Name for League of Young Voters' })).toHaveCount(1)

    await page.getByRole('tab', { name: 'Entities' }).click()
    const list = page.getByRole('list', { name: 'Entity list' })
    await list.getByRole('button', { name: /Roman Reimer/ }).click()
    const entityPage = page.getByRole('main', { name: 'Entity' })
    await expect(entityPage.locator('.passage')).toHaveCount(2)
  })
})
