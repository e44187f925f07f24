import { resolve } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { REPO_ROOT, selectInReader } from './helpers'

/**
 * The whole path on one article, shared by the browser shell's spec and the Electron spec: import, search,
 * read, highlight, link (a cancelled "Link to new entity" leaves nothing), restart on the same archive
 * file, entity page, back to the text, and finally delete the article.
 */
export interface Scenario {
  name: string
  file: string
  search: string
  entity: string
  /** Typed into the type-ahead to find the entity again. */
  typeAhead: string
  firstPassage: string
  secondPassage: string
}

/** How a shell is driven: the scenario does not care whether a server or an app window hosts the UI. */
export interface ScenarioHost {
  /** Shows the UI on a new, empty archive. */
  open(): Promise<Page>
  /** Stops Casebook and starts it again on the same archive file; resolves to the new page. */
  restart(): Promise<Page>
}

export const OWN_ARTICLE: Scenario = {
  name: 'own fixture',
  file: resolve(REPO_ROOT, 'e2e/fixtures/harbour-council-vote.md'),
  search: 'observers',
  entity: 'Ilse Brandvold',
  typeAhead: 'Brandvold',
  firstPassage:
    '“We were told to stand behind a rope for our own safety, but from there nobody could see the table where the ballots were counted,” said Ilse Brandvold, coordinator of the Coastal Ballot Watch.',
  secondPassage:
    '“A recount costs a week. Certifying a result that half the town does not trust costs much more than that,” Ilse Brandvold told reporters',
}

export const SHARED_FIXTURE = resolve(REPO_ROOT, '../shared/fixtures/kazakhstan-election-2022.txt')
export const REAL_ARTICLE: Scenario = {
  name: 'real article',
  file: SHARED_FIXTURE,
  search: 'observers',
  entity: 'Roman Reimer',
  typeAhead: 'Reimer',
  firstPassage:
    'Since 2021, the state follows the path of creation of their “own civil society” and, moreover, constantly produces legal acts that restrict the work of observers,” said Roman Reimer, co-founder of public foundation “Yerkindik Kanaty” (“Wings of Freedom”).',
  secondPassage:
    '“They work at the station not as observers, but as the right hand of the chair. There is some kind of merge between the election commission members and observers,” said Roman Reimer.',
}

export async function runWholePath(
  host: ScenarioHost,
  scenario: Scenario,
  shotPrefix: string,
): Promise<void> {
  let page = await host.open()
  const shot = (name: string) =>
    page.screenshot({ path: test.info().outputPath(`${shotPrefix}-${name}.png`) })
  await expect(page.getByText('Your archive is empty')).toBeVisible()

  await page.getByTestId('import-files-input').setInputFiles(scenario.file)
  const results = page.getByRole('list', { name: 'Import results' })
  await expect(results.getByRole('listitem')).toHaveCount(1)
  await expect(results.getByRole('listitem').first()).toContainText('imported')
  await expect(page.getByRole('list', { name: 'Articles' }).getByRole('listitem')).toHaveCount(1)

  // Search, and open the article from its hit.
  await page.getByRole('searchbox', { name: 'Search' }).fill(scenario.search)
  const hits = page.getByRole('region', { name: 'Search results' })
  await expect(hits.locator('mark').first()).toBeVisible()
  await expect(hits).toContainText('1 result')
  await hits.getByRole('button').first().click()
  const reader = page.getByRole('main', { name: 'Reader' })
  await expect(reader.locator('.article-body')).toContainText(scenario.firstPassage)
  const panel = page.getByRole('complementary', { name: 'Highlights' })
  const cards = panel.locator('.highlight-card')

  // "Link to new entity" stores nothing until the form is submitted: cancelling leaves no highlight.
  await selectInReader(page, scenario.firstPassage)
  const toolbar = page.getByRole('toolbar', { name: 'Selection' })
  await toolbar.getByRole('button', { name: 'Link to new entity' }).click()
  const form = page.getByRole('dialog', { name: 'New entity' })
  await expect(form.getByLabel('Name')).not.toHaveValue('')
  await expect(cards).toHaveCount(0)
  await form.getByRole('button', { name: 'Cancel' }).click()
  await expect(form).toBeHidden()
  await expect(cards).toHaveCount(0)
  await expect(reader.locator('.hl')).toHaveCount(0)

  // First passage: highlight it and create the entity from it, in one step.
  await selectInReader(page, scenario.firstPassage)
  await toolbar.getByRole('button', { name: 'Link to new entity' }).click()
  await form.getByLabel('Type').selectOption('person')
  await form.getByLabel('Name').fill(scenario.entity)
  await form.getByRole('button', { name: 'Create and link' }).click()
  await expect(form).toBeHidden()
  await expect(cards).toHaveCount(1)
  await expect(panel.getByRole('button', { name: `Open ${scenario.entity}` })).toHaveCount(1)

  // Second passage: link it to the entity that now exists, through the type-ahead.
  await selectInReader(page, scenario.secondPassage)
  await toolbar.getByRole('button', { name: 'Link to entity…' }).click()
  await toolbar.getByRole('combobox', { name: 'Find an entity' }).fill(scenario.typeAhead)
  await expect(toolbar.getByRole('option', { name: new RegExp(scenario.entity) })).toBeVisible()
  await shot('type-ahead')
  await toolbar.getByRole('option', { name: new RegExp(scenario.entity) }).click()
  await expect(cards).toHaveCount(2)
  await expect(panel.getByRole('button', { name: `Open ${scenario.entity}` })).toHaveCount(2)
  await expect(reader.locator('.hl.linked.type-person').first()).toBeVisible()
  await expect(page.getByRole('alert')).toHaveCount(0)
  await shot('reader')

  // Everything must survive a restart on the same archive file.
  page = await host.restart()
  await page.getByRole('tab', { name: 'Entities' }).click()
  await page
    .getByRole('tabpanel', { name: 'Entities' })
    .getByRole('button', { name: new RegExp(scenario.entity) })
    .click()
  const entityPage = page.getByRole('main', { name: 'Entity' })
  await expect(entityPage.getByRole('heading', { name: scenario.entity, level: 1 })).toBeVisible()
  const passages = entityPage.locator('.passage')
  await expect(passages).toHaveCount(2)
  await expect(entityPage).toContainText(scenario.firstPassage)
  await expect(entityPage).toContainText(scenario.secondPassage)
  await shot('entity')

  // A passage opens the article scrolled to it, flashing.
  await passages.filter({ hasText: scenario.secondPassage }).click()
  const readerAfter = page.getByRole('main', { name: 'Reader' })
  const panelAfter = page.getByRole('complementary', { name: 'Highlights' })
  await expect(readerAfter.locator('.article-body')).toContainText(scenario.secondPassage)
  await expect(readerAfter.locator('.hl.flash').first()).toBeInViewport()
  await expect(panelAfter.locator('.highlight-card.selected')).toContainText(scenario.secondPassage)
  await shot('reader-passage')

  // Deleting the article asks first, then takes its passages off the entity page and out of the library.
  await readerAfter.getByRole('button', { name: 'Delete article' }).click()
  const confirm = readerAfter.getByRole('group', { name: 'Confirm article deletion' })
  await expect(confirm).toContainText('2 highlights')
  await confirm.getByRole('button', { name: 'Delete', exact: true }).click()
  await expect(readerAfter.getByText('Nothing open')).toBeVisible()
  await expect(panelAfter.locator('.highlight-card')).toHaveCount(0)
  await page.getByRole('tab', { name: 'Library' }).click()
  await expect(page.getByText('Your archive is empty')).toBeVisible()
  await page.getByRole('tab', { name: 'Entities' }).click()
  await page
    .getByRole('tabpanel', { name: 'Entities' })
    .getByRole('button', { name: new RegExp(scenario.entity) })
    .click()
  await expect(page.getByRole('main', { name: 'Entity' })).toContainText('No passages are linked')
  await expect(page.getByRole('alert')).toHaveCount(0)
}
