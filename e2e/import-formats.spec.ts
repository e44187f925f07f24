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
