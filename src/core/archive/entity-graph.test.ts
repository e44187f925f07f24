import { afterEach, describe, expect, it } from 'vitest'
import type { ArticleDetail, Entity, EntityGraph, EntityGraphEdge, Relation } from '../../shared/model'
import { importBytes, markPassage, ok, openTempEngine } from '../testing/temp-archive'

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

/**
 * Three articles; Almaty and the League share two of them, Tokayev is linked together with Almaty in one
 * passage and with Astana in another; "ballot stuffing" has a type of its own; the police appear only in a
 * relation; Nazarbayev has neither passages nor relations.
 */
function archive() {
  const temp = openTempEngine()
  cleanups.push(() => temp.cleanup())
  const { engine } = temp
  const open = (name: string, text: string) =>
    ok<ArticleDetail>(engine, 'articles.get', { id: importBytes(engine, name, Buffer.from(text)).articleId })
  const vote = open(
    'vote.txt',
    'The vote\n\nTokayev won in Almaty. The League of Young Voters saw ballot stuffing in Almaty. Ballots were stuffed.\n',
  )
  const protest = open('protest.txt', 'The protest\n\nIn Almaty the police detained members of the League.\n')
  const other = open('other.txt', 'Elsewhere\n\nTokayev spoke in Astana about the harvest.\n')
  const make = (fields: object) => ok<Entity>(engine, 'entities.create', fields)
  const almaty = make({ type: 'place', name: 'Almaty' })
  const tokayev = make({ type: 'person', name: 'Tokayev' })
  const league = make({ type: 'organisation', name: 'League of Young Voters' })
  const astana = make({ type: 'place', name: 'Astana' })
  const police = make({ type: 'organisation', name: 'Almaty police' })
  const stuffing = make({ type: 'other', customType: 'practice', name: 'Ballot stuffing' })
  make({ type: 'person', name: 'Nazarbayev' })
  markPassage(engine, vote, 'Tokayev won in Almaty', { entityIds: [tokayev.id, almaty.id] })
  markPassage(engine, vote, 'League of Young Voters saw ballot stuffing in Almaty', {
    entityIds: [league.id],
  })
  markPassage(engine, vote, 'Ballots were stuffed', { entityIds: [stuffing.id] })
  markPassage(engine, protest, 'In Almaty the police', { entityIds: [almaty.id] })
  markPassage(engine, protest, 'members of the League', { entityIds: [league.id] })
  markPassage(engine, other, 'Tokayev spoke in Astana', { entityIds: [tokayev.id, astana.id] })
  const leads = ok<Relation>(engine, 'relations.create', {
    subjectId: tokayev.id,
    objectId: police.id,
    type: 'leads',
  })
  const ids = { almaty, tokayev, league, astana, police, stuffing }
  const nameOf = new Map(Object.values(ids).map((e) => [e.id, e.name]))
  const graph = (input: object = {}) => ok<EntityGraph>(engine, 'entities.graph', input)
  /** Edges as readable rows, sorted: "A – B 2/1" (articles/passages) or "A —leads→ B". */
  const edges = (g: EntityGraph) =>
    g.edges
      .map((e: EntityGraphEdge) => {
        const [a, b] = [nameOf.get(e.source), nameOf.get(e.target)]
        if (e.kind === 'relation') return `${a} —${e.label}→ ${b}`
        return `${[a, b].sort().join(' – ')} ${e.articles}/${e.passages}`
      })
      .sort()
  const names = (g: EntityGraph) => g.nodes.map((n) => n.name)
  return { engine, graph, edges, names, leads, protest, ...ids }
}

describe('the graph of entities (issue 5)', () => {
  it('has the linked entities as nodes, most connected first, with co-occurrences and relations as edges', () => {
    const { graph, edges, names, tokayev, police, leads } = archive()
    const g = graph()
    expect(names(g)).toEqual([
      'Tokayev',
      'Almaty',
      'League of Young Voters',
      'Ballot stuffing',
      'Astana',
      'Almaty police',
    ])
    expect(g.nodes.map((n) => [n.name, n.degree, n.passages, n.articles])).toEqual([
      ['Tokayev', 5, 2, 2],
      ['Almaty', 3, 2, 2],
      ['League of Young Voters', 3, 2, 2],
      ['Ballot stuffing', 3, 1, 1],
      ['Astana', 1, 1, 1],
      ['Almaty police', 1, 0, 0],
    ])
    expect(g.nodes.find((n) => n.name === 'Ballot stuffing')).toMatchObject({
      type: 'other',
      customType: 'practice',
    })
    expect(edges(g)).toEqual([
      'Almaty – Ballot stuffing 1/0',
      'Almaty – League of Young Voters 2/0',
      'Almaty – Tokayev 1/1',
      'Astana – Tokayev 1/1',
      'Ballot stuffing – League of Young Voters 1/0',
      'Ballot stuffing – Tokayev 1/0',
      'League of Young Voters – Tokayev 1/0',
      'Tokayev —leads→ Almaty police',
    ])
    // Directed: the subject is the source.
    expect(g.edges.find((e) => e.kind === 'relation')).toEqual({
      kind: 'relation',
      id: leads.id,
      source: tokayev.id,
      target: police.id,
      type: 'leads',
      label: 'leads',
    })
    for (const e of g.edges) if (e.kind === 'co-occurrence') expect(e.source < e.target).toBe(true)
    expect(g).toMatchObject({ matchingNodes: 6, limit: 500, edgesLeftOut: 0 })
    // The filter's choices: every type, with how many linked entities have it (Nazarbayev is not linked).
    expect(g.types).toEqual([
      { type: 'person', customType: null, count: 1 },
      { type: 'organisation', customType: null, count: 2 },
      { type: 'place', customType: null, count: 2 },
      { type: 'other', customType: 'practice', count: 1 },
    ])
    expect(graph({ nodes: 'all' }).nodes).toHaveLength(7)
    expect(graph({ nodes: 'all' }).types[0]).toEqual({ type: 'person', customType: null, count: 2 })
  })

  it('keeps co-occurrences of at least the minimum strength, and relations whatever it is', () => {
    const { graph, edges, names } = archive()
    const strong = graph({ minStrength: 2 })
    expect(edges(strong)).toEqual(['Almaty – League of Young Voters 2/0', 'Tokayev —leads→ Almaty police'])
    // Entities left without an edge stay (they are linked) unless only connected ones are asked for.
    expect(strong.nodes).toHaveLength(6)
    expect(names(graph({ minStrength: 2, nodes: 'connected' }))).toEqual([
      'Almaty',
      'League of Young Voters',
      'Tokayev',
      'Almaty police',
    ])
    expect(edges(graph({ minStrength: 3 }))).toEqual(['Tokayev —leads→ Almaty police'])
  })

  it('leaves out co-occurrences or relations when asked', () => {
    const { graph, edges } = archive()
    expect(edges(graph({ includeCoOccurrence: false }))).toEqual(['Tokayev —leads→ Almaty police'])
    const noRelations = graph({ includeRelations: false })
    expect(noRelations.edges.every((e) => e.kind === 'co-occurrence')).toBe(true)
    expect(noRelations.edges).toHaveLength(7)
    // The police are in a relation, so still a node, with no edge.
    expect(noRelations.nodes.find((n) => n.name === 'Almaty police')?.degree).toBe(0)
    expect(graph({ includeRelations: false, nodes: 'connected' }).nodes).toHaveLength(5)
  })

  it('filters by built-in types and by types of the users’ own', () => {
    const { graph, edges, names } = archive()
    const places = graph({ types: ['place'] })
    expect(names(places)).toEqual(['Almaty', 'Astana'])
    expect(places.edges).toEqual([])
    // The choices do not narrow with the filter.
    expect(places.types).toHaveLength(4)
    const mixed = graph({ types: ['person'], customTypes: ['practice'] })
    expect(names(mixed)).toEqual(['Tokayev', 'Ballot stuffing'])
    expect(edges(mixed)).toEqual(['Ballot stuffing – Tokayev 1/0'])
    // 'other' alone is the plain type: an entity with a type of its own is not one.
    expect(graph({ types: ['other'] }).nodes).toEqual([])
    expect(names(graph({ customTypes: ['practice'] }))).toEqual(['Ballot stuffing'])
    // A relation needs both ends kept.
    expect(edges(graph({ types: ['person', 'organisation'] }))).toEqual([
      'League of Young Voters – Tokayev 1/0',
      'Tokayev —leads→ Almaty police',
    ])
  })

  it('caps the nodes, keeping the most connected, and says how many matched', () => {
    const { graph, edges } = archive()
    const capped = graph({ limit: 2 })
    expect(capped.nodes.map((n) => [n.name, n.degree])).toEqual([
      ['Almaty', 1],
      ['Tokayev', 1],
    ])
    expect(edges(capped)).toEqual(['Almaty – Tokayev 1/1'])
    expect(capped).toMatchObject({ matchingNodes: 6, limit: 2 })
  })

  it('counts only live articles, passages and entities', () => {
    const { engine, graph, edges, names, protest, stuffing, astana, almaty } = archive()
    ok(engine, 'articles.delete', { id: protest.id })
    ok(engine, 'entities.delete', { id: stuffing.id })
    const g = graph()
    expect(edges(g)).toEqual([
      'Almaty – League of Young Voters 1/0',
      'Almaty – Tokayev 1/1',
      'Astana – Tokayev 1/1',
      'League of Young Voters – Tokayev 1/0',
      'Tokayev —leads→ Almaty police',
    ])
    expect(g.nodes.find((n) => n.name === 'Almaty')).toMatchObject({ passages: 1, articles: 1 })
    // A merged entity is gone; its passages count for the one it was merged into.
    ok(engine, 'entities.merge', { id: astana.id, intoId: almaty.id })
    const merged = graph()
    expect(names(merged)).not.toContain('Astana')
    expect(merged.nodes.find((n) => n.name === 'Almaty')).toMatchObject({ passages: 2, articles: 2 })
    expect(edges(merged)).toContain('Almaty – Tokayev 2/2')
  })

  it('refuses a graph request out of bounds', () => {
    const { engine } = archive()
    for (const input of [{ minStrength: 0 }, { limit: 0 }, { limit: 5001 }, { types: ['vehicle'] }])
      expect(engine.dispatch('entities.graph', input).ok).toBe(false)
  })
})
