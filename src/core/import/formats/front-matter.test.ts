import { describe, expect, it } from 'vitest'
import { CasebookError } from '../../../shared/errors'
import { ownFixture } from '../../testing/temp-archive'
import { MAX_FRONT_MATTER_BYTES, splitFrontMatter } from './front-matter'

function refusal(source: string): CasebookError {
  try {
    splitFrontMatter(source)
  } catch (error) {
    expect(error).toBeInstanceOf(CasebookError)
    expect((error as CasebookError).code).toBe('bad_file')
    return error as CasebookError
  }
  throw new Error('expected the front matter to be refused')
}

const BODY = '# Field notes\n\nThe count at station 14 finished after midnight.\n'

describe('splitFrontMatter', () => {
  it('reads title, author, date, url and tags, keeps the other fields as text, and returns the body after it', () => {
    const { data, body } = splitFrontMatter(
      [
        '---',
        'title: "Field notes: the polling stations"',
        'author: Lena Marsh',
        'date: 2022-09-20',
        'url: https://notes.example.org/field-notes',
        'tags: [election, observers, Almaty]',
        'layout: post',
        'draft: false',
        'categories:',
        '  - reports',
        '  - kazakhstan',
        'weight: 3',
        'empty:',
        '---',
        BODY,
      ].join('\n'),
    )
    expect(data).toEqual({
      title: 'Field notes: the polling stations',
      author: 'Lena Marsh',
      date: '2022-09-20',
      url: 'https://notes.example.org/field-notes',
      tags: ['election', 'observers', 'Almaty'],
      other: { layout: 'post', draft: 'false', categories: 'reports, kazakhstan', weight: '3' },
    })
    expect(body).toBe(BODY)
  })

  it('the repository’s own Markdown fixture: its front matter read, its body from the heading on', () => {
    const source = ownFixture('field-notes.md').toString('utf8')
    const { data, body } = splitFrontMatter(source)
    expect(data.title).toBe('Field notes from the polling stations')
    expect(body.startsWith('---')).toBe(false)
    expect(source.endsWith(body)).toBe(true)
  })

  it('tags as a comma-separated string, as a one-word string, as a block list; duplicates and blanks dropped', () => {
    const tags = (yaml: string) => splitFrontMatter(`---\n${yaml}\n---\nText.`).data.tags
    expect(tags('tags: election, observers ,  Almaty')).toEqual(['election', 'observers', 'Almaty'])
    expect(tags('tags: election')).toEqual(['election'])
    expect(tags('tags:\n  - election\n  - 2022\n  - election\n  - ""')).toEqual(['election', '2022'])
    expect(tags('tags: []')).toBeUndefined()
  })

  it('authors as a list or as objects with a name (Hugo, Pandoc)', () => {
    const author = (yaml: string) => splitFrontMatter(`---\n${yaml}\n---\nText.`).data.author
    expect(author('authors: [Lena Marsh, Roman Reimer]')).toBe('Lena Marsh, Roman Reimer')
    expect(author('author:\n  name: Lena Marsh\n  email: lena@example.org')).toBe('Lena Marsh')
    expect(author('author:\n  - name: Lena Marsh\n  - name: Ada Lind')).toBe('Lena Marsh, Ada Lind')
  })

  it('dates become ISO 8601: a date as written, a date and time in UTC, other forms read; no date stays as text', () => {
    const read = (value: string) => splitFrontMatter(`---\ndate: ${value}\n---\nText.`).data
    expect(read('2022-09-20').date).toBe('2022-09-20')
    expect(read('2022-09').date).toBe('2022-09')
    expect(read('2022-09-20 14:30:00 +06:00').date).toBe('2022-09-20T08:30:00.000Z')
    expect(read('2022-09-20T14:30:00+0600').date).toBe('2022-09-20T08:30:00.000Z')
    expect(read('2022-09-20T08:30:00Z').date).toBe('2022-09-20T08:30:00.000Z')
    expect(read('2022-09-20 8:30').date).toBe('2022-09-20T08:30:00.000Z') // no zone: UTC, as Jekyll reads it
    expect(read('"Tue, 20 Sep 2022 14:30:00 +0600"').date).toBe('2022-09-20T08:30:00.000Z')
    expect(read('September 20, 2022').date).toBe('2022-09-20')
    expect(read('2022-13-45')).toEqual({ other: { date: '2022-13-45' } })
    expect(read('the day after the vote')).toEqual({ other: { date: 'the day after the vote' } })
  })

  it('no front matter: the source comes back unchanged', () => {
    for (const source of [
      BODY,
      '',
      ' ---\ntitle: x\n---\n', // not at the very start
      '+++\ntitle = "TOML is not read"\n+++\nText.', // TOML front matter stays in the body
      '---\n\nA thematic break opens this file, and prose follows.\n\n---\n\nMore prose.\n',
      '---\ntitle: never closed\n\nText.\n',
      '---\n- a list\n- is no mapping\n---\nText.',
    ])
      expect(splitFrontMatter(source)).toEqual({ data: { other: {} }, body: source })
  })

  it('an empty front matter, CRLF lines, a byte-order mark and a closing `...` are read', () => {
    expect(splitFrontMatter('---\n---\nText.')).toEqual({ data: { other: {} }, body: 'Text.' })
    expect(splitFrontMatter('\uFEFF---\r\ntitle: Notes\r\n---\r\nText.\r\n')).toEqual({
      data: { title: 'Notes', other: {} },
      body: 'Text.\r\n',
    })
    expect(splitFrontMatter('---\ntitle: Notes\n...\nText.').body).toBe('Text.')
  })

  it('YAML tags of other languages stay text; a __proto__ field pollutes nothing', () => {
    const { data } = splitFrontMatter(
      '---\nscript: !ruby/object "Kernel.exit"\n__proto__: { polluted: yes }\n---\nText.',
    )
    expect(data.other.script).toBe('Kernel.exit')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.getPrototypeOf(data.other)).toBe(Object.prototype)
  })

  it('refuses a billion laughs at once', () => {
    const lines = ['lol0: &lol0 "lol"']
    for (let i = 1; i <= 12; i++)
      lines.push(
        `lol${i}: &lol${i} [${Array(10)
          .fill(`*lol${i - 1}`)
          .join(', ')}]`,
      )
    const started = performance.now()
    const error = refusal(`---\n${lines.join('\n')}\n---\nText.`)
    expect(performance.now() - started).toBeLessThan(1000)
    expect(error.message).toMatch(/billion laughs/)
  })

  it('refuses invalid YAML, naming the line of the file, and front matter over the size limit', () => {
    expect(refusal('---\ntitle: Notes\nauthor: Lena: Marsh: x\n---\nText.').message).toMatch(
      /^its front matter is not valid YAML \(line 3: /,
    )
    expect(refusal('---\ntitle: a\ntitle: b\n---\nText.').message).toMatch(
      /not valid YAML \(line 3: .*unique/i,
    )
    const huge = `---\ntitle: x\nnotes: "${'a'.repeat(MAX_FRONT_MATTER_BYTES)}"\n---\nText.`
    expect(refusal(huge).message).toBe(
      'its front matter is larger than 64 KB, too large to be a document’s fields'.replace('’', "'"),
    )
  })
})
