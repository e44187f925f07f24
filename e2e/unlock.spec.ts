import { expect, test, type Page } from '@playwright/test'
import { callApi, ensureRendererBuilt, failOnConsoleErrors, makeArchiveDir, startServer } from './helpers'

const PASSPHRASE = 'a long passphrase for the e2e archive'
const TITLE = 'Harbour strike ends after nine days'

test.beforeAll(() => ensureRendererBuilt())
// Every answer of the locked host is an envelope (HTTP 200), so the page logs nothing: any console error fails.
failOnConsoleErrors()

/** An encrypted archive with one article: created through the shell given CASEBOOK_PASSPHRASE, then stopped. */
async function encryptedArchive(): Promise<{ archive: string; cleanup: () => void }> {
  const { archive, cleanup } = makeArchiveDir()
  const server = await startServer(archive, { passphrase: PASSPHRASE })
  try {
    const text = `${TITLE}\n\nDock workers returned on Monday after the port authority agreed to talks.\n`
    await callApi(server, 'import.file', {
      name: 'harbour-strike.txt',
      contentBase64: Buffer.from(text).toString('base64'),
    })
  } finally {
    await server.stop()
  }
  return { archive, cleanup }
}

function lockScreen(page: Page) {
  return page.getByRole('heading', { name: 'This archive is locked' })
}

async function unlock(page: Page, passphrase: string): Promise<void> {
  const field = page.getByLabel('Passphrase')
  await expect(field).toBeFocused()
  await field.fill(passphrase)
  await page.getByRole('button', { name: 'Unlock' }).click()
}

test('an encrypted archive starts locked, refuses a wrong passphrase, unlocks and locks again', async ({
  page,
}, testInfo) => {
  const { archive, cleanup } = await encryptedArchive()
  const server = await startServer(archive)
  try {
    await page.goto(server.url)
    await expect(lockScreen(page)).toBeVisible()
    await expect(page.getByLabel('Passphrase')).toHaveAttribute('autocomplete', 'off')
    // Nothing of the archive is in the page: the app is not mounted at all.
    await expect(page.getByRole('list', { name: 'Articles' })).toHaveCount(0)
    await expect(page.getByText(TITLE)).toHaveCount(0)
    await page.screenshot({ path: testInfo.outputPath('lock-screen.png') })

    await unlock(page, 'not it')
    await expect(page.getByRole('button', { name: 'Unlocking…' })).toBeVisible()
    await expect(page.getByRole('alert')).toContainText('Wrong passphrase')
    await expect(page.getByLabel('Passphrase')).toHaveValue('')
    await page.screenshot({ path: testInfo.outputPath('wrong-passphrase.png') })

    await unlock(page, PASSPHRASE)
    await expect(page.getByRole('list', { name: 'Articles' }).getByText(TITLE)).toBeVisible()
    await expect(lockScreen(page)).toHaveCount(0)
    await page.screenshot({ path: testInfo.outputPath('unlocked.png') })

    await page.getByRole('button', { name: 'Lock now' }).click()
    await expect(lockScreen(page)).toBeVisible()
    await expect(page.getByText(TITLE)).toHaveCount(0)
    // The host is locked, not just the page: the API refuses.
    await expect(callApi(server, 'articles.list', {})).rejects.toThrow(/locked/)
  } finally {
    await server.stop()
    cleanup()
  }
})

test('the host locks after the idle time, and the page shows the lock screen on its next request', async ({
  page,
}) => {
  const { archive, cleanup } = await encryptedArchive()
  const server = await startServer(archive, { args: ['--idle-lock-seconds', '2'] })
  try {
    await page.goto(server.url)
    await unlock(page, PASSPHRASE)
    await expect(page.getByRole('list', { name: 'Articles' }).getByText(TITLE)).toBeVisible()
    // Nothing is done for longer than the idle time; then a search is the next request.
    await page.waitForTimeout(3000)
    await page.getByPlaceholder('Search the archive').fill('harbour')
    await expect(lockScreen(page)).toBeVisible()
    await expect(page.getByText(TITLE)).toHaveCount(0)
  } finally {
    await server.stop()
    cleanup()
  }
})

test('a plain archive is given a passphrase from the app, locked, unlocked, and made plain again', async ({
  page,
}, testInfo) => {
  const { archive, cleanup } = makeArchiveDir()
  const server = await startServer(archive)
  try {
    await callApi(server, 'import.file', {
      name: 'harbour-strike.txt',
      contentBase64: Buffer.from(
        `${TITLE}\n\nDock workers returned on Monday after the port authority agreed to talks.\n`,
      ).toString('base64'),
    })
    await page.goto(server.url)
    await expect(page.getByRole('button', { name: 'Lock now' })).toHaveCount(0)
    await page.getByRole('button', { name: 'Encrypt…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Set a passphrase' })
    await dialog.getByLabel('New passphrase', { exact: true }).fill(PASSPHRASE)
    await dialog.getByLabel('Repeat the new passphrase').fill('a different one')
    await dialog.getByRole('button', { name: 'Encrypt the archive' }).click()
    await expect(dialog.getByRole('alert')).toContainText('differ')
    await dialog.getByLabel('Repeat the new passphrase').fill(PASSPHRASE)
    await page.screenshot({ path: testInfo.outputPath('set-passphrase.png') })
    await dialog.getByRole('button', { name: 'Encrypt the archive' }).click()
    await expect(dialog.getByRole('status')).toContainText('The archive is encrypted.')
    await dialog.getByRole('button', { name: 'Close' }).click()

    // Encrypted now: it can lock, and opens only with the new passphrase.
    await page.getByRole('button', { name: 'Lock now' }).click()
    await expect(lockScreen(page)).toBeVisible()
    await unlock(page, PASSPHRASE)
    await expect(page.getByRole('list', { name: 'Articles' }).getByText(TITLE)).toBeVisible()

    await page.getByRole('button', { name: 'Passphrase…' }).click()
    const change = page.getByRole('dialog', { name: 'Change the passphrase' })
    await change.getByRole('radio', { name: 'Remove it' }).check()
    const remove = page.getByRole('dialog', { name: 'Remove the passphrase' })
    await remove.getByLabel('Current passphrase').fill('not it')
    await remove.getByRole('button', { name: 'Remove the passphrase' }).click()
    await expect(remove.getByRole('alert')).toContainText('current passphrase is wrong')
    await remove.getByLabel('Current passphrase').fill(PASSPHRASE)
    await remove.getByRole('button', { name: 'Remove the passphrase' }).click()
    await expect(remove.getByRole('status')).toContainText('no longer encrypted')
    await remove.getByRole('button', { name: 'Close' }).click()
    await expect(page.getByRole('button', { name: 'Lock now' })).toHaveCount(0)
    await expect(page.getByRole('button', { name: 'Encrypt…' })).toBeVisible()
  } finally {
    await server.stop()
    cleanup()
  }
})
