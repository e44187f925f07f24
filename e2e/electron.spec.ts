import { rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
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
import { OWN_ARTICLE, runWholePath } from './scenario'

/**
 * The Electron shell: the browser spec's whole-path scenario (e2e/scenario.ts), restarting the app on the
 * same archive, and the window's security settings as the running app reports them. The binary cannot be
 * downloaded on machines without network, where this spec skips and browser.spec.ts covers the same UI.
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
    // Compiling the SQLite driver (better-sqlite3-multiple-ciphers) against Electron's headers takes a few
    // minutes the first time.
    test.setTimeout(20 * 60_000)
    const native = ensureElectronNativeBuild()
    if (!native.ok) throw new Error(`the SQLite driver could not be built for Electron: ${native.reason}`)
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

  /** Starts the app on `archive` with its own profile, and resolves to its window. */
  async function launch(
    archive: string,
    userDataDir: string,
  ): Promise<{ app: ElectronApplication; page: Page }> {
    const launched = await electron.launch({
      executablePath: electronPath ?? undefined,
      args: [
        APP_DIR,
        '--archive',
        archive,
        // Its own profile, so the single-instance lock and Chromium's state never touch the user's.
        `--user-data-dir=${userDataDir}`,
        // Chromium refuses to start as root with its OS sandbox (CI containers); the renderer's
        // Electron sandbox (sandbox: true, checked below) is unaffected.
        ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      ],
      cwd: REPO_ROOT,
      env: electronEnv(nativeBinding),
    })
    return { app: launched, page: await launched.firstWindow() }
  }

  let app: ElectronApplication | undefined
  let archiveDir: ReturnType<typeof makeArchiveDir>

  test.beforeEach(() => {
    archiveDir = makeArchiveDir()
  })

  test.afterEach(async () => {
    await app?.close()
    app = undefined
    archiveDir.cleanup()
  })

  const start = async (): Promise<Page> => {
    const launched = await launch(archiveDir.archive, join(archiveDir.dir, 'user-data'))
    app = launched.app
    return launched.page
  }

  test('the whole path, as in the browser shell, across a restart of the app', async () => {
    await runWholePath(
      {
        open: async () => {
          const page = await start()
          expect(page.url()).toBe('casebook://app/index.html')
          return page
        },
        // Closing the app ends its engine; the new one opens the same archive file with the same profile.
        restart: async () => {
          await app?.close()
          app = undefined
          return start()
        },
      },
      OWN_ARTICLE,
      'electron',
    )
  })

  test('the window is locked down: no Node, one bridge, no network, no new windows', async () => {
    const page = await start()
    await expect(page.getByText('Your archive is empty')).toBeVisible()
    expect(page.url()).toBe('casebook://app/index.html')

    await page.getByTestId('import-files-input').setInputFiles(ARTICLE)
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
    const running = app as ElectronApplication
    const preferences = await running.evaluate(({ BrowserWindow }) => {
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

    // A server on this machine that records every request: a fetch that fails offline proves nothing, a
    // fetch to a listening server that fails AND never arrives proves the window cannot reach the network.
    const probe = await startProbeServer()
    try {
      const inPage = await page.evaluate(async (probeUrl) => {
        const w = globalThis as unknown as PageGlobals
        let fetched: string
        try {
          await w.fetch(`${probeUrl}/fetch`)
          fetched = 'reached the network'
        } catch {
          fetched = 'blocked'
        }
        return {
          require: typeof w.require,
          process: typeof w.process,
          bridgeKeys: Object.keys(w.casebook),
          unknownChannel: await w.casebook.invoke('archive.drop', {}),
          popupOpened: w.open(`${probeUrl}/popup`) !== null,
          fetched,
        }
      }, probe.url)
      expect(inPage).toMatchObject({
        require: 'undefined',
        process: 'undefined',
        bridgeKeys: ['invoke'],
        unknownChannel: { ok: false, error: { code: 'invalid_input' } },
        popupOpened: false,
        fetched: 'blocked',
      })
      // A refused popup or request could still arrive late: give it time, then check nothing came.
      await new Promise((done) => setTimeout(done, 500))
      expect(probe.requests).toEqual([])
    } finally {
      await probe.close()
    }
    expect(running.windows()).toHaveLength(1)
    await page.screenshot({ path: test.info().outputPath('electron-reader.png') })
  })
})

/** An HTTP server on 127.0.0.1 in the test process, recording the path of every request it receives. */
async function startProbeServer(): Promise<{ url: string; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = []
  const server = createServer((request, response) => {
    requests.push(request.url ?? '')
    response.writeHead(200, { 'content-type': 'text/plain', 'access-control-allow-origin': '*' })
    response.end('reached')
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((done) => server.close(() => done())),
  }
}
