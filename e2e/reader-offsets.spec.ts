import { readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import ts from 'typescript'
import {
  ensureRendererBuilt,
  REPO_ROOT,
  selectInReader,
  withArchive,
  type RunningServer,
  failOnConsoleErrors,
} from './helpers'

/**
 * The reader's DOM ⇄ canonical-offset mapping (src/renderer/src/lib/dom-offsets.ts) on the real rendered
 * reader: awkward selections a user makes, each turned into a highlight whose quote must be exactly the
 * canonical text the selection covers, and round trips offsets → DOM range → offsets.
 */

/** No h1: the title comes from the file name and the header (title, "Imported from") sits above the blocks. */
const MINUTES = `The board met on Tuesday in the harbour office. Present were the chair and two members.

Decisions taken at the meeting:

- Raise the harbour dues by a tenth.
- Drop the late winter crossing.
- Publish the protocol of every meeting.

> The chair said the dues had not risen in nine years.

The next meeting is on the first of April, in the same room.
`
/** Its first block is its title, so the byline sits inside the reader body, between two blocks. */
const TITLED = resolve(REPO_ROOT, 'e2e/fixtures/harbour-council-vote.md')

test.beforeAll(() => ensureRendererBuilt())

failOnConsoleErrors()

interface ApiHighlight {
  id: string
  quote: { exact: string }
  position: { start: number; end: number }
}
interface ApiArticle {
  id: string
  text: string
  highlights: ApiHighlight[]
}

/** The archive as the engine holds it, fetched over the API with the token header (not through the UI). */
async function api<T>(page: Page, server: RunningServer, channel: string, input: object): Promise<T> {
  const response = await page.request.post(`${server.origin}/api/${channel}`, {
    headers: { 'x-casebook-token': server.token },
    data: input,
  })
  const envelope = (await response.json()) as { ok: boolean; value: T; error?: { message: string } }
  if (!envelope.ok) throw new Error(`${channel}: ${envelope.error?.message}`)
  return envelope.value
}

async function openOnly(page: Page, server: RunningServer): Promise<ApiArticle> {
  const [summary] = await api<Array<{ id: string }>>(page, server, 'articles.list', {})
  if (!summary) throw new Error('no article was imported')
  await page.getByRole('list', { name: 'Articles' }).getByRole('button').first().click()
  await expect(page.locator('.article-body')).toBeVisible()
  return api<ApiArticle>(page, server, 'articles.get', { id: summary.id })
}

async function importAndOpen(page: Page, server: RunningServer, file: string): Promise<ApiArticle> {
  await page.goto(server.url)
  await page.getByTestId('import-files-input').setInputFiles(file)
  await expect(page.getByRole('list', { name: 'Import results' })).toContainText('imported')
  return openOnly(page, server)
}

/**
 * A point in the reader. With `text`: just before that text's first occurrence inside the first element
 * matching `selector` whose text holds it (or just after it, with `after`). Without: the element itself at
 * child index `child` (what a triple-click or a drag past the end produces).
 */
interface PointSpec {
  selector: string
  text?: string
  after?: boolean
  child?: number
}

/** Selects from one point to another as a drag would, leaving the keyboard to the reader. */
async function selectPoints(page: Page, from: PointSpec, to: PointSpec): Promise<void> {
  await page.evaluate(
    ([start, end]) => {
      interface N {
        data: string
        length: number
        textContent: string | null
      }
      interface G {
        document: {
          querySelectorAll(s: string): ArrayLike<N>
          createTreeWalker(root: unknown, what: number): { nextNode(): N | null }
          createRange(): { setStart(n: unknown, o: number): void; setEnd(n: unknown, o: number): void }
          activeElement: { blur?: () => void } | null
          dispatchEvent(e: unknown): boolean
        }
        getSelection(): { removeAllRanges(): void; addRange(r: unknown): void } | null
        Event: new (type: string) => unknown
      }
      const w = globalThis as unknown as G
      const locate = (spec: PointSpec): [unknown, number] => {
        const all = Array.from(w.document.querySelectorAll(spec.selector))
        const element = all.find((e) => spec.text === undefined || (e.textContent ?? '').includes(spec.text))
        if (!element) throw new Error(`nothing matches ${spec.selector} ${spec.text ?? ''}`)
        if (spec.text === undefined) return [element, spec.child ?? 0]
        const walker = w.document.createTreeWalker(element, 4)
        const nodes: N[] = []
        let joined = ''
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          nodes.push(n)
          joined += n.data
        }
        const at = joined.indexOf(spec.text) + (spec.after ? spec.text.length : 0)
        let passed = 0
        for (const n of nodes) {
          // A point just after the text stays in the node the text ends in.
          if (spec.after ? at <= passed + n.length : at < passed + n.length) return [n, at - passed]
          passed += n.length
        }
        throw new Error(`could not place a point at ${spec.text}`)
      }
      const [startNode, startOffset] = locate(start)
      const [endNode, endOffset] = locate(end)
      const range = w.document.createRange()
      range.setStart(startNode, startOffset)
      range.setEnd(endNode, endOffset)
      w.document.activeElement?.blur?.()
      const selection = w.getSelection()
      selection?.removeAllRanges()
      selection?.addRange(range)
      w.document.dispatchEvent(new w.Event('selectionchange'))
    },
    [from, to] as const,
  )
}

/** Presses `h` on the current selection and returns the highlight it stored, as the engine stored it. */
async function highlightSelection(
  page: Page,
  server: RunningServer,
  articleId: string,
): Promise<ApiHighlight> {
  const before = await api<ApiArticle>(page, server, 'articles.get', { id: articleId })
  const known = new Set(before.highlights.map((h) => h.id))
  await page.keyboard.press('h')
  await expect
    .poll(
      async () => (await api<ApiArticle>(page, server, 'articles.get', { id: articleId })).highlights.length,
    )
    .toBe(known.size + 1)
  // The UI is done with it too (the library's count refreshed), so no request of its outlives the test.
  const count = known.size + 1
  await expect(page.getByRole('list', { name: 'Articles' })).toContainText(
    `${count} ${count === 1 ? 'highlight' : 'highlights'}`,
  )
  const after = await api<ApiArticle>(page, server, 'articles.get', { id: articleId })
  const created = after.highlights.find((h) => !known.has(h.id))
  if (!created) throw new Error('no highlight was created')
  return created
}

/** The canonical text from the start of `first` to the end of `last` (each found after `from`). */
function slice(text: string, first: string, last: string, from = 0): string {
  const start = text.indexOf(first, from)
  const end = text.indexOf(last, start) + last.length
  expect(start).toBeGreaterThanOrEqual(0)
  expect(end).toBeGreaterThan(start)
  return text.slice(start, end)
}

function minutesFile(): string {
  const file = join(test.info().outputPath(), 'minutes.md')
  writeFileSync(file, MINUTES)
  return file
}

test('a selection starting in the title and details above the blocks starts at the first block', async ({
  page,
}) => {
  await withArchive(async ({ server }) => {
    const article = await importAndOpen(page, server(), minutesFile())
    await expect(page.locator('.article-header')).toContainText('Imported from')
    await selectPoints(
      page,
      { selector: '.article-header h1', child: 0 },
      { selector: '.article-body p', text: 'two members.', after: true },
    )
    const made = await highlightSelection(page, server(), article.id)
    expect(made.position.start).toBe(0)
    expect(made.quote.exact).toBe(slice(article.text, 'The board met', 'two members.'))

    // From the "Imported from" line, which is outside the body altogether.
    await selectPoints(
      page,
      { selector: '.article-details', text: 'Imported from' },
      { selector: '.article-body p', text: 'on Tuesday', after: true },
    )
    const second = await highlightSelection(page, server(), article.id)
    expect(second.quote.exact).toBe('The board met on Tuesday')
  })
})

test('a selection starting in the byline of a titled article starts at the block after it', async ({
  page,
}) => {
  await withArchive(async ({ server }) => {
    const article = await importAndOpen(page, server(), TITLED)
    // The title is the first block, and the details sit inside the body right after it.
    await expect(page.locator('.article.titled .article-body .article-details')).toBeVisible()
    await selectPoints(
      page,
      { selector: '.article-body .article-details', text: 'Imported from' },
      { selector: '.article-body p', text: 'Port Selwyn, 14 March 2024', after: true },
    )
    const made = await highlightSelection(page, server(), article.id)
    expect(made.quote.exact).toBe('Port Selwyn, 14 March 2024')

    // And from the title block across the details into the text: the title is text, the details are not.
    await selectPoints(
      page,
      { selector: '.article-body h1', text: 'irregularities' },
      { selector: '.article-body p', text: 'Port Selwyn', after: true },
    )
    const across = await highlightSelection(page, server(), article.id)
    expect(across.quote.exact).toBe(slice(article.text, 'irregularities', 'Port Selwyn'))
  })
})

test('a selection ending at the start of the next block (a triple-click) takes the whole block alone', async ({
  page,
}) => {
  await withArchive(async ({ server }) => {
    const article = await importAndOpen(page, server(), minutesFile())
    const first = 'The board met on Tuesday in the harbour office. Present were the chair and two members.'
    // The range a triple-click makes in Chromium: the paragraph, up to offset 0 of what follows.
    await selectPoints(
      page,
      { selector: '.article-body p', text: 'The board met' },
      { selector: '.article-body p:nth-of-type(2)', child: 0 },
    )
    expect((await highlightSelection(page, server(), article.id)).quote.exact).toBe(first)

    // Ending at offset 0 of the first list item (the next block lives in another element: the list).
    await selectPoints(
      page,
      { selector: '.article-body p', text: 'Decisions taken' },
      { selector: '.article-body li', text: 'Raise' },
    )
    expect((await highlightSelection(page, server(), article.id)).quote.exact).toBe(
      'Decisions taken at the meeting:',
    )

    // Real triple-clicks, on a paragraph and on a list item.
    await page.locator('.article-body p', { hasText: 'The next meeting' }).click({ clickCount: 3 })
    expect((await highlightSelection(page, server(), article.id)).quote.exact).toBe(
      'The next meeting is on the first of April, in the same room.',
    )
    await page.locator('.article-body li', { hasText: 'late winter' }).click({ clickCount: 3 })
    expect((await highlightSelection(page, server(), article.id)).quote.exact).toBe(
      'Drop the late winter crossing.',
    )
  })
})

test('a selection across list items and across existing highlights maps to the canonical text', async ({
  page,
}) => {
  await withArchive(async ({ server }) => {
    const article = await importAndOpen(page, server(), minutesFile())
    await selectPoints(
      page,
      { selector: '.article-body li', text: 'the harbour dues' },
      { selector: '.article-body li:nth-child(2)', text: 'late winter', after: true },
    )
    const lists = await highlightSelection(page, server(), article.id)
    expect(lists.quote.exact).toBe(slice(article.text, 'the harbour dues', 'late winter'))
    expect(lists.quote.exact).toContain('tenth.')
    expect(lists.quote.exact).toContain('Drop the')

    // Three items and out into the quote that follows the list.
    await selectPoints(
      page,
      { selector: '.article-body li', text: 'by a tenth' },
      { selector: '.article-body blockquote', text: 'The chair said', after: true },
    )
    expect((await highlightSelection(page, server(), article.id)).quote.exact).toBe(
      slice(article.text, 'by a tenth', 'The chair said'),
    )

    // Across highlight spans: start inside one highlight, cross another whole, end inside a third.
    await selectInReader(page, 'harbour office')
    await highlightSelection(page, server(), article.id)
    await selectInReader(page, 'chair and two')
    await highlightSelection(page, server(), article.id)
    await expect(page.locator('.article-body p').first().locator('.hl')).not.toHaveCount(0)
    await selectPoints(
      page,
      { selector: '.article-body p', text: 'office. Present' },
      { selector: '.article-body p', text: 'and two', after: true },
    )
    // The start lies inside the "harbour office" span, the end inside the "chair and two" span.
    expect((await highlightSelection(page, server(), article.id)).quote.exact).toBe(
      slice(article.text, 'office. Present', 'and two'),
    )
  })
})

test('a passage round-trips: offsets → DOM range → offsets', async ({ page }) => {
  await withArchive(async ({ server }) => {
    const article = await importAndOpen(page, server(), minutesFile())
    const passage = 'Publish the protocol'
    await selectInReader(page, passage)
    // `l` opens the type-ahead, which paints the pending passage from its offsets (offsetsToRange).
    await page.keyboard.press('l')
    const painted = await page.evaluate(() => {
      interface G {
        CSS: { highlights: Map<string, Set<{ toString(): string }>> }
        getSelection(): { removeAllRanges(): void; addRange(r: unknown): void } | null
        __pendingRange?: unknown
      }
      const w = globalThis as unknown as G
      const range = [...(w.CSS.highlights.get('casebook-pending') ?? [])][0]
      w.__pendingRange = range
      return range?.toString() ?? null
    })
    expect(painted).toBe(passage)
    await page.keyboard.press('Escape')
    await expect(page.getByRole('toolbar', { name: 'Selection' })).toBeHidden()
    // That range, selected again, must map back to the same offsets (rangeToOffsets).
    await page.evaluate(() => {
      interface G {
        getSelection(): { removeAllRanges(): void; addRange(r: unknown): void } | null
        document: { dispatchEvent(e: unknown): boolean; activeElement: { blur?: () => void } | null }
        Event: new (type: string) => unknown
        __pendingRange?: unknown
      }
      const w = globalThis as unknown as G
      w.document.activeElement?.blur?.()
      w.getSelection()?.removeAllRanges()
      w.getSelection()?.addRange(w.__pendingRange)
      w.document.dispatchEvent(new w.Event('selectionchange'))
    })
    const made = await highlightSelection(page, server(), article.id)
    const at = article.text.indexOf(passage)
    expect(made.position).toMatchObject({ start: at, end: at + passage.length })
    expect(made.quote.exact).toBe(passage)
  })
})

test('every offset of every block round-trips through the module itself', async ({ page }) => {
  await withArchive(async ({ server }) => {
    const article = await importAndOpen(page, server(), minutesFile())
    // Some highlights, so blocks hold several text nodes and nested spans.
    await selectInReader(page, 'harbour office. Present')
    await highlightSelection(page, server(), article.id)
    await selectInReader(page, 'office. Present were')
    await highlightSelection(page, server(), article.id)
    await selectInReader(page, 'late winter')
    await highlightSelection(page, server(), article.id)

    // The module's own source, compiled here and run in the page against the reader's real DOM.
    const source = readFileSync(resolve(REPO_ROOT, 'src/renderer/src/lib/dom-offsets.ts'), 'utf8')
    const compiled = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    }).outputText
    await page.evaluate(`(() => { const exports = {}; ${compiled}; globalThis.__domOffsets = exports })()`)

    const failures = await page.evaluate(() => {
      interface Offsets {
        rangeToOffsets(root: unknown, range: unknown): { start: number; end: number } | null
        offsetsToRange(root: unknown, start: number, end: number): unknown
        offsetToPoint(root: unknown, offset: number): { node: unknown; offset: number } | null
        findBlock(root: unknown, offset: number): unknown
        offsetInBlock(block: unknown, node: unknown, offset: number): number
      }
      interface El {
        getAttribute(name: string): string | null
      }
      interface G {
        __domOffsets: Offsets
        document: { querySelector(s: string): { querySelectorAll(s: string): ArrayLike<El> } | null }
      }
      const w = globalThis as unknown as G
      const m = w.__domOffsets
      const root = w.document.querySelector('.article-body')
      if (!root) return ['no reader body']
      const blocks = Array.from(root.querySelectorAll('[data-block-start]')).map((b) => ({
        start: Number(b.getAttribute('data-block-start')),
        end: Number(b.getAttribute('data-block-end')),
      }))
      const problems: string[] = []
      const offsets: number[] = []
      for (const block of blocks) {
        for (let o = block.start; o <= block.end; o++) {
          offsets.push(o)
          const point = m.offsetToPoint(root, o)
          const back = point ? m.offsetInBlock(m.findBlock(root, o), point.node, point.offset) : null
          if (back !== o) problems.push(`offset ${o} came back as ${back}`)
        }
      }
      // Every pair would be slow; every 3rd start against every 5th end covers all blocks and boundaries.
      for (let i = 0; i < offsets.length; i += 3) {
        for (let j = i + 1; j < offsets.length; j += 5) {
          const start = offsets[i] as number
          const end = offsets[j] as number
          if (end <= start) continue
          const range = m.offsetsToRange(root, start, end)
          const back = range ? m.rangeToOffsets(root, range) : null
          if (back?.start !== start || back.end !== end)
            problems.push(`[${start}, ${end}) came back as ${JSON.stringify(back)}`)
        }
      }
      return problems.slice(0, 20)
    })
    expect(failures).toEqual([])
  })
})
