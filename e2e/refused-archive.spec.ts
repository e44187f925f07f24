import { readdirSync, readFileSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { damageTable } from '../src/core/testing/damage'
import { callApi, ensureRendererBuilt, failOnConsoleErrors, makeArchiveDir, startServer } from './helpers'

test.beforeAll(() => ensureRendererBuilt())
// A refused host answers every call with an envelope (HTTP 200): any console error is a failure.
failOnConsoleErrors()

const TITLES = [
  'Harbour strike ends',
  'Ferry timetable changes',
  'Council budget vote',
  'Flood defences open',
]

/** Each article a few kilobytes of its own words, so the archive spans many pages. */
function articleText(title: string, n: number): string {
  const sentence = `${title}: paragraph ${n} reports what the observers saw on the day, in their own words. `
  return `${title}\n\n${Array.from({ length: 40 }, (_, i) => sentence.replace('paragraph', `note ${i}`)).join('\n\n')}\n`
}

test('a damaged archive is refused with the reason, and its latest good backup is restored from the screen', async ({
  page,
}, testInfo) => {
  const { archive, cleanup } = makeArchiveDir()
  try {
    const first = await startServer(archive)
    try {
      for (const [n, title] of TITLES.entries())
        await callApi(first, 'import.file', {
          name: `article-${n}.txt`,
          contentBase64: Buffer.from(articleText(title, n)).toString('base64'),
        })
      await callApi(first, 'backups.create', {})
    } finally {
      await first.stop()
    }
    // A failing disk overwrites a page the archive needs.
    damageTable(archive, 'articles')
    const damaged = readFileSync(archive)

    const server = await startServer(archive)
    try {
      await page.goto(server.url)
      await expect(page.getByRole('heading', { name: 'Casebook cannot open this archive' })).toBeVisible()
      await expect(page.getByRole('alertdialog')).toContainText(/damaged/i)
      await expect(page.getByRole('alertdialog')).toContainText(archive)
      await expect(page.getByRole('alertdialog')).toContainText('Nothing was written to it.')
      // Nothing of the archive is mounted behind the screen.
      await expect(page.getByRole('list', { name: 'Articles' })).toHaveCount(0)
      const latest = page.getByRole('radio')
      await expect(latest).toHaveCount(1)
      await expect(latest).toBeChecked()
      await expect(page.getByText('latest good')).toBeVisible()
      await page.screenshot({ path: testInfo.outputPath('refused-archive.png') })
      expect(readFileSync(archive).equals(damaged)).toBe(true)

      await page.getByRole('button', { name: 'Restore this backup' }).click()
      const articles = page.getByRole('list', { name: 'Articles' })
      for (const title of TITLES) await expect(articles.getByText(title)).toBeVisible()
      await expect(page.getByRole('heading', { name: 'Casebook cannot open this archive' })).toHaveCount(0)
      await page.screenshot({ path: testInfo.outputPath('restored-archive.png') })
    } finally {
      await server.stop()
    }
    // The damaged file was kept beside the backups, so the restore can be undone.
    const kept = readdirSync(`${archive}.backups`).filter((name) => name.startsWith('before-restore-'))
    expect(kept).toHaveLength(1)
    expect(readFileSync(`${archive}.backups/${kept[0]}`).equals(damaged)).toBe(true)
  } finally {
    cleanup()
  }
})
