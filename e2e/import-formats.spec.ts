import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { Document, HeadingLevel, Packer, Paragraph } from 'docx'
import { ensureRendererBuilt, failOnConsoleErrors, REPO_ROOT, withArchive } from './helpers'

test.beforeAll(() => ensureRendererBuilt())
failOnConsoleErrors()

/** A Word document of the repository's real harbour article: a title, then its paragraphs. */
async function harbourDocx(): Promise<Buffer> {
  const [title = '', ...paragraphs] = readFileSync(
    join(REPO_ROOT, 'fixtures/articles/harbour-strike.txt'),
    'utf8',
  )
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
  const document = new Document({
    creator: 'Harbour desk',
    title,
    keywords: 'harbour, strike',
    sections: [
      {
        children: [
          new Paragraph({ text: title, heading: HeadingLevel.TITLE }),
          ...paragraphs.map((text) => new Paragraph({ text })),
        ],
      },
    ],
  })
  return Packer.toBuffer(document)
}

test('a Word file is imported with its metadata and original, and its details are corrected in the app', async ({
  page,
}, testInfo) => {
  const bytes = await harbourDocx()
  await withArchive(async ({ server }) => {
    await page.goto(server().url)
    const chooser = page.waitForEvent('filechooser')
    await page.getByRole('button', { name: 'Import files' }).click()
    await (
      await chooser
    ).setFiles({
      name: 'harbour-report.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: bytes,
    })
    const item = page
      .getByRole('list', { name: 'Articles' })
      .getByRole('button', { name: /Dock workers end/ })
    await expect(item).toBeVisible()
    await item.click()

    const details = page.locator('.import-details')
    await expect(details.locator('.language-chip')).toHaveText('en')
    await expect(page.getByText('Harbour desk')).toBeVisible()
    await details.getByText(/File metadata/).click()
    await expect(details).toContainText('harbour, strike')
    await page.screenshot({ path: testInfo.outputPath('docx-article.png') })

    // The original comes back byte for byte.
    const download = page.waitForEvent('download')
    await details.getByRole('button', { name: /Original: harbour-report\.docx/ }).click()
    const saved = await download
    expect(saved.suggestedFilename()).toBe('harbour-report.docx')
    expect(readFileSync(await saved.path()).equals(bytes)).toBe(true)

    await details.getByRole('button', { name: 'Edit details…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Article details' })
    await dialog.getByLabel('Title').fill('Port Veles strike: the desk report')
    await dialog.getByLabel(/Date/).fill('2022-01-05')
    await dialog.getByLabel(/Language/).fill('english')
    await dialog.getByRole('button', { name: 'Save' }).click()
    await expect(dialog.getByRole('alert')).toContainText('two-letter')
    await dialog.getByLabel(/Language/).fill('en')
    await dialog.getByRole('button', { name: 'Save' }).click()
    await expect(dialog).toHaveCount(0)
    await expect(
      page
        .getByRole('list', { name: 'Articles' })
        .getByRole('button', { name: /Port Veles strike: the desk report/ }),
    ).toBeVisible()
  })
})

/** 150 small text files for the file chooser, `<prefix>-000.txt`…, each with its own text. */
function textFiles(prefix: string, text: (i: number) => string) {
  return Array.from({ length: 150 }, (_, i) => ({
    name: `${prefix}-${String(i).padStart(3, '0')}.txt`,
    mimeType: 'text/plain',
    buffer: Buffer.from(text(i)),
  }))
}

test('a bulk import shows its rate, can be cancelled, and imported again it goes on where it stopped', async ({
  page,
}, testInfo) => {
  const files = textFiles(
    'report',
    (i) =>
      `Observer report ${i}\n\nStation ${i} opened at eight; observer ${i} counted ${i * 7 + 90} voters by noon.\n`,
  )
  await withArchive(async ({ server }) => {
    await page.goto(server().url)
    const chooseAll = async () => {
      const chooser = page.waitForEvent('filechooser')
      await page.getByRole('button', { name: 'Import files' }).click()
      await (await chooser).setFiles(files)
    }
    await chooseAll()
    const report = page.getByRole('region', { name: 'Import' })
    await expect(report.getByText(/Importing \d+ of 150/)).toBeVisible()
    await report.getByRole('button', { name: 'Cancel' }).click()
    await expect(report.getByText(/Import finished/)).toBeVisible()
    await expect(report).toContainText(/Cancelled: Resume imports the \d+ files? not yet sent/)
    await page.screenshot({ path: testInfo.outputPath('import-cancelled.png') })
    const summary = (await report.locator('.import-status').textContent()) ?? ''
    const imported = Number(/(\d+) imported/.exec(summary)?.[1])
    const notSent = await report.getByText('not imported: the import was cancelled').count()
    expect(imported).toBeGreaterThan(0)
    expect(notSent).toBeGreaterThan(0)
    expect(imported + notSent).toBe(150)

    // Again, straight from the report: what came in is recognised at once, the rest comes in; every file is
    // in the archive once, and the cancel's Resume is no longer offered (those files were just sent).
    await chooseAll()
    await expect(report.getByText(/Import finished/)).toBeVisible({ timeout: 60_000 })
    await expect(report.locator('.import-status')).toContainText(
      `150 imported, ${imported} already there, 0 failed, ${notSent} skipped.`,
    )
    await expect(report.getByRole('button', { name: 'Resume' })).toHaveCount(0)
    await expect(report).not.toContainText('Resume imports')
    await expect(page.getByText('150 articles')).toBeVisible()
  })
})

test('a cancelled bulk import resumes from its report, sending only the files not yet sent', async ({
  page,
}, testInfo) => {
  const files = textFiles(
    'bulletin',
    (i) => `Bulletin ${i}\n\nPolling station ${i} closed at eight with ${i * 5 + 40} ballots cast.\n`,
  )
  await withArchive(async ({ server }) => {
    await page.goto(server().url)
    const chooser = page.waitForEvent('filechooser')
    await page.getByRole('button', { name: 'Import files' }).click()
    await (await chooser).setFiles(files)
    const report = page.getByRole('region', { name: 'Import' })
    await expect(report.getByText(/Importing \d+ of 150/)).toBeVisible()
    await report.getByRole('button', { name: 'Cancel' }).click()
    await expect(report.getByText(/Import finished/)).toBeVisible()
    const notSent = await report.getByText('not imported: the import was cancelled').count()
    expect(notSent).toBeGreaterThan(0)
    await expect(report).toContainText(
      `Resume imports the ${notSent} file${notSent === 1 ? '' : 's'} not yet sent`,
    )

    await report.getByRole('button', { name: 'Resume' }).click()
    await expect(report.getByText(/Import finished/)).toBeVisible({ timeout: 60_000 })
    await page.screenshot({ path: testInfo.outputPath('import-resumed.png') })
    // Only the unsent were sent: nothing was found already there, and the cancel's lines are gone.
    await expect(report.locator('.import-status')).toContainText('150 imported, 0 already there, 0 failed')
    await expect(report.getByText('not imported: the import was cancelled')).toHaveCount(0)
    await expect(report.getByRole('button', { name: 'Resume' })).toHaveCount(0)
    await expect(report.getByRole('listitem')).toHaveCount(150)
    await expect(page.getByText('150 articles')).toBeVisible()
  })
})
