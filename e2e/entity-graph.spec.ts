import { expect, test, type Page } from '@playwright/test'
import { callApi, ensureRendererBuilt, failOnConsoleErrors, withArchive, type RunningServer } from './helpers'

/** Issue 5: the graph of entities — drawn, filtered by type, and a click on a node opens its page. */

test.beforeAll(() => ensureRendererBuilt())

// A CSP violation (an inline style, an eval) would show only in the console: any error fails the test.
failOnConsoleErrors()

const ARTICLES = [
  {
    name: 'vote.txt',
    text:
      'Tokayev wins the vote\n\n' +
      'President Tokayev won the snap election in Almaty with 81 per cent. ' +
      'The League of Young Voters saw ballot stuffing in Almaty.\n',
  },
  {
    name: 'protest.txt',
    text: 'Protest in Almaty\n\nIn Almaty the police detained members of the League of Young Voters.\n',
  },
  { name: 'harvest.txt', text: 'Harvest\n\nTokayev spoke in Astana about the harvest festival.\n' },
]

interface Article {
  id: string
  versionId: string
  text: string
}

/** Imports a text file through the contract, as a drop on the window would. */
async function importArticle(server: RunningServer, name: string, text: string): Promise<Article> {
  const { articleId } = await callApi<{ articleId: string }>(server, 'import.file', {
    name,
    contentBase64: Buffer.from(text).toString('base64'),
  })
  return callApi<Article>(server, 'articles.get', { id: articleId })
}

/** A highlight of `passage` linked to the entities given. */
async function link(server: RunningServer, article: Article, passage: string, entityIds: string[]) {
  const start = article.text.indexOf(passage)
  if (start < 0) throw new Error(`“${passage}” is not in the article`)
  await callApi(server, 'highlights.create', {
    articleId: article.id,
    versionId: article.versionId,
    start,
    end: start + passage.length,
    entityIds,
    tags: [],
  })
}

/** Seven linked entities (two places, an event, a type of the user's own) and a relation, through the contract. */
async function archiveWithEntities(server: RunningServer) {
  const [vote, protest, harvest] = await Promise.all(
    ARTICLES.map((a) => importArticle(server, a.name, a.text)),
  )
  const make = (fields: object) => callApi<{ id: string }>(server, 'entities.create', fields)
  const tokayev = await make({ type: 'person', name: 'Tokayev' })
  const almaty = await make({ type: 'place', name: 'Almaty' })
  const astana = await make({ type: 'place', name: 'Astana' })
  const league = await make({ type: 'organisation', name: 'League of Young Voters' })
  const police = await make({ type: 'organisation', name: 'Almaty police' })
  const festival = await make({ type: 'event', name: 'Harvest festival' })
  const stuffing = await make({ type: 'other', customType: 'practice', name: 'Ballot stuffing' })
  await make({ type: 'person', name: 'Nazarbayev' })
  await link(server, vote!, 'President Tokayev won the snap election in Almaty', [tokayev.id, almaty.id])
  await link(server, vote!, 'League of Young Voters saw ballot stuffing', [league.id])
  await link(server, vote!, 'ballot stuffing in Almaty', [stuffing.id])
  await link(server, protest!, 'In Almaty the police detained', [almaty.id, police.id])
  await link(server, protest!, 'members of the League of Young Voters', [league.id])
  await link(server, harvest!, 'Tokayev spoke in Astana', [tokayev.id, astana.id])
  await link(server, harvest!, 'harvest festival', [festival.id])
  await callApi(server, 'relations.create', { subjectId: tokayev.id, objectId: police.id, type: 'leads' })
}

async function openGraph(page: Page, server: RunningServer) {
  await page.goto(server.url)
  await page.getByRole('tab', { name: 'Graph' }).click()
  const nodes = page.getByRole('list', { name: 'Entities in the graph' })
  const canvas = page.getByRole('img', { name: /^Network of/ })
  return { nodes, canvas }
}

test('the graph draws the linked entities, hides a type when unticked, and opens an entity clicked on the canvas', async ({
  page,
}, testInfo) => {
  const workers: string[] = []
  page.on('worker', (worker) => workers.push(worker.url()))
  await withArchive(async ({ server }) => {
    await archiveWithEntities(server())
    const { nodes, canvas } = await openGraph(page, server())

    // Nazarbayev has no passage nor relation: not drawn. The most connected first.
    await expect(nodes.getByRole('listitem')).toHaveCount(7)
    await expect(nodes.getByRole('listitem').first()).toContainText('Tokayev')
    await expect(nodes.getByRole('listitem').first()).toContainText('6 connections · 2 passages')
    await expect(canvas).toHaveAttribute('data-drawn-nodes', '7')
    await expect(page.getByRole('region', { name: 'Graph of entities' })).toContainText(
      '7 entities · 11 co-occurrences · 1 relation',
    )
    // The layout ran in a worker of the app's own origin.
    expect(workers.some((url) => url.includes('entity-graph-layout.worker'))).toBe(true)
    await page.screenshot({ path: testInfo.outputPath('graph.png') })
    // Hovering an entity in the list picks it out on the canvas, with its connections.
    await nodes.getByRole('button', { name: /^Almaty police/ }).hover()
    await page.screenshot({ path: testInfo.outputPath('graph-focus.png') })

    // Places hidden: Almaty and Astana leave the list and the canvas.
    const types = page.getByRole('group', { name: 'Types' })
    await types.getByRole('checkbox', { name: /Place/ }).uncheck()
    await expect(nodes.getByRole('listitem')).toHaveCount(5)
    await expect(nodes.getByRole('listitem').filter({ hasText: 'Astana' })).toHaveCount(0)
    await expect(nodes.getByRole('listitem').filter({ hasText: /^Almaty(?! police)/ })).toHaveCount(0)
    await expect(nodes.getByRole('listitem').filter({ hasText: 'Almaty police' })).toHaveCount(1)
    await expect(canvas).toHaveAttribute('data-drawn-nodes', '5')
    await page.screenshot({ path: testInfo.outputPath('graph-no-places.png') })

    // Only events: one node, in the middle of the canvas once fitted; a click there opens its page.
    for (const name of [/Person/, /Organisation/, /practice/])
      await types.getByRole('checkbox', { name }).uncheck()
    await expect(canvas).toHaveAttribute('data-drawn-nodes', '1')
    const box = await canvas.boundingBox()
    if (!box) throw new Error('the canvas has no box')
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
    const entityPage = page.getByRole('main', { name: 'Entity' })
    await expect(entityPage.getByRole('heading', { level: 1 })).toHaveText('Harvest festival')
    // Closing the page goes back to the graph as it was.
    await entityPage.getByRole('button', { name: '← Close' }).click()
    await expect(canvas).toHaveAttribute('data-drawn-nodes', '1')

    // The list opens an entity's page too (the keyboard's way in).
    await types.getByRole('checkbox', { name: /Organisation/ }).check()
    await nodes.getByRole('button', { name: /^League of Young Voters/ }).click()
    await expect(entityPage.getByRole('heading', { level: 1 })).toHaveText('League of Young Voters')
  })
})

test('the minimum of shared articles keeps strong co-occurrences, relations whatever it is', async ({
  page,
}, testInfo) => {
  await withArchive(async ({ server }) => {
    await archiveWithEntities(server())
    const { nodes, canvas } = await openGraph(page, server())
    await expect(canvas).toHaveAttribute('data-drawn-nodes', '7')
    await page.getByRole('combobox', { name: /^Show/ }).selectOption('connected')
    // Almaty and the League share two articles; Tokayev leads the police (a relation).
    await page.getByRole('spinbutton', { name: 'At least' }).fill('2')
    await expect(nodes.getByRole('listitem')).toHaveCount(4)
    await expect(page.getByRole('region', { name: 'Graph of entities' })).toContainText(
      '4 entities · 1 co-occurrence · 1 relation',
    )
    await page.screenshot({ path: testInfo.outputPath('graph-strong.png') })
    await page.getByRole('checkbox', { name: /Relations/ }).uncheck()
    await expect(nodes.getByRole('listitem')).toHaveCount(2)
  })
})

test('a big graph is capped to the most connected entities, and says so', async ({ page }, testInfo) => {
  await withArchive(async ({ server }) => {
    const article = await importArticle(
      server(),
      'crowd.txt',
      'A crowded report\n\nMany names in one paragraph, and another, and a third one too.\n',
    )
    const ids: string[] = []
    for (let i = 0; i < 105; i++)
      ids.push(
        (await callApi<{ id: string }>(server(), 'entities.create', { type: 'person', name: `Person ${i}` }))
          .id,
      )
    await link(server(), article, 'Many names in one paragraph', ids.slice(0, 50))
    await link(server(), article, 'and another', ids.slice(50, 100))
    await link(server(), article, 'and a third one too', ids.slice(100))
    const { nodes, canvas } = await openGraph(page, server())
    await expect(canvas).toHaveAttribute('data-drawn-nodes', '105')
    await page.getByRole('combobox', { name: /At most/ }).selectOption('100')
    await expect(canvas).toHaveAttribute('data-drawn-nodes', '100')
    await expect(nodes.getByRole('listitem')).toHaveCount(100)
    await expect(page.getByRole('status').filter({ hasText: 'most connected' })).toContainText(
      'Showing the 100 most connected of 105 entities; 2,950 weaker co-occurrences left out.',
    )
    await page.screenshot({ path: testInfo.outputPath('graph-capped.png') })
  })
})

test('a new archive’s graph tells what to do', async ({ page }, testInfo) => {
  await withArchive(async ({ server }) => {
    await openGraph(page, server())
    const view = page.getByRole('region', { name: 'Graph of entities' })
    await expect(view.getByRole('heading', { name: 'No entities yet' })).toBeVisible()
    await expect(view).toContainText('Link passages to entities in the reader, and they appear here')
    await page.screenshot({ path: testInfo.outputPath('graph-empty.png') })
  })
})
