import { existsSync, readFileSync } from 'node:fs'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { CasebookError } from '../../shared/errors'
import { SHARED_ARTICLE, SHARED_AVAILABLE } from '../testing/temp-archive'
import { decodeText, decodeTextDetected } from './decode-text'
import { extractArticle } from './extract-article'

const RUSSIAN = [
  'Центральная избирательная комиссия Казахстана подвела предварительные итоги досрочных выборов президента.',
  'По данным комиссии, явка составила около шестидесяти девяти процентов, а наблюдатели сообщили о нарушениях на нескольких участках в Алматы.',
].join(' ')
const FRENCH =
  "L'été dernier, les élèves du lycée ont visité le château près de la forêt ; ils ont mangé des crêpes à côté du théâtre, où l'on jouait « Le Misanthrope »."
const GERMAN =
  'Die Schüler haben im Frühling über die Größe der Städte gesprochen, während draußen die Vögel sangen und die Bäckerei schon geöffnet hatte.'

/** Debian's libxslt home page: ISO-8859-1, with no charset declared, and a few accented names. */
const DEBIAN_XSLT = '/usr/share/doc/libxslt1-dev/html/xslt.html'

/** Random bytes from a fixed seed (a linear congruential generator), so a failure can be replayed. */
function seededBytes(length: number, seed: number, map: (byte: number) => number = (b) => b): Uint8Array {
  const bytes = new Uint8Array(length)
  let state = seed
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    bytes[i] = map(state >>> 24)
  }
  return bytes
}

function refusal(run: () => unknown): string {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(CasebookError)
    expect((error as CasebookError).code).toBe('bad_file')
    return (error as Error).message
  }
  throw new Error('expected the file to be refused')
}

describe('text in a legacy encoding, declared nowhere', () => {
  it('a Russian text file in windows-1251 imports as Cyrillic, with the guessed encoding shown', () => {
    const article = extractArticle('itogi-vyborov.txt', iconv.encode(RUSSIAN, 'win1251'))
    expect(article.text).toBe(RUSSIAN)
    expect(article.properties).toEqual({ 'Text encoding': 'windows-1251 (detected)' })
  })

  it('the same text in KOI8-R imports as the same Cyrillic (not as windows-1251 gibberish)', () => {
    const article = extractArticle('itogi-vyborov.txt', iconv.encode(RUSSIAN, 'koi8-r'))
    expect(article.text).toBe(RUSSIAN)
    expect(article.properties).toEqual({ 'Text encoding': 'koi8-r (detected)' })
  })

  it('an old Russian page with no charset, in either encoding, markup and script around the text', () => {
    const page = (text: string) =>
      `<html><head><title>Итоги выборов</title><link rel="stylesheet" href="/css/main.css">` +
      `<script>var counter = {site: "news", analytics: true}</script></head><body>` +
      `<table><tr><td><a href="/">Главная</a> | <a href="/news">Новости</a></td></tr></table>` +
      `<h1>Итоги выборов</h1><p>${text}</p></body></html>`
    for (const encoding of ['win1251', 'koi8-r']) {
      const article = extractArticle('itogi.html', iconv.encode(page(RUSSIAN), encoding))
      expect(article.title).toBe('Итоги выборов')
      expect(article.text).toContain(RUSSIAN)
    }
    // A single line is little evidence, but enough when one guess clearly wins.
    const line = 'Выборы в Алматы прошли спокойно.'
    expect(extractArticle('line.txt', iconv.encode(line, 'win1251')).text).toBe(line)
    expect(extractArticle('line.txt', iconv.encode(line, 'koi8-r')).text).toBe(line)
  })

  it('French and German in ISO-8859-1 keep their accents; windows-1252 quotes and dashes are not controls', () => {
    for (const text of [FRENCH, GERMAN]) {
      const article = extractArticle('note.txt', iconv.encode(text, 'latin1'))
      expect(article.text).toBe(text)
      // ISO-8859-1 is read as windows-1252, its superset (as browsers do).
      expect(article.properties).toEqual({ 'Text encoding': 'windows-1252 (detected)' })
    }
    const quoted = `${GERMAN} Er sagte: „Das kostet 5 €“ – und ging.`
    expect(extractArticle('zitat.txt', iconv.encode(quoted, 'win1252')).text).toBe(quoted)
    const english = 'He said “hello” – and left… the café was closed.'
    expect(extractArticle('quote.txt', iconv.encode(english, 'win1252')).text).toBe(english)
  })

  it('a page declaring windows-1252 gets its curly quotes and euro sign, not C1 controls', () => {
    const page = `<html><head><meta charset="windows-1252"><title>Preise</title></head><body><p>${GERMAN} „Das kostet 5 €“ – sagt er.</p></body></html>`
    const article = extractArticle('preise.html', iconv.encode(page, 'win1252'))
    expect(article.text).toContain('„Das kostet 5 €“ – sagt er.')
    expect(article.properties).toBeUndefined() // declared, not guessed
  })

  it.skipIf(!existsSync(DEBIAN_XSLT))(
    "Debian's libxslt page (ISO-8859-1, no charset) imports with its names",
    () => {
      const article = extractArticle('xslt.html', readFileSync(DEBIAN_XSLT))
      expect(article.title).toBe('The XSLT C library for GNOME')
      expect(article.text).toContain('Jérôme Carretero')
      expect(article.text).toContain('Jörg Walter')
      expect(article.properties).toEqual({ 'Text encoding': 'windows-1252 (detected)' })
    },
  )
  if (!existsSync(DEBIAN_XSLT))
    console.warn(`Skipping the Debian ISO-8859-1 page test: ${DEBIAN_XSLT} is not on this machine.`)

  it('valid UTF-8 is unchanged and carries no guessed encoding', () => {
    const text = `${RUSSIAN}\n\n${FRENCH}\n\n${GERMAN} 東京`
    const article = extractArticle('utf8.txt', Buffer.from(text, 'utf8'))
    expect(article.text).toBe(text)
    expect(article.properties).toBeUndefined()
    expect(decodeTextDetected(Buffer.from(text, 'utf8'), { html: false })).toEqual({
      text,
      detectedEncoding: null,
    })
  })

  it.skipIf(!SHARED_AVAILABLE)('the shared real article (UTF-8) decodes exactly as before', () => {
    const bytes = readFileSync(SHARED_ARTICLE)
    expect(decodeText(bytes, { html: false })).toBe(bytes.toString('utf8'))
  })
})

describe('bytes that are not text stay refused', () => {
  it('random binary, with or without NUL bytes, is refused with a reason', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const raw = seededBytes(4096, seed)
      expect(refusal(() => extractArticle('data.txt', raw))).toMatch(/binary/)
      // No byte below 0x80: nothing marks it as binary, yet no encoding reads it as text.
      const high = seededBytes(4096, seed, (b) => b | 0x80)
      expect(refusal(() => extractArticle('data.txt', high))).toMatch(/not valid UTF-8.*(recognised|either)/)
      const printable = seededBytes(4096, seed, (b) => 0x20 + (b % 0xe0))
      expect(refusal(() => extractArticle('data.html', printable))).toMatch(/not valid UTF-8/)
    }
  })

  it('real binary files are refused as binary', () => {
    for (const file of [process.execPath, '/bin/ls']) {
      if (!existsSync(file)) continue
      const head = readFileSync(file).subarray(0, 65536)
      expect(refusal(() => extractArticle('program.txt', head))).toMatch(/binary/)
    }
  })

  it('too little to tell, or a declared UTF-8 page that is not, is refused naming the reason', () => {
    expect(
      refusal(() => extractArticle('latin1.txt', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x21]))),
    ).toBe(
      'it is not valid UTF-8 text, declares no encoding, and its encoding could not be recognised with confidence',
    )
    const declared = Buffer.concat([
      Buffer.from('<html><head><meta charset="utf-8"></head><body><p>'),
      iconv.encode(RUSSIAN, 'win1251'),
      Buffer.from('</p></body></html>'),
    ])
    expect(refusal(() => extractArticle('page.html', declared))).toBe(
      'it is not valid UTF-8 text, as the page declares',
    )
  })
})
