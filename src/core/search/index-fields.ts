/** The fields of every indexed document; a query without a field searches them all. */
export const INDEX_FIELDS = ['title', 'body', 'author', 'source'] as const
export type IndexField = (typeof INDEX_FIELDS)[number]

/** How much a word counts in each field, as lunr's field boosts: a word in the title says more. */
export const FIELD_BOOSTS: Record<IndexField, number> = { title: 3, body: 1, author: 2, source: 1 }

export type DocumentFields = Record<IndexField, string>
