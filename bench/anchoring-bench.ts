import { describeRange } from '../src/shared/anchoring'
import { reanchorAll, type AnchorSelectors, type ReanchorResult } from '../src/shared/reanchor'
import { normaliseForMatching } from '../src/shared/text-normalise'
import {
  buildVersion,
  mapRange,
  overlaps,
  pick,
  seededRandom,
  spliceVersion,
  structureOf,
  trimPunctuation,
  typo,
  type Part,
  type Random,
  type Range,
  type Splice,
  type Structure,
  type Version,
} from './anchoring-edits'
import { loadBrownCorpus } from './brown-corpus'

/**
 * `npm run bench:anchoring [-- --seed N] [-- --only <row>] [-- --verbose]`: re-anchoring highlights in new
 * versions of real articles (issue 4). Articles are three consecutive Brown corpus texts (~6,000 words,
 * ~36,000 characters). For each kind of edit, 1,000 random highlights (a few words up to two sentences, on
 * word boundaries, within a paragraph; seeded, so a run is repeatable and `--seed` draws another sample) are
 * placed in 50 articles, 20 per article; the edit is made to each article and every highlight re-anchored
 * in the new version with `reanchorAll`. Where the highlighted words went is known by construction
 * (anchoring-edits.ts maps old ranges through the edit), so "correct" means the exact new offsets, or an
 * orphan where the words are gone; anything else anchored is WRONG. The last row is the realistic case:
 * 1,000 highlights in one article and one new version that mixes the edits. A naive peer runs on the same
 * cases: the exact quote nearest the old position, else an orphan. `--verbose` prints a few misses per row.
 */

const HIGHLIGHTS = 1000
const PER_ARTICLE = 20
const ARTICLE_TEXTS = 3

interface Round {
  old: string
  highlights: Range[]
  version: Version
}

interface Kind {
  name: string
  round(article: string, donor: string, random: Random): Round
}

type Expectation = { kind: 'intact' | 'changed'; range: Range } | { kind: 'gone' }

// ---- placing highlights ----------------------------------------------------------------------------------

interface PickOptions {
  /** Word indices to build highlights around (each highlight contains one); random words otherwise. */
  around?: number[]
  /** No two highlights touch the same sentence, so an edit to one highlight's sentences spares the others. */
  disjoint?: boolean
  /** Ranges no highlight may overlap. */
  avoid?: Range[]
  minWords?: number
}

/**
 * `count` highlights, each within one paragraph: a third 1–3 words, a third 4–15 words, a third one or two
 * whole sentences, trimmed of the punctuation at their word edges as a reader's selection would be.
 */
function pickHighlights(
  text: string,
  structure: Structure,
  random: Random,
  count: number,
  options: PickOptions = {},
) {
  const { words, sentences } = structure
  const used = new Set<number>()
  const highlights: Range[] = []
  const around = options.around ? [...options.around] : null
  for (let attempt = 0; highlights.length < count && attempt < count * 200; attempt++) {
    const anchorWord = around ? pick(random, around) : random.int(words.length)
    const word = words[anchorWord]
    if (!word) continue
    const sentence = sentences[word.sentence]
    if (!sentence) continue
    const size = random.int(3)
    let range: Range | null
    if (size === 2) {
      const next = sentences[word.sentence + 1]
      const two = random.int(2) === 1 && next && next.paragraph === sentence.paragraph
      range = { start: sentence.start, end: two ? next.end : sentence.end }
    } else {
      const length = size === 0 ? 1 + random.int(3) : 4 + random.int(12)
      const first = Math.max(0, anchorWord - random.int(length))
      const last = first + length - 1
      const firstWord = words[first]
      const lastWord = words[last]
      if (!firstWord || !lastWord || last < anchorWord) continue
      const paragraphOf = (w: { sentence: number }) => sentences[w.sentence]?.paragraph
      if (paragraphOf(firstWord) !== sentence.paragraph || paragraphOf(lastWord) !== sentence.paragraph)
        continue
      range = trimPunctuation(text, { start: firstWord.start, end: lastWord.end })
    }
    if (!range || (around && !(range.start <= word.start && word.end <= range.end))) continue
    const inRange = words.filter((w) => w.start < range.end && w.end > range.start)
    if (options.minWords && inRange.length < options.minWords) continue
    if (options.avoid?.some((avoided) => overlaps(avoided, range))) continue
    if (options.disjoint) {
      const touched = new Set(inRange.map((w) => w.sentence))
      if ([...touched].some((s) => used.has(s))) continue
      touched.forEach((s) => used.add(s))
    }
    highlights.push(range)
  }
  if (highlights.length < count) throw new Error(`placed only ${highlights.length} of ${count} highlights`)
  return highlights
}

// ---- edits -----------------------------------------------------------------------------------------------

function same(old: string): Version {
  return buildVersion(old, [{ from: 0, to: old.length }])
}

/** The text with typing slips in `share` of its longer words; each slip's range and the word it replaced. */
function withTypos(base: string, random: Random, share: number) {
  const slips: Array<Splice & { original: string }> = []
  for (const match of base.matchAll(/[A-Za-z]{4,}/g)) {
    if (random.next() < share) {
      slips.push({
        at: match.index,
        remove: match[0].length,
        insert: typo(match[0], random),
        original: match[0],
      })
    }
  }
  const old = spliceVersion(base, slips).text
  let shift = 0
  const typos = slips.map((slip) => {
    const range = { start: slip.at + shift, end: slip.at + shift + slip.insert.length }
    shift += slip.insert.length - slip.remove
    return { range, original: slip.original }
  })
  return { old, typos }
}

function fixTypos(old: string, typos: Array<{ range: Range; original: string }>): Version {
  return spliceVersion(
    old,
    typos.map(({ range, original }) => ({
      at: range.start,
      remove: range.end - range.start,
      insert: original,
      inPlace: true,
    })),
  )
}

/** A splice that cuts the sentences `first..last` (one paragraph) and the space joining them to the rest. */
function cutSentences(structure: Structure, first: number, last: number): Splice {
  const { sentences, paragraphs } = structure
  const a = sentences[first]
  const b = sentences[last]
  if (!a || !b) throw new Error('no such sentences')
  const next = sentences[last + 1]
  const previous = sentences[first - 1]
  if (next && next.paragraph === b.paragraph) return { at: a.start, remove: next.start - a.start, insert: '' }
  if (previous && previous.paragraph === a.paragraph)
    return { at: previous.end, remove: b.end - previous.end, insert: '' }
  const paragraph = paragraphs[a.paragraph] as Range
  const nextParagraph = paragraphs[a.paragraph + 1]
  if (nextParagraph) return { at: paragraph.start, remove: nextParagraph.start - paragraph.start, insert: '' }
  const previousParagraph = paragraphs[a.paragraph - 1]
  const from = previousParagraph ? previousParagraph.end : paragraph.start
  return { at: from, remove: paragraph.end - from, insert: '' }
}

function sentencesOf(structure: Structure, range: Range): [number, number] {
  const touched = structure.sentences.flatMap((s, i) => (overlaps(s, range) ? [i] : []))
  return [touched[0] ?? 0, touched.at(-1) ?? 0]
}

function donorSentences(donor: string): string[] {
  const structure = structureOf(donor)
  return structure.sentences.map((s) => donor.slice(s.start, s.end)).filter((s) => s.length > 20)
}

function donorWords(donor: string): string[] {
  return [...new Set(donor.match(/\b[a-z]{3,}\b/g) ?? [])]
}

function strictlyInside(point: number, highlights: Range[]): boolean {
  return highlights.some((h) => h.start < point && point < h.end)
}

function insertSentences(
  old: string,
  structure: Structure,
  highlights: Range[],
  donor: string,
  random: Random,
  count: number,
) {
  const pool = donorSentences(donor)
  const points = [...new Set(structure.sentences.map((s) => s.start))].filter(
    (p) => !strictlyInside(p, highlights),
  )
  const chosen = new Set<number>()
  while (chosen.size < Math.min(count, points.length)) chosen.add(pick(random, points))
  return spliceVersion(
    old,
    [...chosen].map((at) => ({ at, remove: 0, insert: `${pick(random, pool)} ` })),
  )
}

function replaceWord(token: string, words: string[], random: Random): string {
  if (!/[A-Za-z]/.test(token)) return token.replace(/\d+/, (n) => String(Number(n) + 1 + random.int(97)))
  return token.replace(/[A-Za-z]+/, (core) => {
    let word = pick(random, words)
    while (word === core.toLowerCase()) word = pick(random, words)
    return /^[A-Z]/.test(core) ? word[0]?.toUpperCase() + word.slice(1) : word
  })
}

function reworded(
  old: string,
  structure: Structure,
  highlight: Range,
  words: string[],
  random: Random,
): Splice {
  const [first, last] = sentencesOf(structure, highlight)
  const start = (structure.sentences[first] as Range).start
  const end = (structure.sentences[last] as Range).end
  const text = old.slice(start, end).replace(/\S+/g, (token, offset: number) => {
    const at = start + offset
    const inQuote = at < highlight.end && at + token.length > highlight.start
    return inQuote || random.next() < 0.5 ? replaceWord(token, words, random) : token
  })
  return { at: start, remove: end - start, insert: text }
}

function whitespaceChanged(old: string, random: Random): Version {
  const splices: Splice[] = []
  const wrapped = new Set<number>()
  const structure = structureOf(old)
  structure.paragraphs.forEach((_, i) => random.next() < 0.3 && wrapped.add(i))
  let paragraph = 0
  let column = 0
  for (const run of old.matchAll(/\s+/g)) {
    const at = run.index
    while ((structure.paragraphs[paragraph]?.end ?? Infinity) <= at && run[0] !== ' ') paragraph++
    if (run[0].includes('\n')) {
      column = 0
      if (random.next() < 0.3)
        splices.push({
          at,
          remove: run[0].length,
          insert: pick(random, ['\n', '\n\n\n', '\n \n', '\r\n\r\n']),
          inPlace: true,
        })
      continue
    }
    const paragraphStart = structure.paragraphs[paragraph]?.start ?? 0
    const sinceStart = at - paragraphStart
    if (wrapped.has(paragraph) && sinceStart - column >= 72) {
      column = sinceStart
      splices.push({ at, remove: run[0].length, insert: '\n', inPlace: true })
    } else if (random.next() < 0.03) splices.push({ at, remove: run[0].length, insert: '  ', inPlace: true })
    else if (random.next() < 0.01)
      splices.push({ at, remove: run[0].length, insert: '\u00a0', inPlace: true })
  }
  return spliceVersion(old, splices)
}

function quoteStyleChanged(old: string, curlyToStraight: boolean): Version {
  const splices: Splice[] = []
  const pattern = curlyToStraight ? /[“”]/g : /'/g
  for (const match of old.matchAll(pattern)) {
    splices.push({ at: match.index, remove: 1, insert: curlyToStraight ? '"' : '’', inPlace: true })
  }
  return spliceVersion(old, splices)
}

/** Moves paragraphs `moved` to other places among the rest. */
function paragraphsMoved(old: string, structure: Structure, moved: number[], random: Random): Version {
  const order = structure.paragraphs.map((_, i) => i).filter((i) => !moved.includes(i))
  for (const paragraph of moved) {
    order.splice(random.int(order.length + 1), 0, paragraph)
  }
  const parts: Part[] = []
  order.forEach((i, n) => {
    const range = structure.paragraphs[i] as Range
    if (n > 0) parts.push('\n\n')
    parts.push({ from: range.start, to: range.end })
  })
  return buildVersion(old, parts)
}

function wordsContaining(structure: Structure, text: string, pattern: RegExp): number[] {
  return structure.words.flatMap((w, i) => (pattern.test(text.slice(w.start, w.end)) ? [i] : []))
}

const KINDS: Kind[] = [
  {
    name: 'unchanged text',
    round(old, _donor, random) {
      return {
        old,
        highlights: pickHighlights(old, structureOf(old), random, PER_ARTICLE),
        version: same(old),
      }
    },
  },
  {
    name: 'typos fixed elsewhere (~15)',
    round(article, _donor, random) {
      const { old, typos } = withTypos(article, random, 0.004)
      const highlights = pickHighlights(old, structureOf(old), random, PER_ARTICLE, {
        avoid: typos.map((t) => t.range),
      })
      return { old, highlights, version: fixTypos(old, typos) }
    },
  },
  {
    name: 'sentences inserted (10)',
    round(old, donor, random) {
      const structure = structureOf(old)
      const highlights = pickHighlights(old, structure, random, PER_ARTICLE)
      return { old, highlights, version: insertSentences(old, structure, highlights, donor, random, 10) }
    },
  },
  {
    name: 'paragraphs inserted (3)',
    round(old, donor, random) {
      const structure = structureOf(old)
      const highlights = pickHighlights(old, structure, random, PER_ARTICLE)
      const pool = structureOf(donor).paragraphs.map((p) => donor.slice(p.start, p.end))
      const points = new Set<number>()
      while (points.size < 3) points.add(pick(random, structure.paragraphs).start)
      const splices = [...points].map((at) => ({ at, remove: 0, insert: `${pick(random, pool)}\n\n` }))
      return { old, highlights, version: spliceVersion(old, splices) }
    },
  },
  {
    name: 'sentences deleted elsewhere (10)',
    round(old, _donor, random) {
      const structure = structureOf(old)
      const highlights = pickHighlights(old, structure, random, PER_ARTICLE)
      const cuts: Splice[] = []
      for (let attempt = 0; cuts.length < 10 && attempt < 1000; attempt++) {
        const sentence = random.int(structure.sentences.length)
        const cut = cutSentences(structure, sentence, sentence)
        const range = { start: cut.at, end: cut.at + cut.remove }
        if (
          highlights.some((h) => overlaps(h, range)) ||
          cuts.some((c) =>
            overlaps({ start: c.at, end: c.at + c.remove + 1 }, { start: range.start, end: range.end + 1 }),
          )
        )
          continue
        cuts.push(cut)
      }
      return { old, highlights, version: spliceVersion(old, cuts) }
    },
  },
  {
    name: 'paragraphs deleted elsewhere (2)',
    round(old, _donor, random) {
      const structure = structureOf(old)
      const highlights = pickHighlights(old, structure, random, PER_ARTICLE)
      const free = structure.paragraphs.flatMap((p, i) => (highlights.some((h) => overlaps(h, p)) ? [] : [i]))
      const chosen = new Set<number>()
      while (chosen.size < 2)
        chosen.add(
          pick(
            random,
            free.filter((i) => !chosen.has(i - 1) && !chosen.has(i + 1)),
          ),
        )
      const cuts = [...chosen].map((i) => {
        const first = structure.sentences.findIndex((s) => s.paragraph === i)
        const last = structure.sentences.findLastIndex((s) => s.paragraph === i)
        const paragraph = structure.paragraphs[i] as Range
        const next = structure.paragraphs[i + 1]
        return next
          ? { at: paragraph.start, remove: next.start - paragraph.start, insert: '' }
          : cutSentences(structure, first, last)
      })
      return { old, highlights, version: spliceVersion(old, cuts) }
    },
  },
  {
    name: 'white space changed',
    round(old, _donor, random) {
      const highlights = pickHighlights(old, structureOf(old), random, PER_ARTICLE)
      return { old, highlights, version: whitespaceChanged(old, random) }
    },
  },
  {
    name: 'quote style changed (“” → "", \' → ’)',
    round(old, _donor, random) {
      const structure = structureOf(old)
      const curlyToStraight = random.int(2) === 0
      const quoted = wordsContaining(structure, old, curlyToStraight ? /[“”]/ : /'/)
      const highlights = [
        ...pickHighlights(old, structure, random, PER_ARTICLE / 2, {
          around: quoted.length ? quoted : undefined,
        }),
        ...pickHighlights(old, structure, random, PER_ARTICLE / 2),
      ]
      return { old, highlights, version: quoteStyleChanged(old, curlyToStraight) }
    },
  },
  {
    name: 'paragraphs moved (3; half the highlights in them)',
    round(old, _donor, random) {
      const structure = structureOf(old)
      const moved = new Set<number>()
      while (moved.size < 3) moved.add(random.int(structure.paragraphs.length))
      const inMoved = structure.words.flatMap((w, i) =>
        moved.has((structure.sentences[w.sentence] as { paragraph: number }).paragraph) ? [i] : [],
      )
      const highlights = [
        ...pickHighlights(old, structure, random, PER_ARTICLE / 2, { around: inMoved }),
        ...pickHighlights(old, structure, random, PER_ARTICLE / 2),
      ]
      return { old, highlights, version: paragraphsMoved(old, structure, [...moved], random) }
    },
  },
  {
    name: 'typo fixed inside the quote',
    round(article, _donor, random) {
      const { old, typos } = withTypos(article, random, 0.04)
      const structure = structureOf(old)
      const typoWords = structure.words.flatMap((w, i) =>
        typos.some((t) => overlaps(t.range, w)) ? [i] : [],
      )
      const highlights = pickHighlights(old, structure, random, PER_ARTICLE, {
        around: typoWords,
        disjoint: true,
      })
      const fixed = typos.filter((t) => highlights.some((h) => overlaps(h, t.range)))
      return { old, highlights, version: fixTypos(old, fixed) }
    },
  },
  {
    name: 'one word replaced inside a quote of 8+ words',
    round(old, donor, random) {
      const structure = structureOf(old)
      const highlights = pickHighlights(old, structure, random, PER_ARTICLE, { disjoint: true, minWords: 8 })
      const words = donorWords(donor)
      const splices = highlights.map((h) => {
        const inside = structure.words.filter(
          (w) => w.start >= h.start && w.end <= h.end && /[A-Za-z]/.test(old.slice(w.start, w.end)),
        )
        const word = pick(random, inside.slice(1, -1))
        const token = old.slice(word.start, word.end)
        return {
          at: word.start,
          remove: token.length,
          insert: replaceWord(token, words, random),
          inPlace: true,
        }
      })
      return { old, highlights, version: spliceVersion(old, splices) }
    },
  },
  {
    name: 'highlighted sentence reworded',
    round(old, donor, random) {
      const structure = structureOf(old)
      const highlights = pickHighlights(old, structure, random, PER_ARTICLE, { disjoint: true })
      const words = donorWords(donor)
      const splices = highlights.map((h) => reworded(old, structure, h, words, random))
      return { old, highlights, version: spliceVersion(old, splices) }
    },
  },
  {
    name: 'highlighted sentence removed',
    round(old, _donor, random) {
      const structure = structureOf(old)
      const highlights = pickHighlights(old, structure, random, PER_ARTICLE, { disjoint: true })
      const cuts: Splice[] = []
      for (const h of highlights) {
        const [first, last] = sentencesOf(structure, h)
        const cut = cutSentences(structure, first, last)
        if (!cuts.some((c) => c.at < cut.at + cut.remove && cut.at < c.at + c.remove)) cuts.push(cut)
      }
      return { old, highlights, version: spliceVersion(old, cuts) }
    },
  },
]

/**
 * One new version of one article with 1,000 highlights: 10 typos fixed, 8 sentences and 2 paragraphs
 * inserted, 2 paragraphs deleted, 2 moved, white space and quote style changed. Edits land where they land:
 * highlights in a deleted paragraph must orphan, those with a typo fixed inside must follow.
 */
function mixedVersion(article: string, donor: string, random: Random): Round & { steps: Version[] } {
  const { old, typos } = withTypos(article, random, 0.003)
  const highlights = pickHighlights(old, structureOf(old), random, HIGHLIGHTS)
  const steps: Version[] = []
  let text = old
  let ranges: Array<Range | null> = highlights
  const step = (version: Version) => {
    steps.push(version)
    ranges = ranges.map((r) => (r ? mapRange(version, r) : null))
    text = version.text
  }
  step(fixTypos(old, typos))
  let structure = structureOf(text)
  step(
    insertSentences(
      text,
      structure,
      ranges.filter((r): r is Range => r !== null),
      donor,
      random,
      8,
    ),
  )
  structure = structureOf(text)
  const pool = structureOf(donor).paragraphs.map((p) => donor.slice(p.start, p.end))
  step(
    spliceVersion(
      text,
      [0, 1]
        .map(() => ({
          at: pick(random, structure.paragraphs).start,
          remove: 0,
          insert: `${pick(random, pool)}\n\n`,
        }))
        .filter((s, i, all) => all.findIndex((o) => o.at === s.at) === i),
    ),
  )
  structure = structureOf(text)
  const deleted = new Set<number>()
  while (deleted.size < 2) deleted.add(1 + random.int(structure.paragraphs.length - 2))
  step(
    spliceVersion(
      text,
      [...deleted]
        .sort((a, b) => a - b)
        .filter((i, n, all) => n === 0 || all[n - 1] !== i - 1)
        .map((i) => {
          const paragraph = structure.paragraphs[i] as Range
          return {
            at: paragraph.start,
            remove: (structure.paragraphs[i + 1] as Range).start - paragraph.start,
            insert: '',
          }
        }),
    ),
  )
  structure = structureOf(text)
  const moved = new Set<number>()
  while (moved.size < 2) moved.add(random.int(structure.paragraphs.length))
  step(paragraphsMoved(text, structure, [...moved], random))
  step(whitespaceChanged(text, random))
  step(quoteStyleChanged(text, true))
  return { old, highlights, version: { text, copies: [], replacements: [] }, steps }
}

// ---- judging ---------------------------------------------------------------------------------------------

function fold(text: string): string {
  return normaliseForMatching(text).text
}

function expectationOf(old: string, highlight: Range, newText: string, mapped: Range | null): Expectation {
  if (!mapped) return { kind: 'gone' }
  const intact =
    fold(newText.slice(mapped.start, mapped.end)) === fold(old.slice(highlight.start, highlight.end))
  return { kind: intact ? 'intact' : 'changed', range: mapped }
}

interface Tally {
  highlights: number
  correct: number
  orphaned: number
  wrong: number
  expectedOrphans: number
  intact: number
  intactCorrect: number
  ms: number
  examples: string[]
}

function tally(): Tally {
  return {
    highlights: 0,
    correct: 0,
    orphaned: 0,
    wrong: 0,
    expectedOrphans: 0,
    intact: 0,
    intactCorrect: 0,
    ms: 0,
    examples: [],
  }
}

function judge(into: Tally, expected: Expectation, result: ReanchorResult, describe: () => string) {
  into.highlights++
  if (expected.kind === 'gone') into.expectedOrphans++
  if (expected.kind === 'intact') into.intact++
  if (result.status === 'orphan') {
    into.orphaned++
    if (expected.kind === 'gone') into.correct++
    else if (into.examples.length < (process.env.EXAMPLES ? Number(process.env.EXAMPLES) : 3))
      into.examples.push(`orphaned (${result.reason}): ${describe()}`)
    return
  }
  if (
    expected.kind !== 'gone' &&
    result.start === expected.range.start &&
    result.end === expected.range.end
  ) {
    into.correct++
    if (expected.kind === 'intact') into.intactCorrect++
    return
  }
  into.wrong++
  if (into.examples.length < 3)
    into.examples.push(`WRONG (${result.method} ${result.start}–${result.end}): ${describe()}`)
}

/** The naive peer: the exact quote, the occurrence nearest the old position; else an orphan. */
function naive(newText: string, highlights: readonly AnchorSelectors[]): ReanchorResult[] {
  return highlights.map(({ quote, position }) => {
    let best = -1
    for (let at = newText.indexOf(quote.exact); at !== -1; at = newText.indexOf(quote.exact, at + 1)) {
      if (best === -1 || Math.abs(at - position.start) < Math.abs(best - position.start)) best = at
    }
    return best === -1
      ? { status: 'orphan', method: 'none', score: 0, reason: 'not found' }
      : { status: 'anchored', start: best, end: best + quote.exact.length, method: 'exact', score: 1 }
  })
}

/**
 * Runs `work` three times and keeps the fastest time: the machine is shared (CI runs beside benchmarks),
 * and the fastest run is the one least disturbed by other processes.
 */
function fastestOf<T>(work: () => T): [T, number] {
  let fastest = Infinity
  let value: T | undefined
  for (let run = 0; run < 3; run++) {
    const started = performance.now()
    value = work()
    fastest = Math.min(fastest, performance.now() - started)
  }
  return [value as T, fastest]
}

function measure(round: Round, expected: Expectation[], ours: Tally, peer: Tally) {
  const selectors = round.highlights.map((h) => describeRange(round.old, h.start, h.end))
  const [results, ms] = fastestOf(() => reanchorAll(round.version.text, selectors, { oldText: round.old }))
  ours.ms += ms
  const [baseline, baselineMs] = fastestOf(() => naive(round.version.text, selectors))
  peer.ms += baselineMs
  round.highlights.forEach((h, i) => {
    const want = expected[i] as Expectation
    const describe = () => {
      const result = results[i] as ReanchorResult
      const text = round.version.text
      const around = (r: Range) =>
        JSON.stringify(
          `${text.slice(r.start - 40, r.start)}[${text.slice(r.start, r.end)}]${text.slice(r.end, r.end + 40)}`,
        )
      const got = result.status === 'anchored' ? around(result) : '—'
      const where = want.kind === 'gone' ? 'gone' : around(want.range)
      const before = JSON.stringify(
        `${round.old.slice(h.start - 40, h.start)}[${round.old.slice(h.start, h.end)}]${round.old.slice(h.end, h.end + 40)}`,
      )
      return `${before}\n    expected ${where}\n    got ${got}`
    }
    judge(ours, want, results[i] as ReanchorResult, describe)
    judge(peer, want, baseline[i] as ReanchorResult, describe)
  })
}

// ---- running ---------------------------------------------------------------------------------------------

const percent = (part: number, whole: number) => (whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)}%`)

function main() {
  const texts = loadBrownCorpus()
  const articles: string[] = []
  for (let i = 0; i + ARTICLE_TEXTS <= texts.length; i += ARTICLE_TEXTS) {
    articles.push(
      texts
        .slice(i, i + ARTICLE_TEXTS)
        .map((t) => t.text)
        .join('\n\n'),
    )
  }
  const words = articles.reduce((sum, a) => sum + a.split(/\s+/).length, 0) / articles.length
  const characters = articles.reduce((sum, a) => sum + a.length, 0) / articles.length
  const verbose = process.argv.includes('--verbose')
  const onlyAt = process.argv.indexOf('--only')
  const only = onlyAt === -1 ? null : (process.argv[onlyAt + 1] ?? '')
  const seedAt = process.argv.indexOf('--seed')
  const seed = seedAt === -1 ? 0 : Number(process.argv[seedAt + 1] ?? 0)

  const rows: Array<[name: string, ours: Tally, peer: Tally]> = []
  const run = (name: string, rounds: () => Array<{ round: Round; expected: Expectation[] }>) => {
    if (only !== null && !name.includes(only)) return
    const ours = tally()
    const peer = tally()
    for (const { round, expected } of rounds()) measure(round, expected, ours, peer)
    rows.push([name, ours, peer])
  }

  // Warm the JIT on a throwaway version so the first row is not charged for compilation.
  {
    const random = seededRandom(999)
    const mixed = mixedVersion(pick(random, articles), pick(random, articles), random)
    reanchorAll(
      mixed.version.text,
      mixed.highlights.map((h) => describeRange(mixed.old, h.start, h.end)),
    )
  }

  KINDS.forEach((kind, k) => {
    run(kind.name, () => {
      const random = seededRandom(seed * 100_000 + 1000 + k)
      return Array.from({ length: HIGHLIGHTS / PER_ARTICLE }, () => {
        const article = random.int(articles.length)
        const donor = (article + 1 + random.int(articles.length - 1)) % articles.length
        const round = kind.round(articles[article] as string, articles[donor] as string, random)
        const expected = round.highlights.map((h) =>
          expectationOf(round.old, h, round.version.text, mapRange(round.version, h)),
        )
        return { round, expected }
      })
    })
  })
  run('mixed: one version, 1,000 highlights in one article', () => {
    const random = seededRandom(seed * 100_000 + 7)
    const mixed = mixedVersion(pick(random, articles), pick(random, articles), random)
    const expected = mixed.highlights.map((h) => {
      let range: Range | null = h
      for (const version of mixed.steps) range = range ? mapRange(version, range) : null
      return expectationOf(mixed.old, h, mixed.version.text, range)
    })
    return [{ round: mixed, expected }]
  })

  console.log(
    `\nArticles: ${articles.length} of ${ARTICLE_TEXTS} Brown corpus texts each, ${Math.round(words).toLocaleString('en')} words and ` +
      `${Math.round(characters).toLocaleString('en')} characters on average; ${HIGHLIGHTS.toLocaleString('en')} highlights per row ` +
      `(${PER_ARTICLE} per article version in the kind rows).\n`,
  )
  console.log(
    '| edit | highlights (words gone) | Casebook: correct | orphaned | WRONG | ms | naive: correct | orphaned | WRONG | ms |',
  )
  console.log('|---|---|---|---|---|---|---|---|---|---|')
  const total = { intact: 0, intactCorrect: 0, wrong: 0, peerIntact: 0, peerWrong: 0, worstMs: 0 }
  for (const [name, ours, peer] of rows) {
    const gone = ours.expectedOrphans ? ` (${ours.expectedOrphans})` : ''
    console.log(
      `| ${name} | ${ours.highlights}${gone} | ${ours.correct} | ${ours.orphaned} | ${ours.wrong} | ${ours.ms.toFixed(0)} ` +
        `| ${peer.correct} | ${peer.orphaned} | ${peer.wrong} | ${peer.ms.toFixed(0)} |`,
    )
    total.intact += ours.intact
    total.intactCorrect += ours.intactCorrect
    total.wrong += ours.wrong
    total.peerIntact += peer.intactCorrect
    total.peerWrong += peer.wrong
    total.worstMs = Math.max(total.worstMs, ours.ms)
  }
  console.log(
    `\nHighlighted words intact: ${total.intactCorrect}/${total.intact} re-anchored exactly (${percent(total.intactCorrect, total.intact)}); ` +
      `naive ${total.peerIntact} (${percent(total.peerIntact, total.intact)}). WRONG attachments: ${total.wrong}; naive ${total.peerWrong}. ` +
      `Slowest row: ${total.worstMs.toFixed(0)} ms per 1,000 highlights.`,
  )
  if (verbose) {
    for (const [name, ours] of rows) for (const example of ours.examples) console.log(`${name}: ${example}`)
  }
}

main()
