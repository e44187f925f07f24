/**
 * How many characters of an article the entity suggester reads, at most (about 30 pages). Analysis costs
 * time in proportion to the text, on the engine's thread (English, the slower, about 2.5 s for this much),
 * and a request must not hold every other one for long; an article's names are mostly met early anyway.
 * Shared so that the reader can say when an article was read only in part.
 */
export const SUGGEST_TEXT_LIMIT = 100_000
