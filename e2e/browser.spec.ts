import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import {
  dropTextFile,
  ensureRendererBuilt,
  makeArchiveDir,
  REPO_ROOT,
  selectInReader,
  startServer,
  type RunningServer,
} from './helpers'

/** The whole path on one article: import, search, read, highlight, link, restart, entity page, back to the text. */
interface Scenario {
  name: string
  file: string
  search: string
  entity: string
  /** Typed into the type-ahead to find the entity again. */
  typeAhead: string
  firstPassage: string
  secondPassage: string
}

const OWN_ARTICLE: Scenario = {
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

const SHARED_FIXTURE = resolve(REPO_ROOT, '../shared/fixtures/kazakhstan-election-2022.txt')
const REAL_ARTICLE: Scenario = {
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

test.beforeAll(() => ensureRendererBuilt())

// A CSP violation or an uncaught error shows up only in the console: fail the test on any.
let consoleErrors: string[] = []
test.beforeEach(({ page }) => {
  consoleErrors = []
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text())
  })
  page.on('pageerror', (error) => consoleErrors.push(error.message))
})
test.afterEach(() => {
  expect(consoleErrors).toEqual([])
})

/** Each test gets its own archive and server, stopped and removed afterwards. */
async function withArchive(
  run: (ctx: {
    archive: string
    server: () => RunningServer
    restart: () => Promise<RunningServer>
  }) => Promise<void>,
) {
  const { archive, cleanup } = makeArchiveDir()
  let server = await startServer(archive)
  try {
    await run({
      archive,
      server: () => server,
      restart: async () => {
        await server.stop()
        server = await startServer(archive)
        return server
      },
    })
  } finally {
    await server.stop()
    cleanup()
  }
}

function importInput(page: Page) {
  return page.getByTestId('import-files-input')
}

async function runScenario(page: Page, scenario: Scenario, shotPrefix: string): Promise<void> {
  await withArchive(async ({ server, restart }) => {
    await page.goto(server().url)
    await expect(page.getByText('Your archive is empty')).toBeVisible()

    await importInput(page).setInputFiles(scenario.file)
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

    // First passage: highlight it and create the entity from it.
    await selectInReader(page, scenario.firstPassage)
    const toolbar = page.getByRole('toolbar', { name: 'Selection' })
    await toolbar.getByRole('button', { name: 'Link to new entity' }).click()
    const form = page.getByRole('dialog', { name: 'New entity' })
    await expect(form.getByLabel('Name')).not.toHaveValue('')
    await form.getByLabel('Type').selectOption('person')
    await form.getByLabel('Name').fill(scenario.entity)
    await form.getByRole('button', { name: 'Create and link' }).click()
    await expect(form).toBeHidden()
    const panel = page.getByRole('complementary', { name: 'Highlights' })
    await expect(panel.getByRole('button', { name: `Open ${scenario.entity}` })).toHaveCount(1)

    // Second passage: link it to the entity that now exists, through the type-ahead.
    await selectInReader(page, scenario.secondPassage)
    await toolbar.getByRole('button', { name: 'Link to entity…' }).click()
    await toolbar.getByRole('combobox', { name: 'Find an entity' }).fill(scenario.typeAhead)
    await expect(toolbar.getByRole('option', { name: new RegExp(scenario.entity) })).toBeVisible()
    await page.screenshot({ path: test.info().outputPath(`${shotPrefix}-type-ahead.png`) })
    await toolbar.getByRole('option', { name: new RegExp(scenario.entity) }).click()
    await expect(panel.getByRole('button', { name: `Open ${scenario.entity}` })).toHaveCount(2)
    await expect(reader.locator('.hl.linked.type-person').first()).toBeVisible()
    await expect(page.getByRole('alert')).toHaveCount(0)
    await page.screenshot({ path: test.info().outputPath(`${shotPrefix}-reader.png`) })

    // Everything must survive a restart of the server on the same archive file.
    const second = await restart()
    await page.goto(second.url)
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
    await page.screenshot({ path: test.info().outputPath(`${shotPrefix}-entity.png`) })

    // A passage opens the article scrolled to it, flashing.
    await passages.filter({ hasText: scenario.secondPassage }).click()
    await expect(reader.locator('.article-body')).toContainText(scenario.secondPassage)
    const flashed = reader.locator('.hl.flash')
    await expect(flashed.first()).toBeInViewport()
    await expect(panel.locator('.highlight-card.selected')).toContainText(scenario.secondPassage)
    await page.screenshot({ path: test.info().outputPath(`${shotPrefix}-reader-passage.png`) })
  })
}

test('the whole path on our own article', async ({ page }) => {
  await runScenario(page, OWN_ARTICLE, 'own')
})

test('the whole path on the real article', async ({ page }) => {
  test.skip(!existsSync(SHARED_FIXTURE), 'the shared fixture is not present')
  await runScenario(page, REAL_ARTICLE, 'real')
})

test('the empty state greets a new archive', async ({ page }) => {
  await withArchive(async ({ server }) => {
    await page.goto(server().url)
    await expect(page.getByText('Your archive is empty')).toBeVisible()
    await expect(page.getByText(/\.txt.*\.md.*\.html/)).toBeVisible()
    await page.getByRole('tab', { name: 'Entities' }).click()
    await expect(page.getByText('No entities yet')).toBeVisible()
    await page.screenshot({ path: test.info().outputPath('empty.png') })
  })
})

test('requests without the token are refused', async () => {
  await withArchive(async ({ server }) => {
    const { origin, token } = server()
    expect((await fetch(`${origin}/api/articles.list`, { method: 'POST' })).status).toBe(401)
    expect((await fetch(`${origin}/`)).status).toBe(401)
    // The same request with the token is served, so the 401s above are about the token alone.
    const allowed = await fetch(`${origin}/api/articles.list`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-casebook-token': token },
      body: '{}',
    })
    expect(allowed.status).toBe(200)
  })
})

test('a bad file fails by name while the rest of the batch imports', async ({ page }) => {
  await withArchive(async ({ server }) => {
    await page.goto(server().url)
    const goodNote = {
      name: 'field-note.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(
        'Field note from the harbour\n\nThe ferry ran late twice this week; nobody explained why.\n',
      ),
    }
    await importInput(page).setInputFiles([
      {
        name: 'installer.exe',
        mimeType: 'application/octet-stream',
        buffer: Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]),
      },
      goodNote,
      { name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 not really a pdf') },
    ])
    const results = page.getByRole('list', { name: 'Import results' })
    await expect(results.getByRole('listitem')).toHaveCount(3)
    await expect(results.getByRole('listitem').filter({ hasText: 'installer.exe' })).toContainText('failed')
    await expect(results.getByRole('listitem').filter({ hasText: 'scan.pdf' })).toContainText('failed')
    await expect(results.getByRole('listitem').filter({ hasText: 'field-note.txt' })).toContainText(
      'imported',
    )
    await expect(page.getByRole('list', { name: 'Articles' }).getByRole('listitem')).toHaveCount(1)
    await page.screenshot({ path: test.info().outputPath('import-report.png') })

    // The same text again is recognised, not stored twice.
    await importInput(page).setInputFiles(goodNote)
    await expect(results.getByRole('listitem')).toHaveCount(1)
    await expect(results.getByRole('listitem').first()).toContainText('already in the archive')
    await expect(page.getByRole('list', { name: 'Articles' }).getByRole('listitem')).toHaveCount(1)
  })
})

test('a folder imports recursively, from the folder chooser and from a drop', async ({ page }) => {
  await withArchive(async ({ server }) => {
    const folder = test.info().outputPath('dossier')
    mkdirSync(join(folder, 'ferry'), { recursive: true })
    writeFileSync(
      join(folder, 'harbour.txt'),
      'Harbour dues\n\nThe harbour dues will rise by a tenth next spring.\n',
    )
    writeFileSync(
      join(folder, 'ferry', 'timetable.md'),
      '# Ferry timetable\n\nThe winter timetable drops the late crossing.\n',
    )
    await page.goto(server().url)
    await page.getByTestId('import-folder-input').setInputFiles(folder)
    const results = page.getByRole('list', { name: 'Import results' })
    await expect(results.getByRole('listitem')).toHaveCount(2)
    await expect(results.getByRole('listitem').filter({ hasText: 'ferry/timetable.md' })).toContainText(
      'imported',
    )
    await expect(results.getByRole('listitem').filter({ hasText: 'harbour.txt' })).toContainText('imported')

    // A drop carries files the same way.
    await page.getByRole('button', { name: 'Close import report' }).click()
    await dropTextFile(page, 'dropped.txt', 'Dropped note\n\nA note dropped on the window.\n')
    await expect(results.getByRole('listitem').filter({ hasText: 'dropped.txt' })).toContainText('imported')
    await expect(page.getByRole('list', { name: 'Articles' }).getByRole('listitem')).toHaveCount(3)
  })
})

test('overlapping highlights, notes, links and the keyboard', async ({ page }) => {
  await withArchive(async ({ server }) => {
    await page.goto(server().url)
    await importInput(page).setInputFiles(OWN_ARTICLE.file)
    await page.getByRole('list', { name: 'Articles' }).getByRole('button').first().click()
    const reader = page.getByRole('main', { name: 'Reader' })
    const panel = page.getByRole('complementary', { name: 'Highlights' })
    const cards = panel.locator('.highlight-card')
    await expect(reader.locator('.article-body')).toContainText('polling stations')

    // Two overlapping highlights made with `h`; the overlap renders darker, each quote is exactly what was selected.
    const first = 'independent observers said that several polling stations'
    const second = 'several polling stations had closed early'
    await selectInReader(page, first)
    await page.keyboard.press('h')
    await expect(cards).toHaveCount(1)
    await selectInReader(page, second)
    await page.keyboard.press('h')
    await expect(cards).toHaveCount(2)
    await expect(reader.locator('.hl.depth-2')).toHaveText('several polling stations')
    await expect(cards.locator('.quote')).toHaveText([first, second])

    // Clicking a highlight selects it in the panel; clicking an overlap again steps through its highlights.
    const selectedQuote = panel.locator('.highlight-card.selected .quote')
    await reader.locator('.hl.depth-1', { hasText: 'independent observers' }).click()
    await expect(selectedQuote).toHaveText(first)
    await reader.locator('.hl.depth-2').click()
    await expect(selectedQuote).toHaveText(second)
    await reader.locator('.hl.depth-2').click()
    await expect(selectedQuote).toHaveText(first)

    // Escape closes the selection toolbar; `/` focuses the search box.
    await selectInReader(page, 'sealed ballot boxes')
    const toolbar = page.getByRole('toolbar', { name: 'Selection' })
    await expect(toolbar).toBeVisible()
    await page.keyboard.press('Escape')
    await expect(toolbar).toBeHidden()
    await page.keyboard.press('/')
    await expect(page.getByRole('searchbox', { name: 'Search' })).toBeFocused()
    await page.keyboard.press('Escape')

    // A note, kept across a reload.
    await cards.first().getByRole('button', { name: 'Add note' }).click()
    await cards.first().getByRole('textbox', { name: 'Note' }).fill('Who counted the observers?')
    await cards.first().getByRole('button', { name: 'Save note' }).click()
    await expect(cards.first().locator('.note')).toHaveText('Who counted the observers?')

    // Link from the panel, creating the entity from the type-ahead, then unlink it.
    await cards.nth(1).getByRole('button', { name: 'Link entity' }).click()
    await cards.nth(1).getByRole('combobox', { name: 'Find an entity' }).fill('Port Selwyn')
    await cards.nth(1).getByRole('option', { name: 'Create new entity “Port Selwyn”' }).click()
    const form = page.getByRole('dialog', { name: 'New entity' })
    await expect(form.getByLabel('Name')).toHaveValue('Port Selwyn')
    await form.getByLabel('Type').selectOption('place')
    await form.getByLabel('Aliases').fill('Selwyn, the port')
    await form.getByRole('button', { name: 'Create and link' }).click()
    await expect(cards.nth(1).locator('.chip.type-place')).toHaveText(/Port Selwyn/)
    await expect(reader.locator('.hl.linked.type-place').first()).toBeVisible()
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.screenshot({ path: test.info().outputPath('dark-reader.png') })
    await page.emulateMedia({ colorScheme: 'light' })
    await cards.nth(1).getByRole('button', { name: 'Unlink Port Selwyn' }).click()
    await expect(cards.nth(1).locator('.chip')).toHaveCount(0)

    // Delete asks first.
    await cards.nth(1).getByRole('button', { name: 'Delete highlight' }).click()
    await cards.nth(1).getByRole('button', { name: 'Delete', exact: true }).click()
    await expect(cards).toHaveCount(1)
    await expect(reader.locator('.hl.depth-2')).toHaveCount(0)

    await page.reload()
    await page.getByRole('list', { name: 'Articles' }).getByRole('button').first().click()
    await expect(cards).toHaveCount(1)
    await expect(cards.first().locator('.note')).toHaveText('Who counted the observers?')
    await expect(page.getByRole('list', { name: 'Articles' })).toContainText('1 highlight')
    await expect(page.getByRole('alert')).toHaveCount(0)
  })
})
