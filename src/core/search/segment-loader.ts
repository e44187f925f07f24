import lunr from 'lunr'

/**
 * Loads a persisted lunr segment without building its TokenSet up front.
 *
 * lunr's own Index.load builds a TokenSet (an automaton of every term) at load, which DESIGN.md measured at
 * 6.8 s of a 10k-article index's 8.2 s load. Only wildcard and fuzzy terms need it; exact terms are answered
 * from the inverted index (see SearchIndex.matchAll). So the TokenSet is built on first use.
 */

interface SerializedIndex {
  fields: string[]
  fieldVectors: Array<[string, number[]]>
  invertedIndex: Array<[string, object]>
  pipeline: string[]
}

/** lunr.TokenSet.Builder exists at run time but not in @types/lunr. */
interface TokenSetWithBuilder {
  Builder: new () => { insert(term: string): void; finish(): void; root: lunr.TokenSet }
}

export function loadSegmentIndex(serialized: SerializedIndex): lunr.Index {
  const fieldVectors: Record<string, lunr.Vector> = {}
  for (const [ref, elements] of serialized.fieldVectors) fieldVectors[ref] = new lunr.Vector(elements)
  const invertedIndex: Record<string, object> = Object.create(null) as Record<string, object>
  for (const [term, posting] of serialized.invertedIndex) invertedIndex[term] = posting
  // @types/lunr names these attributes after an older lunr (documentVectors); the runtime reads these.
  const attributes = {
    fields: serialized.fields,
    fieldVectors,
    invertedIndex,
    tokenSet: new lunr.TokenSet(),
    pipeline: lunr.Pipeline.load(serialized.pipeline),
  }
  const index = new lunr.Index(attributes as unknown as lunr.Index.Attributes)
  let tokenSet: lunr.TokenSet | null = null
  Object.defineProperty(index, 'tokenSet', {
    configurable: true,
    get() {
      if (!tokenSet) {
        // The serialised inverted index is sorted by term, as TokenSet.Builder requires.
        const builder = new (lunr.TokenSet as unknown as TokenSetWithBuilder).Builder()
        for (const [term] of serialized.invertedIndex) builder.insert(term)
        builder.finish()
        tokenSet = builder.root
      }
      return tokenSet
    },
  })
  return index
}
