import { afterEach, describe, expect, it } from 'vitest'
import type {
  ArticleDetail,
  ArticleVersionSummary,
  Entity,
  Highlight,
  HighlightPage,
  ReanchorSummary,
  SearchResults,
  VersionDiff,
} from '../../shared/model'
import type { Engine } from '../engine'
import { importBytes, markPassage, openTempEngine, ownFixture, ok } from '../testing/temp-archive'

let cleanups: Array<() => void> = []
afterEach(() => {
  cleanups.forEach((c) => c())
  cleanups = []
})

const PAGE = ownFixture('saved-page.html').toString('utf8')
const KEPT = 'taking more water from the river than its licence allows'
const QUOTED = 'We are asking for the share we were promised'
const REMOVED = 'invited the farmers to check them with an independent hydrologist'
const TYPO = 'the dry months have started earlier every year'

/**
 * The same page saved again a day later: a paragraph added at the top, the engineer's offer withdrawn (the
 * sentence with REMOVED is gone), a typo-sized change inside TYPO, the rest as it was.
 */
const UPDATED_PAGE = PAGE.replace(
  '<p class="byline">By Lena Marsh</p>',
  '<p class="byline">By Lena Marsh</p>\n<p>Updated on Wednesday with the reply of the council, which met overnight.</p>',
)
  .replace(
    /said the city would publish[^<]*hydrologist\./,
    'said on Wednesday that the pumping records were confidential and would stay so.',
  )
  .replace('the dry months have started earlier every year', 'the dry months have started earlier each year')

function failure(engine: Engine, channel: string, input: unknown): { code: string; message: string } {
  const envelope = engine.dispatch(channel, input)
  if (envelope.ok) throw new Error(`${channel} was expected to fail`)
  return envelope.error
}

function setup() {
  const t = openTempEngine()
  cleanups.push(t.cleanup)
  const { engine } = t
  const first = importBytes(engine, 'river.html', Buffer.from(PAGE))
  expect(first.status).toBe('imported')
  const article = ok<ArticleDetail>(engine, 'articles.get', { id: first.articleId })
  const mark = (passage: string, more: object = {}) => markPassage(engine, article, passage, more)
  return { engine, article, mark }
}

describe('article versions', () => {
  it('takes a page saved again from the same URL as a new version and carries the highlights over', () => {
    const { engine, article, mark } = setup()
    const entity = ok<Entity>(engine, 'entities.create', { type: 'person', name: 'Ada Lind' })
    const kept = mark(KEPT, { note: 'the **core** claim', tags: ['water'], color: 'green' })
    const quoted = mark(QUOTED)
    const removed = mark(REMOVED, { entityIds: [entity.id], note: 'an offer to check' })
    const typo = mark(TYPO)

    const second = importBytes(engine, 'river-again.html', Buffer.from(UPDATED_PAGE)) as ReturnType<
      typeof importBytes
    > & { reanchor?: ReanchorSummary }
    expect(second.status).toBe('updated')
    expect(second.articleId).toBe(article.id)
    expect(second.reanchor).toMatchObject({ anchored: 3, orphaned: 1, recovered: 0 })
    expect(second.message).toContain('3 highlights carried over, 1 to review')

    const now = ok<ArticleDetail>(engine, 'articles.get', { id: article.id })
    expect(now.versionId).not.toBe(article.versionId)
    expect(now.currentVersionId).toBe(now.versionId)
    expect([now.versionNumber, now.versionCount, now.orphanCount]).toEqual([2, 2, 1])
    const byId = new Map(now.highlights.map((h) => [h.id, h]))
    expect([...byId.keys()].sort()).toEqual([kept.id, quoted.id, typo.id].sort())
    // Each one marks its words in the new text, which has moved on by the paragraph added at the top.
    for (const h of now.highlights) {
      expect(now.text.slice(h.position.start, h.position.end)).toBe(h.quote.exact)
      expect(h.versionId).toBe(now.versionId)
      expect(h.anchor.status).toBe('anchored')
    }
    const movedKept = byId.get(kept.id)!
    expect(movedKept.quote.exact).toBe(KEPT)
    expect(movedKept.position.start).toBeGreaterThan(kept.position.start)
    expect(['position', 'exact']).toContain(movedKept.anchor.method)
    expect(movedKept).toMatchObject({ note: 'the **core** claim', tags: ['water'], color: 'green' })
    const fixed = byId.get(typo.id)!
    expect(fixed.anchor.method).toBe('fuzzy')
    expect(fixed.anchor.score).toBeGreaterThan(0.5)
    expect(fixed.anchor.score).toBeLessThan(1)
    expect(fixed.quote.exact).toBe('the dry months have started earlier each year')

    // The orphan keeps its quote, note, link and the version it quotes, and waits for review.
    const orphans = ok<HighlightPage>(engine, 'highlights.list', { filters: { status: 'orphan' } })
    expect(orphans.total).toBe(1)
    const orphan = orphans.items[0]!
    expect(orphan).toMatchObject({ id: removed.id, note: 'an offer to check', versionId: article.versionId })
    expect(orphan.quote.exact).toBe(REMOVED)
    expect(orphan.anchor).toMatchObject({ status: 'orphan', method: 'none' })
    expect(orphan.anchor.reason).toBeTruthy()
    expect(orphan.entities.map((e) => e.name)).toEqual(['Ada Lind'])
    expect(orphan.articleTitle).toBe(now.title)

    // The first version is still there to read, with its highlights where they stood.
    const old = ok<ArticleDetail>(engine, 'articles.get', { id: article.id, versionId: article.versionId })
    expect(old.text).toBe(article.text)
    expect(old.sha256).toBe(article.sha256)
    expect(old.versionNumber).toBe(1)
    expect(old.highlights.map((h) => h.quote.exact).sort()).toEqual([KEPT, QUOTED, REMOVED, TYPO].sort())
    for (const h of old.highlights)
      expect(old.text.slice(h.position.start, h.position.end)).toBe(h.quote.exact)

    const versions = ok<ArticleVersionSummary[]>(engine, 'articles.versions', { id: article.id })
    expect(versions.map((v) => [v.number, v.current, v.origin, v.importedFrom, v.highlightCount])).toEqual([
      [1, false, 'import', 'river.html', 4],
      [2, true, 'import', 'river-again.html', 3],
    ])
    expect(versions[1]!.sha256).toBe(now.sha256)
    expect(versions[1]!.sha256).not.toBe(versions[0]!.sha256)
  })

  it('diffs two versions word by word, and both texts can be rebuilt from the diff', () => {
    const { engine, article } = setup()
    importBytes(engine, 'river-again.html', Buffer.from(UPDATED_PAGE))
    const [v1, v2] = ok<ArticleVersionSummary[]>(engine, 'articles.versions', { id: article.id })
    const diff = ok<VersionDiff>(engine, 'articles.diff', {
      id: article.id,
      fromVersionId: v1!.id,
      toVersionId: v2!.id,
    })
    const newer = ok<ArticleDetail>(engine, 'articles.get', { id: article.id }).text
    const join = (kinds: string[]) =>
      diff.parts
        .filter((p) => kinds.includes(p.kind))
        .map((p) => p.text)
        .join('')
    expect(join(['same', 'removed'])).toBe(article.text)
    expect(join(['same', 'added'])).toBe(newer)
    const removed = join(['removed'])
    expect(removed).toContain('hydrologist')
    expect(join(['added'])).toContain('confidential')
    expect(diff.parts.find((p) => p.kind === 'removed' && p.text.trim() === 'every')).toBeTruthy()
    expect(diff.added).toBeGreaterThan(10)
    expect(diff.removed).toBeGreaterThan(10)
    expect(
      failure(engine, 'articles.diff', { id: article.id, fromVersionId: v1!.id, toVersionId: article.id }),
    ).toMatchObject({ code: 'not_found' })
  })

  it('searches the current version only', () => {
    const { engine, article } = setup()
    const before = ok<SearchResults>(engine, 'search.query', { query: 'hydrologist' })
    expect(before.hits.map((h) => h.articleId)).toEqual([article.id])
    importBytes(engine, 'river-again.html', Buffer.from(UPDATED_PAGE))
    expect(ok<SearchResults>(engine, 'search.query', { query: 'hydrologist' }).total).toBe(0)
    expect(
      ok<SearchResults>(engine, 'search.query', { query: 'confidential' }).hits.map((h) => h.articleId),
    ).toEqual([article.id])
  })

  it('knows an earlier version when it is imported again, and keeps unrelated pages under one URL apart', () => {
    const { engine, article } = setup()
    importBytes(engine, 'river-again.html', Buffer.from(UPDATED_PAGE))
    const again = importBytes(engine, 'river-old-copy.html', Buffer.from(PAGE))
    expect(again).toMatchObject({ status: 'duplicate', articleId: article.id })
    expect(again.message).toContain('earlier version')

    // A site that puts its home page as every page's canonical URL: a different story is a new article.
    const other = PAGE.replace(
      /<article class="story">[\s\S]*<\/article>/,
      () =>
        `<article><h1>Harrow library reopens</h1>${'<p>The library in Harrow opened its doors again after a year of repairs to the roof, and readers queued along the high street to borrow books once more.</p>'.repeat(3)}</article>`,
    )
    const separate = importBytes(engine, 'library.html', Buffer.from(other))
    expect(separate.status).toBe('imported')
    expect(separate.articleId).not.toBe(article.id)
  })

  it('imports a file as a new version of an article the user chose', () => {
    const { engine, article, mark } = setup()
    const h = mark(QUOTED)
    const text = `${article.text.replace('promised', 'promised long ago')}\n\nA line added at the end.`
    const result = ok<{ status: string; reanchor: ReanchorSummary }>(engine, 'import.file', {
      name: 'corrected.txt',
      contentBase64: Buffer.from(text).toString('base64'),
      versionOf: article.id,
    })
    expect(result.status).toBe('updated')
    const now = ok<ArticleDetail>(engine, 'articles.get', { id: article.id })
    expect(now.versionCount).toBe(2)
    expect(now.highlights.map((x) => x.id)).toEqual([h.id])
    expect(now.title).toBe(article.title)
    expect(
      failure(engine, 'import.file', {
        name: 'x.txt',
        contentBase64: Buffer.from('Some other text entirely.').toString('base64'),
        versionOf: '01900000-0000-7000-8000-000000000000',
      }),
    ).toMatchObject({ code: 'not_found' })
  })

  it('saves a correction made in the app as a version, keeping block kinds, and refuses a stale one', () => {
    const { engine, article, mark } = setup()
    const h = mark(KEPT)
    const edited = article.text.replace('Farmers in the lower valley', 'Farmers in the southern lower valley')
    const summary = ok<ReanchorSummary>(engine, 'articles.edit', {
      id: article.id,
      baseVersionId: article.versionId,
      text: edited,
    })
    expect(summary).toMatchObject({ anchored: 1, orphaned: 0 })
    const now = ok<ArticleDetail>(engine, 'articles.get', { id: article.id })
    expect(now.text).toBe(edited)
    expect(now.blocks.map((b) => [b.kind, b.level])).toEqual(article.blocks.map((b) => [b.kind, b.level]))
    expect(now.highlights[0]).toMatchObject({ id: h.id, quote: { exact: KEPT } })
    const versions = ok<ArticleVersionSummary[]>(engine, 'articles.versions', { id: article.id })
    expect(versions.map((v) => [v.origin, v.importedFrom])).toEqual([
      ['import', 'river.html'],
      ['edit', null],
    ])
    // Edited against version 1 while version 2 is current: refused, nothing written.
    expect(
      failure(engine, 'articles.edit', {
        id: article.id,
        baseVersionId: article.versionId,
        text: 'Other text',
      }),
    ).toMatchObject({ code: 'conflict' })
    expect(
      failure(engine, 'articles.edit', { id: article.id, baseVersionId: now.versionId, text: edited }),
    ).toMatchObject({ code: 'invalid_input', message: 'the text is unchanged' })
    expect(ok<ArticleVersionSummary[]>(engine, 'articles.versions', { id: article.id })).toHaveLength(2)
  })

  it('re-attaches an orphan to words the user selects, or dismisses it; an orphan found again comes back', () => {
    const { engine, article, mark } = setup()
    const removed = mark(REMOVED, { note: 'an offer to check' })
    importBytes(engine, 'river-again.html', Buffer.from(UPDATED_PAGE))
    const now = ok<ArticleDetail>(engine, 'articles.get', { id: article.id })
    expect(now.highlights).toHaveLength(0)

    const words = 'the pumping records were confidential'
    const start = now.text.indexOf(words)
    // Only in the current version, and only on real words.
    expect(
      failure(engine, 'highlights.reattach', {
        id: removed.id,
        versionId: article.versionId,
        start: 0,
        end: 5,
      }),
    ).toMatchObject({ code: 'conflict' })
    const placed = ok<Highlight>(engine, 'highlights.reattach', {
      id: removed.id,
      versionId: now.versionId,
      start: start - 1,
      end: start + words.length,
    })
    expect(placed).toMatchObject({
      versionId: now.versionId,
      note: 'an offer to check',
      quote: { exact: words },
      anchor: { status: 'anchored', method: 'manual', score: 1, reason: null },
    })
    expect(ok<HighlightPage>(engine, 'highlights.list', { filters: { status: 'orphan' } }).total).toBe(0)
    expect(failure(engine, 'highlights.dismiss', { id: removed.id })).toMatchObject({ code: 'invalid_input' })

    // Back to the first text (an edit restoring it): the re-attached highlight is at its new words' place
    // no more, so it is an orphan; dismissing it takes it out of the queue and keeps it.
    ok(engine, 'articles.edit', { id: article.id, baseVersionId: now.versionId, text: article.text })
    const queue = ok<HighlightPage>(engine, 'highlights.list', { filters: { status: 'orphan' } })
    expect(queue.items.map((h) => h.id)).toEqual([removed.id])
    const dismissed = ok<Highlight>(engine, 'highlights.dismiss', { id: removed.id })
    expect(dismissed.anchor.status).toBe('dismissed')
    expect(ok<HighlightPage>(engine, 'highlights.list', { filters: { status: 'orphan' } }).total).toBe(0)
    expect(ok<HighlightPage>(engine, 'highlights.list', { filters: { status: 'dismissed' } }).total).toBe(1)
  })

  it('finds an orphan again when a later version has its words back', () => {
    const { engine, article, mark } = setup()
    const removed = mark(REMOVED)
    importBytes(engine, 'river-again.html', Buffer.from(UPDATED_PAGE))
    const v2 = ok<ArticleDetail>(engine, 'articles.get', { id: article.id })
    const restored = `${v2.text}\n\nThe engineer later said she had invited the farmers to check them with an independent hydrologist after all.`
    const summary = ok<ReanchorSummary>(engine, 'articles.edit', {
      id: article.id,
      baseVersionId: v2.versionId,
      text: restored,
    })
    // Its context is gone, so it is found again only because the quote is long and unique.
    expect(summary).toMatchObject({ recovered: 1, orphaned: 0 })
    const v3 = ok<ArticleDetail>(engine, 'articles.get', { id: article.id })
    expect(v3.highlights.map((h) => [h.id, h.quote.exact])).toEqual([[removed.id, REMOVED]])
  })
})

describe('the list of all highlights', () => {
  it('filters by article, tag, entity, colour, status and date, and pages', () => {
    const t = openTempEngine()
    cleanups.push(t.cleanup)
    const { engine } = t
    const river = importBytes(engine, 'river.html', Buffer.from(PAGE))
    const strike = importBytes(engine, 'harbour-strike.txt', ownFixture('harbour-strike.txt'))
    const person = ok<Entity>(engine, 'entities.create', { type: 'person', name: 'Tomas Berg' })
    const mark = (articleId: string, passage: string, more: object = {}) =>
      markPassage(engine, ok<ArticleDetail>(engine, 'articles.get', { id: articleId }), passage, more)
    const a = mark(river.articleId!, QUOTED, { tags: ['Quote'], entityIds: [person.id], color: 'pink' })
    const b = mark(river.articleId!, KEPT, { tags: ['water'] })
    const strikeText = ok<ArticleDetail>(engine, 'articles.get', { id: strike.articleId }).text
    const c = mark(strike.articleId!, strikeText.slice(0, 30).trim(), { tags: ['quote'] })
    const ids = (filters: object, more: object = {}) =>
      ok<HighlightPage>(engine, 'highlights.list', { filters, ...more }).items.map((h) => h.id)

    expect(ids({})).toEqual([c.id, b.id, a.id])
    expect(ids({ articleId: river.articleId })).toEqual([b.id, a.id])
    expect(ids({ tag: 'QUOTE' })).toEqual([c.id, a.id])
    expect(ids({ entityId: person.id })).toEqual([a.id])
    expect(ids({ color: 'pink' })).toEqual([a.id])
    expect(ids({ color: 'yellow' })).toEqual([c.id, b.id])
    expect(ids({ status: 'anchored' })).toHaveLength(3)
    expect(ids({ status: 'orphan' })).toEqual([])
    // The river page was published on 2026-05-14.
    expect(ids({ from: '2026-05', to: '2026-05' })).toEqual([b.id, a.id])
    expect(ids({ to: '2020' })).toEqual([])
    expect(ids({ dateOf: 'created', from: '2000', to: '2999' })).toHaveLength(3)
    const page = ok<HighlightPage>(engine, 'highlights.list', { filters: {}, limit: 2, offset: 2 })
    expect([page.total, page.items.map((h) => h.id)]).toEqual([3, [a.id]])
    expect(page.items[0]).toMatchObject({ articleTitle: 'Farmers and city clash over river water' })
  })
})
