import lunr from 'lunr'
import { describe, expect, it } from 'vitest'
import { ownFixture } from '../testing/temp-archive'
import { loadSegmentIndex } from './segment-loader'
import { configureBuilder } from './text-pipeline'

describe('loadSegmentIndex', () => {
  it('answers every kind of query exactly as lunr’s own loader, building the TokenSet only when asked', () => {
    const built = lunr(function () {
      configureBuilder(this)
      this.ref('id')
      this.field('body')
      for (const name of ['harbour-strike.txt', 'field-notes.md', 'saved-page.html', 'almaty-ru.txt']) {
        this.add({ id: name, body: ownFixture(name).toString('utf8') })
      }
    })
    const json = JSON.parse(JSON.stringify(built)) as Parameters<typeof loadSegmentIndex>[0]
    const lazy = loadSegmentIndex(json)
    const eager = lunr.Index.load(json)
    const ask = (index: lunr.Index, term: string, options: object) =>
      index.query((q) => q.term(term, { usePipeline: false, ...options })).map((r) => [r.ref, r.score])
    const descriptor = () => Object.getOwnPropertyDescriptor(lazy, 'tokenSet')
    expect(descriptor()?.get).toBeTypeOf('function')
    for (const [term, options] of [
      ['observ', {}],
      ['strike', { fields: ['body'] }],
      ['hydro', { wildcard: lunr.Query.wildcard.TRAILING }],
      ['kostova', { editDistance: 1 }],
      ['наблюдател', {}],
    ] as const) {
      expect(ask(lazy, term, options), term).toEqual(ask(eager, term, options))
    }
    expect(ask(lazy, 'hydro', { wildcard: lunr.Query.wildcard.TRAILING }).length).toBe(1)
  })
})
