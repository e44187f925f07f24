import { afterEach, describe, expect, it } from 'vitest'
import type { ArticleDetail, Entity, EntityMerge, EntityPage, EntitySummary } from '../../shared/model'
import { verifyAuditLog } from '../audit/verify-audit-log'
import { importBytes, markPassage, ok, openTempEngine } from '../testing/temp-archive'

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

const TEXT = `Tokayev wins the vote

President Kassym-Jomart Tokayev won the snap election with 81 per cent, the commission said on Monday.
Observers from the League of Young Voters reported ballot stuffing in Almaty.
Токаев thanked the voters; Tokayev's opponents called the count unfair.
`

/** An archive with one article and two entities for one man, each linked to passages of its own. */
function archiveWithTwoTokayevs() {
  const temp = openTempEngine()
  cleanups.push(() => temp.cleanup())
  const { engine } = temp
  const { articleId } = importBytes(engine, 'vote.txt', Buffer.from(TEXT))
  const article = ok<ArticleDetail>(engine, 'articles.get', { id: articleId })
  const latin = ok<Entity>(engine, 'entities.create', {
    type: 'person',
    name: 'Kassym-Jomart Tokayev',
    aliases: ['Tokayev'],
  })
  const cyrillic = ok<Entity>(engine, 'entities.create', {
    type: 'person',
    name: 'Токаев',
    aliases: ['Тоқаев'],
  })
  const league = ok<Entity>(engine, 'entities.create', {
    type: 'organisation',
    name: 'League of Young Voters',
  })
  const won = markPassage(engine, article, 'President Kassym-Jomart Tokayev won the snap election', {
    entityIds: [latin.id],
  })
  const thanked = markPassage(engine, article, 'Токаев thanked the voters', { entityIds: [cyrillic.id] })
  // A passage already linked to both: after the merge it is linked once.
  const opponents = markPassage(engine, article, "Tokayev's opponents called the count unfair", {
    entityIds: [latin.id, cyrillic.id],
  })
  markPassage(engine, article, 'League of Young Voters reported ballot stuffing', { entityIds: [league.id] })
  return { engine, latin, cyrillic, league, passages: { won, thanked, opponents } }
}

const page = (engine: ReturnType<typeof openTempEngine>['engine'], id: string) =>
  ok<EntityPage>(engine, 'entities.page', { id })
const quotes = (p: EntityPage) => p.articles.flatMap((a) => a.passages.map((x) => x.exact)).sort()

describe('merging entities (issue 5)', () => {
  it('moves every passage and name to the kept entity, and an undo puts each back', () => {
    const { engine, latin, cyrillic } = archiveWithTwoTokayevs()
    const before = { latin: quotes(page(engine, latin.id)), cyrillic: quotes(page(engine, cyrillic.id)) }

    const merge = ok<EntityMerge>(engine, 'entities.merge', { id: cyrillic.id, intoId: latin.id })
    expect(merge).toMatchObject({ keptId: latin.id, mergedId: cyrillic.id, moved: 1, dropped: 1 })
    expect(merge.addedAliases).toEqual(['Токаев', 'Тоқаев'])
    const kept = page(engine, latin.id)
    expect(kept.entity.aliases).toEqual(['Tokayev', 'Токаев', 'Тоқаев'])
    expect(quotes(kept)).toEqual(
      [
        'President Kassym-Jomart Tokayev won the snap election',
        'Токаев thanked the voters',
        "Tokayev's opponents called the count unfair",
      ].sort(),
    )
    expect(kept.passageCount).toBe(3)
    // The merged entity is gone from the list and cannot be opened; its names find the kept one.
    const listed = ok<EntitySummary[]>(engine, 'entities.list', { query: 'Тоқаев' })
    expect(listed.map((e) => e.id)).toEqual([latin.id])
    expect(engine.dispatch('entities.page', { id: cyrillic.id })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    })

    const restored = ok<Entity>(engine, 'entities.unmerge', { mergeId: merge.id })
    expect(restored).toMatchObject({ id: cyrillic.id, name: 'Токаев', aliases: ['Тоқаев'] })
    expect(quotes(page(engine, latin.id))).toEqual(before.latin)
    expect(quotes(page(engine, cyrillic.id))).toEqual(before.cyrillic)
    expect(page(engine, latin.id).entity.aliases).toEqual(['Tokayev'])
    expect(engine.dispatch('entities.unmerge', { mergeId: merge.id })).toMatchObject({
      ok: false,
      error: { message: 'that merge was undone already' },
    })
  })

  it('keeps a passage unlinked after an undo when the user unlinked it meanwhile', () => {
    const { engine, latin, cyrillic, passages } = archiveWithTwoTokayevs()
    const merge = ok<EntityMerge>(engine, 'entities.merge', { id: cyrillic.id, intoId: latin.id })
    ok(engine, 'links.delete', { highlightId: passages.thanked.id, entityId: latin.id })
    ok(engine, 'entities.unmerge', { mergeId: merge.id })
    expect(quotes(page(engine, cyrillic.id))).toEqual(["Tokayev's opponents called the count unfair"])
    expect(page(engine, latin.id).passageCount).toBe(2)
  })

  it('refuses to merge a pair marked as not the same until the mark is taken back', () => {
    const { engine, latin, cyrillic } = archiveWithTwoTokayevs()
    ok(engine, 'entities.distinct', { id: latin.id, otherId: cyrillic.id, distinct: true })
    // Marked twice, from either side: still one mark.
    ok(engine, 'entities.distinct', { id: cyrillic.id, otherId: latin.id, distinct: true })
    expect(engine.dispatch('entities.merge', { id: cyrillic.id, intoId: latin.id })).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_input',
        message:
          '“Токаев” and “Kassym-Jomart Tokayev” are marked as not the same: take the mark back to merge them',
      },
    })
    expect(page(engine, cyrillic.id).passageCount).toBe(2)
    ok(engine, 'entities.distinct', { id: cyrillic.id, otherId: latin.id, distinct: false })
    expect(ok<EntityMerge>(engine, 'entities.merge', { id: cyrillic.id, intoId: latin.id }).moved).toBe(1)
  })

  it('refuses to merge an entity into itself or into one that does not exist, changing nothing', () => {
    const { engine, latin } = archiveWithTwoTokayevs()
    expect(engine.dispatch('entities.merge', { id: latin.id, intoId: latin.id })).toMatchObject({
      ok: false,
      error: { message: 'an entity cannot be merged into itself' },
    })
    const missing = '01a22400-0000-7000-8000-000000000000'
    expect(engine.dispatch('entities.merge', { id: latin.id, intoId: missing })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    })
    expect(page(engine, latin.id).passageCount).toBe(2)
  })

  it('logs merges, undos and marks in the audit chain, without names', () => {
    const { engine, latin, cyrillic } = archiveWithTwoTokayevs()
    const merge = ok<EntityMerge>(engine, 'entities.merge', { id: cyrillic.id, intoId: latin.id })
    ok(engine, 'entities.unmerge', { mergeId: merge.id })
    ok(engine, 'entities.distinct', { id: latin.id, otherId: cyrillic.id, distinct: true })
    const rows = engine.db
      .prepare("SELECT action, subject, detail FROM audit_log WHERE action LIKE 'entity.%' ORDER BY seq")
      .all() as Array<{ action: string; subject: string; detail: string }>
    const actions = rows.map((r) => r.action).filter((a) => a !== 'entity.create')
    expect(actions).toEqual(['entity.merge', 'entity.unmerge', 'entity.distinct'])
    const mergeEntry = rows.find((r) => r.action === 'entity.merge')
    expect(JSON.parse(mergeEntry?.detail ?? '{}')).toEqual({
      mergeId: merge.id,
      mergedId: cyrillic.id,
      moved: 1,
      dropped: 1,
      aliasesAdded: 2,
    })
    expect(rows.map((r) => r.detail).join(' ')).not.toMatch(/Токаев|Tokayev/)
    expect(verifyAuditLog(engine.db).ok).toBe(true)
  })
})
