import { loadBrownCorpus } from './brown-corpus'

/**
 * The benchmark's corpus: articles of ~800 words of real text, dealt from paragraphs in a fixed
 * pseudo-random order, so every run and every engine's process builds the same articles.
 *
 * English comes from the Brown corpus (1M words; paragraphs recur across articles beyond ~1,300 articles).
 * Every 10th article is Russian, from the man pages of `manpages-ru` (~150k words; paragraphs recur beyond
 * ~180 Russian articles), so Cyrillic tokenising and stemming are part of every figure. Without the Russian
 * text (no apt on the machine) the corpus is English only, as before.
 */

export interface Article {
  title: string
  body: string
}

/** Article i is Russian when i % RUSSIAN_EVERY === RUSSIAN_EVERY - 1. */
export const RUSSIAN_EVERY = 10
const ARTICLE_WORDS = 800

/**
 * mulberry32: a 32-bit generator in integer arithmetic (a float LCG loses precision and repeats quickly,
 * which made duplicate articles that Casebook, rightly, stored once).
 */
function generator(seed: number): () => number {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return (t ^ (t >>> 14)) >>> 0
  }
}

/** Paragraphs drawn from a pool until the article has ~800 words. */
function dealArticle(pool: string[], next: () => number): string[] {
  const parts: string[] = []
  let words = 0
  while (words < ARTICLE_WORDS) {
    const paragraph = pool[next() % pool.length] ?? ''
    parts.push(paragraph)
    words += paragraph.split(' ').length
  }
  return parts
}

export interface Corpus {
  articles: Article[]
  /** How many of the articles are Russian (0 when manpages-ru could not be had). */
  russian: number
}

/** `russian`: the paragraphs of loadRussianManpages(), or null for an English-only corpus. */
export function buildCorpus(size: number, russian: string[] | null): Corpus {
  const english = loadBrownCorpus().flatMap((doc) => doc.text.split('\n\n'))
  // Two streams: the English articles are the same sequence with or without the Russian ones, and without
  // them the corpus is the one earlier runs measured (up to ~20k articles, see below).
  const nextEnglish = generator(42)
  const nextRussian = generator(7)
  const articles: Article[] = []
  // Some Brown paragraphs are longer than an article and make one alone: beyond ~20k articles the same one
  // comes up again. Casebook would rightly store such a text once, so a text already dealt is dealt anew.
  const dealt = new Set<string>()
  let russianCount = 0
  for (let i = 0; i < size; i++) {
    const isRussian = russian !== null && i % RUSSIAN_EVERY === RUSSIAN_EVERY - 1
    let parts: string[]
    let body: string
    do {
      parts = isRussian ? dealArticle(russian, nextRussian) : dealArticle(english, nextEnglish)
      body = parts.join('\n\n')
    } while (dealt.has(body))
    dealt.add(body)
    if (isRussian) russianCount++
    // Every 7th title says "Report", for the field query (title:report).
    const title = `${i % 7 === 0 ? 'Report' : 'Article'} ${i}: ${(parts[0] ?? '').split(' ').slice(0, 6).join(' ')}`
    articles.push({ title, body })
  }
  return { articles, russian: russianCount }
}
