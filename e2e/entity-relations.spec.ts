import { expect, test, type Locator, type Page, type TestInfo } from '@playwright/test'
import {
  callApi,
  dropTextFile,
  ensureRendererBuilt,
  failOnConsoleErrors,
  withArchive,
  type RunningServer,
} from './helpers'

/**
 * Issue 5, the entity page's new parts through the UI: an entity's own type, an event's dates, a place's
 * parent, properties; relations with passages as evidence, seen from both ends; a split; the timeline.
 */

test.beforeAll(() => ensureRendererBuilt())

failOnConsoleErrors()

const TITLE = 'Roman Reimer returns to the square'
const ARTICLE =
  `${TITLE}\n\n` +
  'Roman Reimer, who leads the League of Young Voters, spoke to the crowd in Almaty on Sunday.\n\n' +
  'The League of Young Voters handed out leaflets before the snap presidential election.\n\n' +
  'The footballer Roman Reimer scored twice for Kairat on the same day.\n'
const LEADER_PASSAGE = 'Roman Reimer, who leads the League of Young Voters, spoke to the crowd in Almaty'
const LEAGUE_PASSAGE = 'The League of Young Voters handed out leaflets before the snap presidential election'
const FOOTBALLER_PASSAGE = 'The footballer Roman Reimer scored twice for Kairat'

/** Setup the tests do not exercise: a passage linked to an entity, made through the contract. */
async function linkPassage(
  server: RunningServer,
  article: { id: string; versionId: string; text: string },
  passage: string,
  entityId: string,
): Promise<void> {
  const start = article.text.indexOf(passage)
  await callApi(server, 'highlights.create', {
    articleId: article.id,
    versionId: article.versionId,
    start,
    end: start + passage.length,
    entityIds: [entityId],
  })
}

/**
 * The article (dated, so its passages are on the timeline), Roman Reimer with two passages (the leader's and,
 * wrongly, a footballer's), the League with one, and an election dated the day before the article.
 */
async function archiveWithReimer(page: Page, server: RunningServer): Promise<void> {
  await page.goto(server.url)
  await dropTextFile(page, 'reimer.txt', ARTICLE)
  await expect(page.getByRole('list', { name: 'Articles' }).getByRole('listitem')).toHaveCount(1)
  const [summary] = await callApi<Array<{ id: string }>>(server, 'articles.list', {})
  await callApi(server, 'articles.metadata.set', { id: summary?.id, publishedAt: '2022-11-21' })
  const article = await callApi<{ id: string; versionId: string; text: string }>(server, 'articles.get', {
    id: summary?.id,
  })
  const reimer = await callApi<{ id: string }>(server, 'entities.create', {
    type: 'person',
    name: 'Roman Reimer',
  })
  const league = await callApi<{ id: string }>(server, 'entities.create', {
    type: 'organisation',
    name: 'League of Young Voters',
  })
  await callApi(server, 'entities.create', {
    type: 'event',
    name: 'Snap presidential election',
    dateStart: '2022-11-20',
  })
  await linkPassage(server, article, LEADER_PASSAGE, reimer.id)
  await linkPassage(server, article, FOOTBALLER_PASSAGE, reimer.id)
  await linkPassage(server, article, LEAGUE_PASSAGE, league.id)
}

async function openEntity(page: Page, name: string): Promise<Locator> {
  await page.getByRole('tab', { name: 'Entities' }).click()
  await page
    .getByRole('list', { name: 'Entity list' })
    .getByRole('button', { name: new RegExp(`^${name}`) })
    .click()
  const entityPage = page.getByRole('main', { name: 'Entity' })
  await expect(entityPage.getByRole('heading', { level: 1 })).toHaveText(name)
  return entityPage
}

async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`) })
}

test('the entity form gives a place its parent and properties, an event its dates, and an entity a type of its own', async ({
  page,
}, testInfo) => {
  await withArchive(async ({ server }) => {
    await page.goto(server().url)
    await page.getByRole('tab', { name: 'Entities' }).click()
    const list = page.getByRole('list', { name: 'Entity list' })
    const form = page.getByRole('dialog')

    await page.getByRole('button', { name: 'New entity' }).click()
    await form.getByRole('combobox', { name: 'Type' }).selectOption('place')
    await form.getByRole('textbox', { name: 'Name', exact: true }).fill('Kazakhstan')
    await form.getByRole('button', { name: 'Create entity' }).click()
    await expect(list.getByRole('listitem')).toHaveCount(1)

    // Almaty, inside Kazakhstan (only places are offered), with a property.
    await page.getByRole('button', { name: 'New entity' }).click()
    await form.getByRole('combobox', { name: 'Type' }).selectOption('place')
    await form.getByRole('textbox', { name: 'Name', exact: true }).fill('Almaty')
    await form.getByRole('button', { name: 'Choose a place…' }).click()
    await form.getByRole('combobox', { name: 'Place it is in' }).fill('Kaz')
    await form.getByRole('option', { name: /Kazakhstan/ }).click()
    await expect(form.locator('.entity-form-parent')).toContainText('Kazakhstan')
    await form.getByRole('button', { name: 'Add property' }).click()
    await expect(form.getByRole('textbox', { name: 'Property 1 name' })).toBeFocused()
    await form.getByRole('textbox', { name: 'Property 1 name' }).fill('population')
    await form.getByRole('textbox', { name: 'Property 1 value' }).fill('2 million')
    await form.getByRole('button', { name: 'Add property' }).click()
    await form.getByRole('textbox', { name: 'Property 2 name' }).fill('unwanted')
    await form.getByRole('button', { name: 'Remove property unwanted' }).click()
    await shot(page, testInfo, 'form-place')
    await form.getByRole('button', { name: 'Create entity' }).click()
    await expect(form).toHaveCount(0)

    let entityPage = await openEntity(page, 'Almaty')
    const facts = entityPage.getByRole('definition')
    await expect(entityPage.locator('.entity-facts dt')).toHaveText(['Inside', 'population'])
    await expect(facts).toHaveText(['Kazakhstan', '2 million'])
    await shot(page, testInfo, 'page-place')
    await entityPage.locator('.entity-facts').getByRole('button', { name: 'Kazakhstan' }).click()
    await expect(entityPage.getByRole('heading', { level: 1 })).toHaveText('Kazakhstan')
    await expect(entityPage.locator('.entity-facts')).toContainText('Places in it')
    await entityPage.locator('.entity-facts').getByRole('button', { name: 'Almaty' }).click()
    await expect(entityPage.getByRole('heading', { level: 1 })).toHaveText('Almaty')

    // An event with a range ending before it starts is refused in the form, with the engine's words.
    await page.getByRole('button', { name: 'New entity' }).click()
    await form.getByRole('combobox', { name: 'Type' }).selectOption('event')
    await form.getByRole('textbox', { name: 'Name', exact: true }).fill('Snap presidential election')
    await form.getByRole('textbox', { name: 'Date, or first day' }).fill('2022-11-20')
    await form.getByRole('textbox', { name: /Last day/ }).fill('2022-11-01')
    await form.getByRole('button', { name: 'Create entity' }).click()
    await expect(form.getByRole('alert')).toHaveText(
      'the range ends (2022-11-01) before it starts (2022-11-20)',
    )
    await shot(page, testInfo, 'form-event-refused')
    await form.getByRole('textbox', { name: /Last day/ }).fill('2022-11-22')
    await expect(form.getByRole('alert')).toHaveCount(0)
    await form.getByRole('button', { name: 'Create entity' }).click()
    await expect(form).toHaveCount(0)
    entityPage = await openEntity(page, 'Snap presidential election')
    await expect(entityPage.locator('.entity-facts')).toContainText('When')
    await expect(entityPage.getByRole('definition')).toHaveText(['Nov 20, 2022 – Nov 22, 2022'])

    // Edited: the range goes, a single day stays, and a property is added.
    await entityPage.getByRole('button', { name: 'Edit…' }).click()
    await expect(form.getByRole('textbox', { name: 'Date, or first day' })).toHaveValue('2022-11-20')
    await form.getByRole('textbox', { name: /Last day/ }).fill('')
    await form.getByRole('button', { name: 'Add property' }).click()
    await form.getByRole('textbox', { name: 'Property 1 name' }).fill('turnout')
    await form.getByRole('textbox', { name: 'Property 1 value' }).fill('69 per cent')
    await form.getByRole('button', { name: 'Save' }).click()
    await expect(form).toHaveCount(0)
    await expect(entityPage.getByRole('definition')).toHaveText(['Nov 20, 2022', '69 per cent'])
    await shot(page, testInfo, 'page-event')

    // A type of the user's own, shown instead of "Other", and offered again for the next entity.
    await page.getByRole('button', { name: 'New entity' }).click()
    await form.getByRole('combobox', { name: 'Type' }).selectOption({ label: 'New type…' })
    await form.getByRole('textbox', { name: 'Name of the new type' }).fill('Vehicle')
    await form.getByRole('textbox', { name: 'Name', exact: true }).fill('Ferry Astana')
    await form.getByRole('button', { name: 'Create entity' }).click()
    await expect(form).toHaveCount(0)
    await expect(list.getByRole('button', { name: /^Ferry Astana/ }).locator('.type-badge')).toHaveText(
      'Vehicle',
    )
    entityPage = await openEntity(page, 'Ferry Astana')
    await expect(entityPage.locator('.entity-counts .type-badge')).toHaveText('Vehicle')
    await page.getByRole('button', { name: 'New entity' }).click()
    await expect(form.getByRole('combobox', { name: 'Type' }).locator('optgroup option')).toHaveText([
      'Vehicle',
    ])
    await shot(page, testInfo, 'form-own-type')
    await page.keyboard.press('Escape')
    await expect(form).toHaveCount(0)
  })
})

test('a relation with a passage as evidence shows on both entity pages and opens the passage; the timeline lists dated passages and events', async ({
  page,
}, testInfo) => {
  await withArchive(async ({ server }) => {
    await archiveWithReimer(page, server())
    const entityPage = await openEntity(page, 'Roman Reimer')
    // The headline names him too, unlinked.
    await expect(entityPage.locator('.entity-counts')).toContainText('2 passages in 1 article')
    await expect(entityPage.locator('.entity-counts')).toContainText('1 unlinked mention')
    const relations = entityPage.getByRole('region', { name: 'Relations' })
    await expect(relations).toContainText('No relations yet')
    const timeline = entityPage.getByRole('region', { name: 'Timeline' })
    await expect(timeline.getByRole('listitem')).toHaveCount(2)

    await relations.getByRole('button', { name: 'Add relation…' }).click()
    const form = relations.getByRole('form', { name: 'Add a relation' })
    await form.getByRole('combobox', { name: 'Related entity' }).fill('League')
    await form.getByRole('option', { name: /League of Young Voters/ }).click()
    await form.getByRole('combobox', { name: 'Relation' }).selectOption('leads')
    await expect(form.getByRole('radio', { checked: true })).toHaveAccessibleName(
      'Roman Reimer — leads → League of Young Voters',
    )
    await form.getByRole('checkbox', { name: new RegExp(LEADER_PASSAGE) }).check()
    await shot(page, testInfo, 'relation-form')
    await form.getByRole('button', { name: 'Add relation' }).click()
    await expect(form).toHaveCount(0)
    const relation = relations.getByRole('listitem', { name: 'Roman Reimer leads League of Young Voters' })
    await expect(relation.locator('.relation-sentence')).toHaveText(
      'Roman Reimer — leads → League of Young Voters',
    )
    const evidence = relation.getByRole('list', { name: 'Evidence' })
    await expect(evidence.getByRole('listitem')).toHaveCount(1)
    await expect(evidence).toContainText(LEADER_PASSAGE)
    await expect(evidence).toContainText(TITLE)

    // The same relation again is refused, and the form says why in the engine's words.
    await relations.getByRole('button', { name: 'Add relation…' }).click()
    await form.getByRole('combobox', { name: 'Related entity' }).fill('League')
    await form.getByRole('option', { name: /League of Young Voters/ }).click()
    await form.getByRole('combobox', { name: 'Relation' }).selectOption('leads')
    await form.getByRole('button', { name: 'Add relation' }).click()
    await expect(form.getByRole('alert')).toHaveText(
      'that relation (leads) is recorded already: add the passage to it as evidence',
    )
    // In the user's own words, and read the other way: the election "was won by"… him, say.
    await form.getByRole('button', { name: 'Change…' }).click()
    await form.getByRole('combobox', { name: 'Related entity' }).fill('Snap')
    await form.getByRole('option', { name: /Snap presidential election/ }).click()
    await form.getByRole('combobox', { name: 'Relation' }).selectOption({ label: 'In my own words…' })
    await form.getByRole('textbox', { name: 'Relation in your own words' }).fill('was contested by')
    await form
      .getByRole('radio', { name: 'Snap presidential election — was contested by → Roman Reimer' })
      .check()
    await form.getByRole('button', { name: 'Add relation' }).click()
    await expect(form).toHaveCount(0)
    await expect(relations.locator('.relation-sentence')).toHaveText([
      'Roman Reimer — leads → League of Young Voters',
      'Snap presidential election — was contested by → Roman Reimer',
    ])

    // The related event's date puts it on the timeline, before the passages of the next day.
    await expect(timeline.getByRole('listitem')).toHaveCount(3)
    await expect(timeline.locator('.timeline-kind')).toHaveText(['Event', 'Passage', 'Passage'])
    await expect(timeline.locator('.timeline-date')).toHaveText([
      'Nov 20, 2022',
      'Nov 21, 2022',
      'Nov 21, 2022',
    ])
    await expect(timeline.getByRole('listitem').nth(1)).toContainText(LEADER_PASSAGE)
    await expect(timeline.getByRole('listitem').nth(2)).toContainText(FOOTBALLER_PASSAGE)
    await shot(page, testInfo, 'entity-page-relations')
    await timeline
      .getByRole('listitem')
      .nth(2)
      .screenshot({ path: testInfo.outputPath('timeline-entry.png') })
    // A narrower window: the sentences and the timeline wrap within the column.
    await page.setViewportSize({ width: 1000, height: 800 })
    await shot(page, testInfo, 'entity-page-narrow')
    await timeline.scrollIntoViewIfNeeded()
    await shot(page, testInfo, 'entity-page-narrow-timeline')
    await page.setViewportSize({ width: 1400, height: 900 })

    // Seen from the other end, with the same evidence, which opens the article at the passage.
    await relation.getByRole('button', { name: 'League of Young Voters', exact: true }).click()
    await expect(entityPage.getByRole('heading', { level: 1 })).toHaveText('League of Young Voters')
    const leagueRelation = relations.getByRole('listitem', {
      name: 'Roman Reimer leads League of Young Voters',
    })
    await expect(leagueRelation.locator('.relation-sentence')).toHaveText(
      'Roman Reimer — leads → League of Young Voters',
    )
    await expect(leagueRelation.getByRole('list', { name: 'Evidence' })).toContainText(LEADER_PASSAGE)
    await shot(page, testInfo, 'entity-page-other-end')
    await leagueRelation.getByRole('list', { name: 'Evidence' }).getByRole('button').click()
    const reader = page.getByRole('main', { name: 'Reader' })
    await expect(reader.locator('.hl.selected')).toHaveText(LEADER_PASSAGE)

    // Evidence edited from the League's page: its own passage added.
    const league = await openEntity(page, 'League of Young Voters')
    await relations.getByRole('button', { name: 'Edit evidence' }).click()
    await relations.getByRole('checkbox', { name: new RegExp(LEAGUE_PASSAGE) }).check()
    await expect(relations.getByRole('checkbox', { name: new RegExp(LEADER_PASSAGE) })).toBeChecked()
    await shot(page, testInfo, 'edit-evidence')
    await relations.getByRole('button', { name: 'Save evidence' }).click()
    await expect(relations.getByRole('list', { name: 'Evidence' }).getByRole('listitem')).toHaveCount(2)

    // A timeline's event opens its page; the event's own timeline has itself and no link to itself.
    await relations.getByRole('button', { name: 'Roman Reimer', exact: true }).click()
    await expect(league.getByRole('heading', { level: 1 })).toHaveText('Roman Reimer')
    await timeline.getByRole('button', { name: 'Snap presidential election' }).click()
    await expect(entityPage.getByRole('heading', { level: 1 })).toHaveText('Snap presidential election')
    await expect(timeline.locator('.timeline-kind')).toHaveText(['Event'])
    await expect(timeline.getByRole('button')).toHaveCount(0)

    // Edited: a built-in type instead of the user's words, read the other way, with a note.
    await relations.getByRole('button', { name: 'Edit…' }).click()
    const editForm = relations.getByRole('form', { name: 'Edit the relation' })
    await expect(editForm.getByRole('textbox', { name: 'Relation in your own words' })).toHaveValue(
      'was contested by',
    )
    await editForm.getByRole('combobox', { name: 'Relation' }).selectOption('took_part_in')
    await editForm
      .getByRole('radio', { name: 'Roman Reimer — took part in → Snap presidential election' })
      .check()
    await editForm.getByRole('textbox', { name: 'Note' }).fill('as an observer')
    await editForm.getByRole('button', { name: 'Save relation' }).click()
    await expect(editForm).toHaveCount(0)
    await expect(relations.locator('.relation-sentence')).toHaveText([
      'Roman Reimer — took part in → Snap presidential election',
    ])
    await expect(relations).toContainText('as an observer')

    // Deleted from this end, it is gone from the other too.
    await relations.getByRole('button', { name: 'Delete' }).click()
    await shot(page, testInfo, 'delete-confirm')
    await relations.getByRole('button', { name: 'Delete relation' }).click()
    await expect(relations).toContainText('No relations yet')
    await openEntity(page, 'Roman Reimer')
    await expect(relations.locator('.relation-sentence')).toHaveText([
      'Roman Reimer — leads → League of Young Voters',
    ])
  })
})

test('passages ticked on an entity page are split off into a new entity, and each page shows its own', async ({
  page,
}, testInfo) => {
  await withArchive(async ({ server }) => {
    await archiveWithReimer(page, server())
    const entityPage = await openEntity(page, 'Roman Reimer')
    const passages = entityPage.getByRole('region', { name: 'Passages' })
    await expect(passages.locator('.passage')).toHaveCount(2)

    await passages.getByRole('button', { name: 'Split off passages…' }).click()
    const bar = passages.getByRole('group', { name: 'Split off passages' })
    const splitButton = bar.getByRole('button', { name: 'Split off into a new entity…' })
    await expect(bar).toContainText('0 passages chosen')
    await expect(splitButton).toBeDisabled()
    await passages.getByRole('checkbox', { name: new RegExp(FOOTBALLER_PASSAGE) }).check()
    await expect(bar).toContainText('1 passage chosen')
    await shot(page, testInfo, 'split-choosing')
    await splitButton.click()

    const form = page.getByRole('dialog', { name: 'Split 1 passage off into a new entity' })
    // Two people taken for one: the new entity starts as a person too.
    await expect(form.getByRole('combobox', { name: 'Type' })).toHaveValue('person')
    await form.getByRole('textbox', { name: 'Name', exact: true }).fill('Roman Reimer (footballer)')
    await shot(page, testInfo, 'split-form')
    await form.getByRole('button', { name: 'Split off' }).click()
    await expect(form).toHaveCount(0)

    const notice = entityPage.getByRole('status').filter({ hasText: 'Split' })
    await expect(notice).toContainText('Split 1 passage off into Roman Reimer (footballer)')
    await expect(passages.locator('.passage')).toHaveText([LEADER_PASSAGE])
    await expect(entityPage.locator('.entity-counts')).toContainText('1 passage in 1 article')
    await expect(bar).toHaveCount(0)
    await shot(page, testInfo, 'split-done')

    await notice.getByRole('button', { name: 'Open Roman Reimer (footballer)' }).click()
    await expect(entityPage.getByRole('heading', { level: 1 })).toHaveText('Roman Reimer (footballer)')
    await expect(passages.locator('.passage')).toHaveText([FOOTBALLER_PASSAGE])
    await expect(entityPage.locator('.entity-counts')).toContainText('1 passage in 1 article')
    await expect(entityPage.locator('.entity-counts .type-badge')).toHaveText('Person')
    await expect(page.getByRole('list', { name: 'Entity list' }).getByRole('listitem')).toHaveCount(4)

    // Back on the page it was split from, the split is undone: the passage comes back, the emptied new
    // entity is gone, and no alias is added (as a merge back would).
    await page
      .getByRole('list', { name: 'Entity list' })
      .getByRole('button', { name: /^Roman Reimer(?! \()/ })
      .click()
    await expect(entityPage.getByRole('heading', { level: 1 })).toHaveText('Roman Reimer')
    await notice.getByRole('button', { name: 'Undo split' }).click()
    await expect(passages.locator('.passage')).toHaveCount(2)
    await expect(passages.locator('.passage')).toContainText([LEADER_PASSAGE, FOOTBALLER_PASSAGE])
    await expect(notice).toHaveCount(0)
    await expect(page.getByRole('list', { name: 'Entity list' }).getByRole('listitem')).toHaveCount(3)
    await expect(entityPage).not.toContainText('Also known as')
  })
})
