/**
 * How many characters of an article the entity suggester reads, at most (about 30 pages). Analysis costs
 * time and memory in proportion to the text (English, the slower, about 2.5 s for this much, on a thread of
 * its own), and an article's names are mostly met early anyway. Shared so that the reader can say when an
 * article was read only in part.
 */
export const SUGGEST_TEXT_LIMIT = 100_000
