import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { expect, test, type Locator, type Page } from '@playwright/test'

export const REPO_ROOT = resolve(import.meta.dirname, '..')

const READY_LINE = /^Casebook is running at (http:\/\/127\.0\.0\.1:\d+\/\?token=(\S+))$/m
const START_TIMEOUT_MS = 60_000
const STOP_TIMEOUT_MS = 10_000

export interface RunningServer {
  /** The URL the server printed, token included. */
  url: string
  origin: string
  token: string
  stop(): Promise<void>
}

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs)
  }
  return newest
}

/**
 * Builds the renderer into out/renderer when it is missing or older than its sources, so running
 * `playwright test` directly never tests a stale UI (`npm run test:e2e` builds it anyway).
 */
export function ensureRendererBuilt(): void {
  const built = join(REPO_ROOT, 'out/renderer/index.html')
  const sources = Math.max(
    newestMtime(join(REPO_ROOT, 'src/renderer')),
    newestMtime(join(REPO_ROOT, 'src/shared')),
  )
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return
  const result = spawnSync(
    process.execPath,
    [
      join(REPO_ROOT, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'vite.renderer.config.ts',
      '--logLevel',
      'warn',
    ],
    { cwd: REPO_ROOT, encoding: 'utf8' },
  )
  if (result.status !== 0)
    throw new Error(`building the renderer failed:\n${result.stdout}\n${result.stderr}`)
}

/** A fresh directory for one test's archive; removed by the returned function. */
export function makeArchiveDir(): { dir: string; archive: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'casebook-e2e-'))
  return {
    dir,
    archive: join(dir, 'archive.sqlite'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  }
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true)
  return new Promise((done) => {
    const timer = setTimeout(() => done(false), timeoutMs)
    child.once('exit', () => {
      clearTimeout(timer)
      done(true)
    })
  })
}

/**
 * Starts the browser shell (`tsx src/server/serve.ts`) on `archivePath` and a free port, and resolves once it
 * prints its ready line. tsx is loaded into node itself (`--import tsx`) rather than through its CLI, so the
 * SIGTERM sent by stop() reaches the server process directly.
 */
/** Servers started and not yet stopped by this test process. */
let runningServers = 0

/**
 * A request the page sent after the test stopped its server (a refresh the last import set off, say), or
 * one in flight as it stopped: noise of the test's teardown, not an error of the app.
 */
export function isTeardownNoise(consoleMessage: string): boolean {
  // A request in flight as the server stopped ends with the connection closed and no answer (EMPTY_RESPONSE,
  // now that every API call has a connection of its own); one sent after it, REFUSED; one whose connection
  // the kernel had accepted for the exiting process, reset before Chromium used it, SOCKET_NOT_CONNECTED
  // (ENOTCONN: CI saw it once as an entity page's last requests met the test's end).
  return (
    runningServers === 0 &&
    /net::ERR_(CONNECTION_(REFUSED|RESET)|EMPTY_RESPONSE|SOCKET_NOT_CONNECTED)/.test(consoleMessage)
  )
}

export interface ServerOptions {
  /** More arguments for serve.ts (`--idle-lock-seconds 2`, say). */
  args?: string[]
  /** The archive's passphrase as CASEBOOK_PASSPHRASE; without it an encrypted archive starts locked. */
  passphrase?: string
}

export async function startServer(archivePath: string, options: ServerOptions = {}): Promise<RunningServer> {
  // CASEBOOK_PASSPHRASE only when the test gives one: a value in the test runner's own environment must not leak in.
  const env = { ...process.env }
  delete env.CASEBOOK_PASSPHRASE
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/server/serve.ts',
      '--archive',
      archivePath,
      '--port',
      '0',
      ...(options.args ?? []),
    ],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...env,
        NODE_ENV: 'test',
        ...(options.passphrase !== undefined ? { CASEBOOK_PASSPHRASE: options.passphrase } : {}),
      },
    },
  )
  let stdout = ''
  let stderr = ''
  child.stderr?.setEncoding('utf8')
  child.stderr?.on('data', (chunk: string) => (stderr += chunk))

  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`the server did not start in time.\nstderr: ${stderr}`)),
      START_TIMEOUT_MS,
    )
    child.stdout?.setEncoding('utf8')
    child.stdout?.on('data', (chunk: string) => {
      stdout += chunk
      const match = READY_LINE.exec(stdout)
      if (match?.[1]) {
        clearTimeout(timer)
        done(match[1])
      }
    })
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      fail(
        new Error(
          `the server exited (${code ?? signal}) before it was ready.\nstdout: ${stdout}\nstderr: ${stderr}`,
        ),
      )
    })
  })

  const parsed = new URL(url)
  runningServers++
  // A server that dies in the middle of a test leaves the page with empty answers and no clue: say why.
  let stopping = false
  child.once('exit', (code, signal) => {
    if (!stopping)
      process.stderr.write(`casebook serve exited (${code ?? signal}) during the test:\n${stderr}\n`)
  })
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    async stop() {
      stopping = true
      runningServers--
      child.kill('SIGTERM')
      if (!(await waitForExit(child, STOP_TIMEOUT_MS))) {
        child.kill('SIGKILL')
        await waitForExit(child, STOP_TIMEOUT_MS)
      }
    },
  }
}

/** Each test gets its own archive and server, stopped and removed afterwards. */
export async function withArchive(
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

/**
 * The few browser APIs the in-page code below uses. e2e compiles with tsconfig.node.json, which has no DOM
 * lib (rightly: Node code must not see DOM globals), so the page's globals are described here instead.
 */
interface PageText {
  data: string
  length: number
  parentElement: { dispatchEvent(event: unknown): boolean } | null
}
interface PageGlobals {
  document: {
    querySelector(selector: string): unknown
    createTreeWalker(root: unknown, whatToShow: number): { nextNode(): unknown }
    createRange(): {
      setStart(node: unknown, offset: number): void
      setEnd(node: unknown, offset: number): void
    }
    dispatchEvent(event: unknown): boolean
    activeElement: { blur?: () => void } | null
  }
  getSelection(): { removeAllRanges(): void; addRange(range: unknown): void } | null
  MouseEvent: new (type: string, init: { bubbles: boolean }) => unknown
  Event: new (type: string) => unknown
}

/** NodeFilter.SHOW_TEXT. */
const SHOW_TEXT = 4

/**
 * Selects `snippet` inside the reader's text with a DOM Range, as a user's drag would, then fires the events
 * a real drag ends with so the floating toolbar appears. The snippet may cross highlight spans.
 */
export async function selectInReader(page: Page, snippet: string): Promise<void> {
  await page.evaluate(
    ([wanted, showText]) => {
      const w = globalThis as unknown as PageGlobals
      const body = w.document.querySelector('.article-body')
      if (!body) throw new Error('no article is open in the reader')
      const walker = w.document.createTreeWalker(body, showText)
      const nodes: PageText[] = []
      let text = ''
      for (
        let node = walker.nextNode() as PageText | null;
        node;
        node = walker.nextNode() as PageText | null
      ) {
        nodes.push(node)
        text += node.data
      }
      const at = text.indexOf(wanted)
      if (at === -1) throw new Error(`the reader does not show: ${wanted}`)
      const locate = (offset: number, isEnd: boolean): [PageText, number] => {
        let passed = 0
        for (const node of nodes) {
          const inside = isEnd ? offset <= passed + node.length : offset < passed + node.length
          if (inside) return [node, offset - passed]
          passed += node.length
        }
        const last = nodes[nodes.length - 1] as PageText
        return [last, last.length]
      }
      const [startNode, startOffset] = locate(at, false)
      const [endNode, endOffset] = locate(at + wanted.length, true)
      const range = w.document.createRange()
      range.setStart(startNode, startOffset)
      range.setEnd(endNode, endOffset)
      // A user who drags over the text has left any text field, so single-key shortcuts apply.
      w.document.activeElement?.blur?.()
      const selection = w.getSelection()
      selection?.removeAllRanges()
      selection?.addRange(range)
      startNode.parentElement?.dispatchEvent(new w.MouseEvent('mouseup', { bubbles: true }))
      w.document.dispatchEvent(new w.Event('selectionchange'))
    },
    [snippet, SHOW_TEXT] as const,
  )
}

/** Drops a text file on the window as the OS would (a DataTransfer made in the page stands in for the drag). */
export async function dropTextFile(page: Page, name: string, content: string): Promise<void> {
  interface DropGlobals {
    DataTransfer: new () => { items: { add(file: unknown): unknown } }
    File: new (parts: string[], name: string, options: { type: string }) => unknown
    DragEvent: new (
      type: string,
      init: { dataTransfer: unknown; bubbles: boolean; cancelable: boolean },
    ) => unknown
    document: { body: { dispatchEvent(event: unknown): boolean } }
  }
  // The app listens for drops once it is mounted, which (behind the lock gate's first question to the
  // engine) is a moment after the page has loaded: a drop before that would fall on nothing.
  await expect(page.getByRole('button', { name: 'Import files' })).toBeVisible()
  await page.evaluate(
    ([fileName, fileContent]) => {
      const w = globalThis as unknown as DropGlobals
      const transfer = new w.DataTransfer()
      transfer.items.add(new w.File([fileContent], fileName, { type: 'text/plain' }))
      w.document.body.dispatchEvent(
        new w.DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }),
      )
    },
    [name, content] as const,
  )
}

/**
 * Fails every test of the calling spec file on a console error or an uncaught page error: a CSP violation
 * or a duplicate React key shows up only there.
 */
export function failOnConsoleErrors(): void {
  let consoleErrors: string[] = []
  test.beforeEach(({ page }) => {
    consoleErrors = []
    page.on('console', (message) => {
      if (message.type() === 'error' && !isTeardownNoise(message.text())) consoleErrors.push(message.text())
    })
    page.on('pageerror', (error) => consoleErrors.push(error.message))
  })
  test.afterEach(() => expect(consoleErrors).toEqual([]))
}

/** One operation of the contract, straight to the shell: for setup the test does not exercise. */
export async function callApi<T>(server: RunningServer, channel: string, input: unknown): Promise<T> {
  const response = await fetch(`${server.origin}/api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-casebook-token': server.token },
    body: JSON.stringify(input),
  })
  const envelope = (await response.json()) as { ok: boolean; value: T; error?: { message: string } }
  if (!envelope.ok) throw new Error(`${channel}: ${envelope.error?.message ?? 'failed'}`)
  return envelope.value
}

/** A text file to drop on the window. */
export interface TextFile {
  name: string
  content: string
}

/** Two short articles the highlight specs share: an election report, and a ferry note that names a place. */
export const ALMATY_FILE: TextFile = {
  name: 'almaty.txt',
  content:
    'Election day in Almaty\n\n' +
    'Independent observers reported long queues outside every school in the district. ' +
    'By the evening the central commission had published the first figures.\n',
}
export const FERRY_FILE: TextFile = {
  name: 'ferry.txt',
  content: 'Ferry notes\n\nThe ferry to Port Selwyn ran late all week; observers blamed the crews.\n',
}

/** Drops `files` on the window one by one and waits until the library lists them all; resolves to the library. */
export async function importTextFiles(page: Page, files: TextFile[]): Promise<Locator> {
  for (const file of files) await dropTextFile(page, file.name, file.content)
  const library = page.getByRole('list', { name: 'Articles' })
  await expect(library.getByRole('listitem')).toHaveCount(files.length)
  return library
}

/**
 * Opens the article whose library entry matches `title` and highlights `passage` as a user would (select,
 * then H). For an article with no highlight yet, so the panel's one card is the new highlight's.
 */
export async function highlightInNewArticle(
  page: Page,
  title: RegExp,
  passage: string,
): Promise<{ reader: Locator; panel: Locator; card: Locator }> {
  await page.getByRole('list', { name: 'Articles' }).getByRole('button', { name: title }).click()
  const reader = page.getByRole('main', { name: 'Reader' })
  await expect(reader.locator('.article-body')).toContainText(passage)
  await selectInReader(page, passage)
  await page.keyboard.press('h')
  const panel = page.getByRole('complementary', { name: 'Highlights' })
  const card = panel.locator('.highlight-card')
  await expect(card).toHaveCount(1)
  return { reader, panel, card }
}

/**
 * Setup the test does not exercise: a highlight of `passage` in the article titled `articleTitle`, linked to
 * a new entity, made straight through the contract.
 */
export async function createHighlightByApi(
  server: RunningServer,
  options: {
    articleTitle: string
    passage: string
    entity: { type: string; name: string }
    tags: string[]
    color?: string
    note?: string
  },
): Promise<void> {
  const summaries = await callApi<Array<{ id: string; title: string }>>(server, 'articles.list', {})
  const summary = summaries.find((a) => a.title === options.articleTitle)
  if (!summary) throw new Error(`no article titled ${options.articleTitle}`)
  const article = await callApi<{ id: string; versionId: string; text: string }>(server, 'articles.get', {
    id: summary.id,
  })
  const entity = await callApi<{ id: string }>(server, 'entities.create', options.entity)
  const start = article.text.indexOf(options.passage)
  await callApi(server, 'highlights.create', {
    articleId: article.id,
    versionId: article.versionId,
    start,
    end: start + options.passage.length,
    entityIds: [entity.id],
    tags: options.tags,
    color: options.color,
    note: options.note,
  })
}
