import { rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test'
import {
  buildElectronBundles,
  electronBinaryPath,
  ensureElectronNativeBuild,
  NATIVE_BINDING_ENV,
  NATIVE_DIR,
} from '../scripts/electron-runtime.mjs'
import { makeArchiveDir, REPO_ROOT, selectInReader } from './helpers'

/**
 * The Electron shell on the browser spec's own article: launch, import, open, highlight, and the window's
 * security settings as the running app reports them. The binary cannot be downloaded on machines without
 * network, where this spec skips and browser.spec.ts covers the same UI.
 */
const electronPath = electronBinaryPath()
const electronAvailable = electronPath !== null

const ARTICLE = resolve(REPO_ROOT, 'e2e/fixtures/harbour-council-vote.md')
const PASSAGE =
  'The election board denied any wrongdoing. A spokesperson, Tomas Ekerot, said the rope had been put up because the rooms were small and crowded'
/** Bundles built for this spec alone, so out/renderer (served by the browser spec meanwhile) is left alone. */
const APP_DIR = join(NATIVE_DIR, 'e2e-app')

/** The test's environment for Electron, minus ELECTRON_RUN_AS_NODE (it would start plain Node instead). */
function electronEnv(nativeBinding: string): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && key !== 'ELECTRON_RUN_AS_NODE') env[key] = value
  }
  return { ...env, [NATIVE_BINDING_ENV]: nativeBinding }
}

/** What the page code below uses. tsconfig.node.json has no DOM lib, so the page's globals are described here. */
interface PageGlobals {
  require?: unknown
  process?: unknown
  casebook: { invoke(channel: string, input: unknown): Promise<unknown> }
  fetch(url: string): Promise<unknown>
  open(url: string): unknown
}

test.describe('Electron shell', () => {
  test.skip(
    !electronAvailable,
    'Electron binary not downloaded on this machine (no network); the browser-shell spec covers the UI',
  )

  let nativeBinding = ''

  test.beforeAll(() => {
    // Compiling better-sqlite3 against Electron's headers takes a few minutes the first time.
    test.setTimeout(20 * 60_000)
    const native = ensureElectronNativeBuild()
    if (!native.ok) throw new Error(`better-sqlite3 could not be built for Electron: ${native.reason}`)
    nativeBinding = native.bindingPath
    const build = buildElectronBundles({ outDir: APP_DIR, stdio: 'pipe' })
    if (build.status !== 0) throw new Error(`electron-vite build failed:\n${build.stdout}\n${build.stderr}`)
    // Electron runs APP_DIR as the app: its package.json names the entry and makes the bundles ES modules.
    writeFileSync(
      join(APP_DIR, 'package.json'),
      JSON.stringify({ name: 'casebook-e2e', type: 'module', main: 'main/index.js' }),
    )
  })

  test.afterAll(() => rmSync(APP_DIR, { recursive: true, force: true }))

  let app: ElectronApplication
  let page: Page
  let cleanup: () => void

  test.beforeEach(async () => {
    const archiveDir = makeArchiveDir()
    cleanup = archiveDir.cleanup
    app = await electron.launch({
      executablePath: electronPath ?? undefined,
      args: [
        APP_DIR,
        '--archive',
        archiveDir.archive,
        // Its own profile, so the single-instance lock and Chromium's state never touch the user's.
        `--user-data-dir=${join(archiveDir.dir, 'user-data')}`,
        // Chromium refuses to start as root with its OS sandbox (CI containers); the renderer's
        // Electron sandbox (sandbox: true, checked below) is unaffected.
        ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      ],
      cwd: REPO_ROOT,
      env: electronEnv(nativeBinding),
    })
    page = await app.firstWindow()
  })

  test.afterEach(async () => {
    await app?.close()
    cleanup?.()
  })

  test('imports, opens and highlights an article in a locked-down window', async () => {
    await expect(page.getByText('Your archive is empty')).toBeVisible()
    expect(page.url()).toBe('casebook://app/index.html')

    await page.getByTestId('import-files-input').setInputFiles(ARTICLE)
    const results = page.getByRole('list', { name: 'Import results' })
    await expect(results.getByRole('listitem').first()).toContainText('imported')
    const articles = page.getByRole('list', { name: 'Articles' }).getByRole('listitem')
    await expect(articles).toHaveCount(1)

    await articles.first().getByRole('button').click()
    const reader = page.getByRole('main', { name: 'Reader' })
    await expect(reader.locator('.article-body')).toContainText(PASSAGE)
    await selectInReader(page, PASSAGE)
    await page
      .getByRole('toolbar', { name: 'Selection' })
      .getByRole('button', { name: 'Highlight', exact: true })
      .click()
    await expect(page.getByRole('complementary', { name: 'Highlights' })).toContainText('Tomas Ekerot')
    await expect(reader.locator('.hl').first()).toContainText('Tomas Ekerot')
    await expect(articles.first()).toContainText('1 highlight')
    await expect(page.getByRole('alert')).toHaveCount(0)

    // The window's settings, as main applied them.
    const preferences = await app.evaluate(({ BrowserWindow }) => {
      const windows = BrowserWindow.getAllWindows()
      // getLastWebPreferences exists at run time but is missing from Electron's typings.
      const contents = windows[0]?.webContents as unknown as {
        getLastWebPreferences(): Record<string, unknown>
      }
      const prefs = contents.getLastWebPreferences()
      return {
        windows: windows.length,
        contextIsolation: prefs.contextIsolation,
        sandbox: prefs.sandbox,
        nodeIntegration: prefs.nodeIntegration,
        webSecurity: prefs.webSecurity,
        webviewTag: prefs.webviewTag,
      }
    })
    expect(preferences).toEqual({
      windows: 1,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    })

    // The page sees no Node, only the one bridge function; the network and new windows are closed to it.
    const inPage = await page.evaluate(async () => {
      const w = globalThis as unknown as PageGlobals
      let fetched: string
      try {
        await w.fetch('https://example.com/')
        fetched = 'reached the network'
      } catch {
        fetched = 'blocked'
      }
      return {
        require: typeof w.require,
        process: typeof w.process,
        bridgeKeys: Object.keys(w.casebook),
        unknownChannel: await w.casebook.invoke('archive.drop', {}),
        popupOpened: w.open('https://example.com/') !== null,
        fetched,
      }
    })
    expect(inPage).toMatchObject({
      require: 'undefined',
      process: 'undefined',
      bridgeKeys: ['invoke'],
      unknownChannel: { ok: false, error: { code: 'invalid_input' } },
      popupOpened: false,
      fetched: 'blocked',
    })
    expect(app.windows()).toHaveLength(1)
    await page.screenshot({ path: test.info().outputPath('electron-reader.png') })
  })
})
