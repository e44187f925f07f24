import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { IMPORTABLE_EXTENSIONS } from '../src/shared/import-formats'
import { expect, test, type Page } from '@playwright/test'
import { dropTextFile, ensureRendererBuilt, isTeardownNoise, selectInReader, withArchive } from './helpers'
import { OWN_ARTICLE, REAL_ARTICLE, runWholePath, SHARED_FIXTURE, type Scenario } from './scenario'

const XHTML_NOTE = `<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Ferry crew notes</title></head>
<body><h1>Ferry crew notes</h1><p>The crew asked for a second deckhand on the winter crossings.</p></body></html>
`

test.beforeAll(() => ensureRendererBuilt())

// A CSP violation or an uncaught error shows up only in the console: fail the test on any.
let consoleErrors: string[] = []
/** Console errors a test provokes on purpose (Chromium logs every refused request). */
let expectedConsoleErrors: RegExp[] = []
test.beforeEach(({ page }) => {
  consoleErrors = []
  expectedConsoleErrors = []
  page.on('console', (message) => {
    if (message.type() === 'error' && !isTeardownNoise(message.text())) consoleErrors.push(message.text())
  })
  page.on('pageerror', (error) => consoleErrors.push(error.message))
})
test.afterEach(() => {
  expect(consoleErrors.filter((e) => !expectedConsoleErrors.some((x) => x.test(e)))).toEqual([])
})

function importInput(page: Page) {
  return page.getByTestId('import-files-input')
}

/** The shared scenario on the browser shell: a restart stops the server and starts it on the same file. */
async function runScenario(page: Page, scenario: Scenario, shotPrefix: string): Promise<void> {
  await withArchive(({ server, restart }) =>
    runWholePath(
      {
        open: async () => {
          await page.goto(server().url)
          return page
        },
        restart: async () => {
          await page.goto((await restart()).url)
          return page
        },
      },
      scenario,
      shotPrefix,
    ),
  )
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
    await expect(page.getByText(/\.pdf.*\.docx.*\.epub.*\.eml.*\.zip/)).toBeVisible()
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

test('the page cannot reach any other address: fetch, images and frames are refused', async ({ page }) => {
  // A server that would answer if anything reached it, so a refusal is the CSP's and not a dead port.
  const reached: string[] = []
  const bait = createServer((request, response) => {
    reached.push(request.url ?? '')
    response.setHeader('access-control-allow-origin', '*')
    response.end('reached')
  })
  await new Promise<void>((ready) => bait.listen(0, '127.0.0.1', ready))
  const { port } = bait.address() as AddressInfo
  try {
    await withArchive(async ({ server }) => {
      expectedConsoleErrors = [/Content Security Policy/, /Failed to fetch/]
      await page.goto(server().url)
      const outcome = await page.evaluate(async (address) => {
        // The page's globals, typed here: the e2e code is compiled without the DOM library.
        const w = globalThis as unknown as {
          fetch(url: string): Promise<unknown>
          Image: new () => { onload: (() => void) | null; onerror: (() => void) | null; src: string }
          document: {
            createElement(tag: 'iframe'): { src: string; remove(): void }
            body: { append(node: unknown): void }
          }
        }
        const fetched = await w.fetch(`${address}/fetch`).then(
          () => 'fetched',
          () => 'refused',
        )
        const image = await new Promise<string>((done) => {
          const img = new w.Image()
          img.onload = () => done('loaded')
          img.onerror = () => done('refused')
          img.src = `${address}/image.png`
        })
        const frame = w.document.createElement('iframe')
        frame.src = `${address}/frame`
        w.document.body.append(frame)
        await new Promise((wait) => setTimeout(wait, 500))
        frame.remove()
        return { fetched, image }
      }, `http://127.0.0.1:${port}`)
      expect(outcome).toEqual({ fetched: 'refused', image: 'refused' })
      expect(reached).toEqual([])
    })
  } finally {
    // Chromium may hold a speculative connection open; close() would wait for it.
    bait.closeAllConnections()
    await new Promise((closed) => bait.close(closed))
  }
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

    // The same text again is recognised, not stored twice; the report keeps the first batch until dismissed.
    await importInput(page).setInputFiles(goodNote)
    await expect(results.getByRole('listitem')).toHaveCount(4)
    await expect(results.getByRole('listitem').last()).toContainText('already in the archive')
    await expect(page.getByRole('region', { name: 'Import' })).toContainText(
      'Import finished: 1 imported, 1 already there, 2 failed.',
    )
    await expect(page.getByRole('list', { name: 'Articles' }).getByRole('listitem')).toHaveCount(1)

    // Dismissed, the report starts afresh with the next batch.
    await page.getByRole('button', { name: 'Close import report' }).click()
    await expect(results).toBeHidden()
    await importInput(page).setInputFiles(goodNote)
    await expect(results.getByRole('listitem')).toHaveCount(1)
    await expect(results.getByRole('listitem').first()).toContainText('already in the archive')
  })
})

test('a folder imports its importable files and skips the rest, as the CLI does', async ({ page }) => {
  await withArchive(async ({ server }) => {
    const folder = test.info().outputPath('dossier')
    mkdirSync(join(folder, 'ferry'), { recursive: true })
    mkdirSync(join(folder, '.git'), { recursive: true })
    writeFileSync(
      join(folder, 'harbour.txt'),
      'Harbour dues\n\nThe harbour dues will rise by a tenth next spring.\n',
    )
    writeFileSync(
      join(folder, 'ferry', 'timetable.md'),
      '# Ferry timetable\n\nThe winter timetable drops the late crossing.\n',
    )
    writeFileSync(join(folder, 'ferry', 'notes.xhtml'), XHTML_NOTE)
    writeFileSync(join(folder, 'sheet.xls'), 'not really a spreadsheet')
    writeFileSync(join(folder, 'ferry', 'photo.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0]))
    writeFileSync(join(folder, '.DS_Store'), 'hidden')
    writeFileSync(join(folder, '.git', 'HEAD'), 'ref: refs/heads/main')

    const sent: string[] = []
    page.on('request', (request) => {
      if (request.url().includes('/api/import.file'))
        sent.push((request.postDataJSON() as { name: string }).name)
    })
    await page.goto(server().url)
    await page.getByTestId('import-folder-input').setInputFiles(folder)
    const results = page.getByRole('list', { name: 'Import results' })
    const line = (file: string) => results.getByRole('listitem').filter({ hasText: file })
    await expect(page.getByRole('region', { name: 'Import' })).toContainText(
      'Import finished: 3 imported, 0 already there, 0 failed, 2 skipped.',
    )
    await expect(results.getByRole('listitem')).toHaveCount(5)
    await expect(line('ferry/timetable.md')).toContainText('imported')
    await expect(line('ferry/notes.xhtml')).toContainText('imported')
    await expect(line('harbour.txt')).toContainText('imported')
    // Skipped quietly, not failed, and never sent; hidden files are left out altogether.
    await expect(line('sheet.xls')).toContainText('skipped: not a file type Casebook imports')
    await expect(line('sheet.xls')).toHaveClass('import-skipped')
    await expect(line('ferry/photo.jpg')).toHaveClass('import-skipped')
    await expect(results).not.toContainText('failed')
    await expect(results).not.toContainText('DS_Store')
    await expect(results).not.toContainText('HEAD')
    expect(sent.sort()).toEqual([
      'dossier/ferry/notes.xhtml',
      'dossier/ferry/timetable.md',
      'dossier/harbour.txt',
    ])
    await page.screenshot({ path: test.info().outputPath('import-report-skipped.png') })

    // A file dropped by itself is always sent: the engine says why it cannot import it.
    await page.getByRole('button', { name: 'Close import report' }).click()
    await dropTextFile(page, 'sheet.xls', 'not really a spreadsheet')
    await expect(line('sheet.xls')).toContainText('failed')
    await page.getByRole('button', { name: 'Close import report' }).click()
    await dropTextFile(page, 'dropped.txt', 'Dropped note\n\nA note dropped on the window.\n')
    await expect(line('dropped.txt')).toContainText('imported')
    await expect(page.getByRole('list', { name: 'Articles' }).getByRole('listitem')).toHaveCount(4)
    // The file chooser offers every importable type.
    await expect(importInput(page)).toHaveAttribute('accept', IMPORTABLE_EXTENSIONS.join(','))
  })
})

test('a batch started while another runs joins its report', async ({ page }) => {
  await withArchive(async ({ server }) => {
    // Slow every import down, so the second batch arrives while the first is still being sent.
    await page.route('**/api/import.file', async (route) => {
      await new Promise((done) => setTimeout(done, 400))
      await route.continue()
    })
    await page.goto(server().url)
    const note = (name: string, words: string) => ({
      name,
      mimeType: 'text/plain',
      buffer: Buffer.from(`${name}\n\n${words}\n`),
    })
    await importInput(page).setInputFiles([
      note('first.txt', 'The first note of the first batch.'),
      note('second.txt', 'The second note of the first batch.'),
    ])
    const status = page.getByRole('region', { name: 'Import' }).locator('.import-status')
    await expect(status).toContainText('Importing 1 of 2')
    await dropTextFile(page, 'third.txt', 'third.txt\n\nA note of the second batch.\n')
    await expect(status).toContainText(/Importing \d of 3/)
    await expect(status).toHaveText('Import finished: 3 imported, 0 already there, 0 failed.')
    const results = page.getByRole('list', { name: 'Import results' })
    await expect(results.getByRole('listitem')).toHaveText([/^first\.txt/, /^second\.txt/, /^third\.txt/])
    await expect(page.getByRole('list', { name: 'Articles' }).getByRole('listitem')).toHaveCount(3)
  })
})

test('open search results follow the archive: imports, highlights and deletions', async ({ page }) => {
  await withArchive(async ({ server }) => {
    await page.goto(server().url)
    await importInput(page).setInputFiles(OWN_ARTICLE.file)
    await expect(page.getByRole('list', { name: 'Articles' }).getByRole('listitem')).toHaveCount(1)
    await page.getByRole('searchbox', { name: 'Search' }).fill('ferry')
    const hits = page.getByRole('region', { name: 'Search results' })
    await expect(hits).toContainText('No results for “ferry”')

    // An import while the results are open brings its hit in.
    await dropTextFile(page, 'ferry.txt', 'Ferry notes\n\nThe ferry to Port Selwyn ran late all week.\n')
    await expect(hits).toContainText('1 result')
    await expect(hits.getByRole('button')).toHaveCount(1)

    // Deleting the open article takes its hit out.
    await hits.getByRole('button').first().click()
    const reader = page.getByRole('main', { name: 'Reader' })
    await expect(reader.locator('.article-body')).toContainText('ran late all week')
    await selectInReader(page, 'ran late all week')
    await page.keyboard.press('h')
    await expect(
      page.getByRole('complementary', { name: 'Highlights' }).locator('.highlight-card'),
    ).toHaveCount(1)
    await page.screenshot({ path: test.info().outputPath('reader-delete-action.png') })
    await reader.getByRole('button', { name: 'Delete article' }).click()
    await page.screenshot({ path: test.info().outputPath('reader-delete-confirm.png') })
    await reader
      .getByRole('group', { name: 'Confirm article deletion' })
      .getByRole('button', { name: 'Delete', exact: true })
      .click()
    await expect(hits).toContainText('No results for “ferry”')
    await expect(reader.getByText('Nothing open')).toBeVisible()
    await page.getByRole('searchbox', { name: 'Search' }).fill('')
    await expect(page.getByRole('list', { name: 'Articles' }).getByRole('listitem')).toHaveCount(1)

    // "Keep" leaves the article alone.
    await page.getByRole('list', { name: 'Articles' }).getByRole('button').first().click()
    await reader.getByRole('button', { name: 'Delete article' }).click()
    await reader.getByRole('button', { name: 'Keep' }).click()
    await expect(reader.getByRole('button', { name: 'Delete article' })).toBeVisible()
    await expect(page.getByRole('list', { name: 'Articles' }).getByRole('listitem')).toHaveCount(1)
    await expect(page.getByRole('alert')).toHaveCount(0)
  })
})

test('refusals read clearly, and an article that failed to open opens when asked again', async ({ page }) => {
  await withArchive(async ({ server }) => {
    await page.goto(server().url)
    await importInput(page).setInputFiles(OWN_ARTICLE.file)
    const article = page.getByRole('list', { name: 'Articles' }).getByRole('button').first()
    await expect(article).toBeVisible()

    // The shell's guards answer in plain text; the UI names the refusal instead of a JSON parse error.
    expectedConsoleErrors = [/status of 403/]
    await page.route('**/api/articles.get', (route) =>
      route.fulfill({
        status: 403,
        contentType: 'text/plain; charset=utf-8',
        body: 'cross-origin request refused',
      }),
    )
    await article.click()
    await expect(page.getByRole('alert')).toContainText(
      'Casebook refused the request (403): cross-origin request refused',
    )
    const reader = page.getByRole('main', { name: 'Reader' })
    await expect(reader.getByText('Nothing open')).toBeVisible()

    // Asked again, it loads (and says so meanwhile) rather than staying on "Nothing open".
    await page.unroute('**/api/articles.get')
    await article.click()
    await expect(reader.locator('.article-body')).toContainText('polling stations')
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

test('the query language: phrases, exclusions, and help while a query is unfinished', async ({ page }) => {
  await withArchive(async ({ server }) => {
    await page.goto(server().url)
    await dropTextFile(
      page,
      'ferry.txt',
      'Ferry notes\n\nThe night ferry to Port Selwyn ran late all week.\n',
    )
    await dropTextFile(page, 'bus.txt', 'Bus notes\n\nThe night bus ran on time; the ferry did not.\n')
    await expect(page.getByRole('list', { name: 'Articles' }).getByRole('listitem')).toHaveCount(2)
    const search = page.getByRole('searchbox', { name: 'Search' })
    const hits = page.getByRole('region', { name: 'Search results' })

    await search.fill('ferry')
    await expect(hits).toContainText('2 results')
    await search.fill('“night ferry”')
    await expect(hits).toContainText('1 result')
    await expect(hits.locator('mark')).toHaveText(['night ferry'])
    await search.fill('ferry -bus')
    await expect(hits).toContainText('1 result')
    await expect(hits).toContainText('Ferry notes')

    // Typing an opening quote explains itself in place; no alert interrupts the typing.
    await search.fill('"night ferr')
    await expect(page.getByRole('status').filter({ hasText: 'not closed' })).toBeVisible()
    await expect(page.getByRole('alert')).toHaveCount(0)
    await page.screenshot({ path: test.info().outputPath('search-help.png') })
  })
})
