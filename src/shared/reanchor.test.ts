import { describe, expect, it } from 'vitest'
import { describeRange } from './anchoring'
import { reanchor, reanchorAll, type AnchorSelectors, type ReanchorResult } from './reanchor'

const ARTICLE = [
  'Observers from the mission arrived in the capital on Monday, two weeks before the vote. They met the ' +
    'chairman of the election commission, who said that every polling station would publish its count by noon.',
  'In the northern districts the turnout was low. Roman Reimer, who led the observers there, said the ballot ' +
    'boxes had been sealed in front of the voters and that he had seen no one turned away.',
  'The opposition called the result “a foregone conclusion” and asked for a recount in three cities. The ' +
    'commission refused, saying the complaints had arrived after the deadline set by law.',
  'By Friday the final figures were published. The president thanked the observers and promised reforms.',
].join('\n\n')

/** Selectors for the `occurrence`-th (from 1) occurrence of `quote` in `text`. */
function select(text: string, quote: string, occurrence = 1): AnchorSelectors {
  let start = -1
  for (let n = 0; n < occurrence; n++) start = text.indexOf(quote, start + 1)
  if (start === -1) throw new Error(`"${quote}" not found ${occurrence} times`)
  return describeRange(text, start, start + quote.length)
}

/** What `result` anchored to in `text`, or null for an orphan. */
function words(text: string, result: ReanchorResult): string | null {
  return result.status === 'anchored' ? text.slice(result.start, result.end) : null
}

describe('reanchor: exact', () => {
  it('keeps a highlight whose text did not change at its position', () => {
    const selectors = select(ARTICLE, 'the ballot boxes had been sealed')
    expect(reanchor(ARTICLE, selectors)).toEqual({
      status: 'anchored',
      start: selectors.position.start,
      end: selectors.position.end,
      method: 'position',
      score: 1,
    })
  })

  it('follows a quote moved by text inserted or deleted before it', () => {
    const selectors = select(ARTICLE, 'asked for a recount in three cities')
    const inserted = `A correction was added.\n\n${ARTICLE}`
    const result = reanchor(inserted, selectors)
    expect(result).toMatchObject({ status: 'anchored', method: 'exact' })
    expect(result.status === 'anchored' && result.start).toBe(inserted.indexOf('asked for a recount'))

    const deleted = ARTICLE.replace('Observers from the mission arrived in the capital on Monday, ', '')
    expect(words(deleted, reanchor(deleted, selectors))).toBe('asked for a recount in three cities')
    expect(reanchor(deleted, selectors)).toMatchObject({ start: deleted.indexOf('asked for a recount') })
  })

  it('picks, of a quote that occurs several times, the occurrence whose context agrees', () => {
    const selectors = select(ARTICLE, 'the observers', 2) // "The president thanked the observers"
    // A new sentence puts another "the observers" nearer the old position than the highlighted one now is.
    const edited = ARTICLE.replace(
      'By Friday',
      'Later in the week the observers met the commission again and wrote a long report on the count. By Friday',
    )
    const result = reanchor(edited, selectors)
    expect(result.status === 'anchored' && result.start).toBe(edited.indexOf('the observers and promised'))
  })

  it('picks, of a passage repeated word for word, the copy nearest the old position', () => {
    // Quote and context (32 characters each side) are the same in both copies: only the position tells.
    const clause =
      'the seal of the commission shall be affixed to every protocol signed by its members and kept for five years'
    const text = `Article 1. In the capital ${clause}. Article 2. In the regions ${clause}. End.`
    const second = text.lastIndexOf('affixed to every protocol')
    const selectors = describeRange(text, second, second + 'affixed to every protocol'.length)
    const edited = `Preamble. ${text}`
    const result = reanchor(edited, selectors)
    expect(result.status === 'anchored' && result.start).toBe(edited.lastIndexOf('affixed to every protocol'))
  })

  it('re-anchors overlapping highlights independently', () => {
    const first = select(ARTICLE, 'the turnout was low. Roman Reimer')
    const second = select(ARTICLE, 'Roman Reimer, who led the observers')
    const edited = ARTICLE.replace('In the northern districts', 'In the three northern districts')
    const [a, b] = reanchorAll(edited, [first, second])
    expect(words(edited, a as ReanchorResult)).toBe('the turnout was low. Roman Reimer')
    expect(words(edited, b as ReanchorResult)).toBe('Roman Reimer, who led the observers')
  })

  it('finds a paragraph that moved', () => {
    const selectors = select(ARTICLE, 'The commission refused, saying the complaints had arrived')
    const [p1, p2, p3, p4] = ARTICLE.split('\n\n')
    const moved = [p3, p1, p2, p4].join('\n\n')
    const result = reanchor(moved, selectors)
    expect(result).toMatchObject({ status: 'anchored', start: moved.indexOf('The commission refused') })
  })

  it('keeps a one-word highlight whose neighbouring sentence was inserted', () => {
    const selectors = select(ARTICLE, 'chairman')
    const inserted = ARTICLE.replace('two weeks before the vote. ', 'two weeks before the vote. It rained. ')
    const result = reanchor(inserted, selectors)
    expect(result.status === 'anchored' && result.start).toBe(inserted.indexOf('chairman'))
  })
})

describe('reanchor: the same words, typed differently', () => {
  it('sees through changed white space and line breaks', () => {
    const selectors = select(ARTICLE, 'who said that every polling station would publish its count')
    const edited = ARTICLE.replace('who said that every polling', 'who said  that every\npolling')
    const result = reanchor(edited, selectors)
    expect(words(edited, result)).toBe('who said  that every\npolling station would publish its count')
    expect(result).toMatchObject({ method: 'exact' })
  })

  it('sees through curly and straight quote marks', () => {
    const selectors = select(ARTICLE, 'called the result “a foregone conclusion” and')
    const straight = ARTICLE.replace(/[“”]/g, '"')
    expect(words(straight, reanchor(straight, selectors))).toBe(
      'called the result "a foregone conclusion" and',
    )
    const fromStraight = select(straight, 'result "a foregone')
    expect(words(ARTICLE, reanchor(ARTICLE, fromStraight))).toBe('result “a foregone')
  })
})

describe('reanchor: fuzzy', () => {
  it('follows a quote whose typo was fixed', () => {
    const typo = ARTICLE.replace('sealed in front', 'sealde in front')
    const selectors = select(typo, 'boxes had been sealde in front of the voters')
    const result = reanchor(ARTICLE, selectors)
    expect(result).toMatchObject({ status: 'anchored', method: 'fuzzy' })
    expect(words(ARTICLE, result)).toBe('boxes had been sealed in front of the voters')
    expect(result.score).toBeGreaterThan(0.9)
  })

  it('follows a one-word quote whose typo was fixed', () => {
    const typo = ARTICLE.replace('chairman', 'chariman')
    const result = reanchor(ARTICLE, select(typo, 'chariman'))
    expect(words(ARTICLE, result)).toBe('chairman')
  })

  it('follows a long quote with a word changed inside it, to the same ends', () => {
    const quote = 'Roman Reimer, who led the observers there, said the ballot boxes had been sealed'
    const selectors = select(ARTICLE, quote)
    const edited = ARTICLE.replace('who led the observers there', 'who led the monitors there')
    const result = reanchor(edited, selectors)
    expect(result).toMatchObject({ status: 'anchored', method: 'fuzzy' })
    expect(words(edited, result)).toBe(quote.replace('observers', 'monitors'))
  })

  it('keeps the first word when the second one changed', () => {
    const selectors = select(ARTICLE, 'The president thanked the observers and promised reforms')
    const edited = ARTICLE.replace('The president thanked', 'The premier thanked')
    expect(words(edited, reanchor(edited, selectors))).toBe(
      'The premier thanked the observers and promised reforms',
    )
  })
})

describe('reanchor: orphans rather than wrong words', () => {
  it('orphans a highlight whose sentence was removed', () => {
    const selectors = select(ARTICLE, 'said the ballot boxes had been sealed')
    const removed = ARTICLE.replace(
      ' Roman Reimer, who led the observers there, said the ballot boxes had been sealed in front of the voters and that he had seen no one turned away.',
      '',
    )
    expect(reanchor(removed, selectors)).toMatchObject({ status: 'orphan', method: 'none' })
  })

  it('orphans a highlight whose sentence was reworded', () => {
    const selectors = select(
      ARTICLE,
      'The commission refused, saying the complaints had arrived after the deadline',
    )
    const reworded = ARTICLE.replace(
      'The commission refused, saying the complaints had arrived after the deadline set by law.',
      'Officials turned the request down: complaints, they said, must be filed within a week.',
    )
    const result = reanchor(reworded, selectors)
    expect(result).toMatchObject({ status: 'orphan', method: 'none' })
    expect(result.status === 'orphan' && result.reason).toBeTruthy()
  })

  it('orphans a one-word highlight rather than attach it to the same word elsewhere', () => {
    // "turnout" also occurs in a new sentence; the highlighted one went with its sentence.
    const selectors = select(ARTICLE, 'turnout')
    const edited = ARTICLE.replace('In the northern districts the turnout was low. ', '').replace(
      'By Friday',
      'The turnout in the south was high. By Friday',
    )
    expect(reanchor(edited, selectors)).toMatchObject({ status: 'orphan' })
  })

  it('does not take the start of a longer word for a one-letter quote', () => {
    const text = 'He saw a ballot. Then a recount began.'
    const selectors = describeRange(text, text.indexOf('a ballot'), text.indexOf('a ballot') + 1)
    const edited = 'He saw arrears ballot. Then a recount began.'
    expect(reanchor(edited, selectors)).toMatchObject({ status: 'orphan' })
  })

  it('orphans a quote whose edge word changed beyond recognition, instead of matching what is left', () => {
    const selectors = select(ARTICLE, 'The opposition called the result')
    const edited = ARTICLE.replace(
      'The opposition called the result',
      'Several independent candidates called the result',
    )
    expect(reanchor(edited, selectors)).toMatchObject({ status: 'orphan' })
  })
})

describe('reanchor: degenerate input', () => {
  const selectors = select(ARTICLE, 'the observers')

  it('orphans an empty or blank quote and an empty text', () => {
    const blank = { ...selectors, quote: { ...selectors.quote, exact: '  ' } }
    expect(reanchor(ARTICLE, blank)).toMatchObject({ status: 'orphan', score: 0 })
    expect(reanchor(ARTICLE, { ...selectors, quote: { ...selectors.quote, exact: '' } })).toMatchObject({
      status: 'orphan',
    })
    expect(reanchor('', selectors)).toMatchObject({ status: 'orphan', reason: 'the new text is empty' })
  })

  it('copes with positions out of range or not numbers', () => {
    for (const position of [
      { start: -5, end: 3 },
      { start: 10_000, end: 10_013 },
      { start: Number.NaN, end: Number.NaN },
      { start: 20, end: 10 },
    ]) {
      const result = reanchor(ARTICLE, { quote: selectors.quote, position })
      expect(words(ARTICLE, result)).toBe('the observers')
    }
  })

  it('copes with a quote longer than the text and with missing context', () => {
    expect(
      reanchor('short', select(ARTICLE, 'In the northern districts the turnout was low.')),
    ).toMatchObject({
      status: 'orphan',
    })
    const bare = { quote: { exact: 'Roman Reimer', prefix: '', suffix: '' }, position: { start: 0, end: 12 } }
    expect(reanchor(ARTICLE, bare)).toMatchObject({ status: 'orphan' })
    const text = 'Roman Reimer spoke.'
    expect(reanchor(`${text} Later.`, describeRange(text, 0, 12))).toMatchObject({
      status: 'anchored',
      start: 0,
    })
  })
})

describe('reanchorAll', () => {
  it('gives the same answers as one reanchor per highlight when nothing is in doubt', () => {
    const highlights = [
      select(ARTICLE, 'chairman of the election commission'),
      select(ARTICLE, 'Roman Reimer'),
      select(ARTICLE, 'a foregone conclusion'),
      select(ARTICLE, 'promised reforms'),
    ]
    const edited = `Breaking.\n\n${ARTICLE.replace(/[“”]/g, '"').replace('Monday', 'Tuesday')}`
    expect(reanchorAll(edited, highlights)).toEqual(highlights.map((h) => reanchor(edited, h)))
  })

  it('orphans a copy of a passage that the highlights around it say is the wrong copy', () => {
    const clause =
      'the seal of the commission shall be affixed to every protocol signed by its members and kept for five years'
    const text = `Article 1. In the capital ${clause}. Article 2. In the regions ${clause}. End of the articles.`
    const second = text.lastIndexOf('affixed to every protocol')
    const twin = describeRange(text, second, second + 'affixed to every protocol'.length)
    const regions = describeRange(text, text.indexOf('In the regions'), text.indexOf('In the regions') + 14)
    const end = describeRange(text, text.indexOf('End of the'), text.indexOf('End of the') + 10)
    // A long insertion before the second copy: by position alone the first copy is now nearer.
    const insertion = 'Article 1a. '.repeat(12)
    const edited = text.replace('Article 2.', `${insertion}Article 2.`)
    // Alone, the old position picks the first copy; the highlights around it show the text moved on.
    const alone = reanchor(edited, twin)
    expect(alone.status === 'anchored' && alone.start).toBe(edited.indexOf('affixed to every protocol'))
    const [result] = reanchorAll(edited, [twin, regions, end])
    expect(result).toMatchObject({ status: 'orphan' })
  })
})

describe('reanchorAll with the old text', () => {
  const STEP = 'Store the sample at minus seventy-eight degrees in a tube equipped with a break seal.'
  const procedure = (name: string) =>
    `${name} Rinse the glassware twice with distilled water. ${STEP} Then record the weight of the tube.`
  const OLD = [
    procedure('The first procedure is for soil.'),
    'Between the two procedures the bench is cleaned and every label is checked again by a second person.',
    procedure('The second procedure is for river water.'),
  ].join('\n\n')

  it('orphans a highlight whose copy of a repeated passage was removed, instead of taking the other copy', () => {
    const selectors = select(OLD, STEP, 2)
    const removed = OLD.replace(
      /(river water\. Rinse the glassware twice with distilled water\.) [^\n]*seal\./,
      '$1',
    )
    expect(removed.split(STEP)).toHaveLength(2)
    // The selectors alone cannot tell the copies apart: quote and 32 characters of context are alike.
    expect(words(removed, reanchorAll(removed, [selectors])[0]!)).toBe(STEP)
    const [result] = reanchorAll(removed, [selectors], { oldText: OLD })
    expect(result).toMatchObject({ status: 'orphan', reason: expect.stringContaining('another copy') })
  })

  it('keeps a highlight on its own copy when the other copy was removed', () => {
    const selectors = select(OLD, STEP, 2)
    const removed = OLD.replace(
      /(soil\. Rinse the glassware twice with distilled water\.) [^\n]*seal\./,
      '$1',
    )
    const [result] = reanchorAll(removed, [selectors], { oldText: OLD })
    expect(result?.status).toBe('anchored')
    expect(result?.status === 'anchored' && result.start).toBe(removed.lastIndexOf(STEP))
  })
})

describe('reanchorAll with the old text: a unique quote', () => {
  it('keeps a quote both versions have once, although its context changed on both sides', () => {
    const old = 'The strike went on all week. Observers blamed the crews for the delay at the port.'
    const selectors = select(old, 'Observers blamed the crews')
    const edited = 'The strike went on all week in March, and Observers blamed the crews, not the owners.'
    const [result] = reanchorAll(edited, [selectors], { oldText: old })
    expect(result).toMatchObject({ status: 'anchored', method: 'exact' })
    expect(words(edited, result!)).toBe('Observers blamed the crews')
    // Without the old text the same words are not trusted, and a quote the old text had twice stays doubtful.
    expect(reanchorAll(edited, [selectors])[0]?.status).toBe('orphan')
    const twice = `${old} Observers blamed the crews again.`
    const [doubtful] = reanchorAll(edited, [select(twice, 'Observers blamed the crews')], { oldText: twice })
    expect(doubtful?.status).toBe('orphan')
  })
})
