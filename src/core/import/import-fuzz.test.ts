import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  writeFileSync,
  ftruncateSync,
} from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CasebookError } from '../../shared/errors'
import { IMPORTABLE_EXTENSIONS } from '../../shared/import-formats'
import { archiveFingerprint, articleIds, FUZZ_SEED, fuzzRuns } from '../testing/archive-fingerprint'
import { importBytes, openTempEngine } from '../testing/temp-archive'
import { extractArticle } from './extract-article'
import { extractFile } from './extract-file'
import { expandPaths, importPath } from './import-paths'
import { MAX_HTML_DEPTH } from './nesting-guard'

type TempEngine = ReturnType<typeof openTempEngine>
let archive: TempEngine

beforeAll(() => {
  archive = openTempEngine()
})
afterAll(() => archive.cleanup())

const EXTENSIONS = ['.txt', '.md', '.html', '.htm', '.xhtml'] as const

/** Markup fragments that, shuffled, reach the parsers' corners: nesting, entities, raw text, emphasis. */
const FRAGMENTS = [
  '<div>',
  '</div>',
  '<p>',
  '</p>',
  '<b>',
  '<ul><li>',
  '<table><tr><td>',
  '<svg><path/>',
  '<script>',
  '</script>',
  '<!--',
  '-->',
  '<![CDATA[',
  ']]>',
  '<!DOCTYPE x [<!ENTITY a "&b;&b;">]>',
  '&a;',
  '&amp;',
  '&#0;',
  '&#x110000;',
  '<meta charset="windows-1251">',
  '<meta property="og:title" content="t">',
  '<script type="application/ld+json">{"@type":"NewsArticle","headline":[[[',
  '> ',
  '- ',
  '1. ',
  '* ',
  '_',
  '**',
  '[',
  '](',
  ')',
  '![',
  '`',
  '```',
  '---',
  '# ',
  '|a|',
  '\n',
  '\n\n',
  '\r',
  '\t',
  '    ',
  'words of an article ',
  'Токаев ',
  '東京 ',
  '\u202e',
  '\ufeff',
]

const markupLike = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 20 })), { maxLength: 200 })
  .map((parts) => parts.join(''))

/** The outcome of extracting: an article with text, or a CasebookError with a message; nothing else. */
function extractOutcome(name: string, bytes: Uint8Array): 'article' | 'refused' {
  try {
    const article = extractArticle(name, bytes)
    expect(article.text.trim().length).toBeGreaterThan(0)
    return 'article'
  } catch (error) {
    if (!(error instanceof CasebookError)) throw error
    expect(error.message.length).toBeGreaterThan(5)
    return 'refused'
  }
}

/** The same through extractFile, for every format: each article has text, or a CasebookError says why. */
async function extractFileOutcome(name: string, bytes: Uint8Array): Promise<'article' | 'refused'> {
  try {
    const extracted = await extractFile(name, bytes)
    for (const article of extracted.articles) expect(article.text.trim().length).toBeGreaterThan(0)
    return 'article'
  } catch (error) {
    if (!(error instanceof CasebookError)) throw error
    expect(error.message.length).toBeGreaterThan(5)
    return 'refused'
  }
}

function rssMegabytes(): number {
  return process.memoryUsage().rss / (1024 * 1024)
}

describe('importers under random input', () => {
  it('turn random bytes with every supported extension into an article or a CasebookError', async () => {
    // Through extractFile: PDF, DOCX, EPUB, e-mail and MHTML are read from bytes, asynchronously.
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...IMPORTABLE_EXTENSIONS),
        fc.uint8Array({ maxLength: 2048 }),
        async (ext, bytes) => {
          await extractFileOutcome(`random${ext}`, bytes)
        },
      ),
      { seed: FUZZ_SEED, numRuns: fuzzRuns(3000) },
    )
  })

  it('turn random text and markup into an article or a CasebookError', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...EXTENSIONS),
        fc.oneof(markupLike, fc.string({ unit: 'binary', maxLength: 300 })),
        (ext, text) => {
          extractOutcome(`random${ext}`, Buffer.from(text, 'utf8'))
        },
      ),
      { seed: FUZZ_SEED, numRuns: fuzzRuns(1500) },
    )
  })

  it('leave the archive unchanged for every file that fails, and add one article for each that imports', () => {
    const { engine } = archive
    fc.assert(
      fc.property(
        fc.constantFrom(...EXTENSIONS),
        fc.oneof(
          fc.uint8Array({ maxLength: 512 }),
          markupLike.map((text) => new Uint8Array(Buffer.from(text, 'utf8'))),
        ),
        (ext, bytes) => {
          const before = archiveFingerprint(engine)
          const ids = articleIds(engine)
          const result = importBytes(engine, `fuzz${ext}`, bytes)
          expect(result.file).toBe(`fuzz${ext}`)
          expect(['imported', 'duplicate', 'updated', 'failed']).toContain(result.status)
          if (result.status === 'failed') {
            expect(result.message).toBeTruthy()
            expect(archiveFingerprint(engine)).toEqual(before)
          } else if (result.status === 'imported') {
            expect(articleIds(engine)).toEqual([...ids, result.articleId].sort())
          } else if (result.status === 'duplicate') {
            expect(articleIds(engine)).toEqual(ids)
          }
        },
      ),
      { seed: FUZZ_SEED, numRuns: fuzzRuns(200) },
    )
  })
})

describe('importers on known-bad files', () => {
  /** Imports through the contract, as the UI does, and checks a failure left the archive as it was. */
  function refused(name: string, bytes: Uint8Array): string {
    const { engine } = archive
    const before = archiveFingerprint(engine)
    const result = importBytes(engine, name, bytes)
    expect(result).toMatchObject({ file: name, status: 'failed' })
    expect(archiveFingerprint(engine)).toEqual(before)
    return result.message ?? ''
  }

  it('refuse empty files, invalid UTF-8, UTF-16 without a BOM and NUL bytes, each with its reason', () => {
    for (const ext of EXTENSIONS) {
      expect(refused(`empty${ext}`, new Uint8Array())).toBe('the file is empty')
      expect(refused(`latin${ext}`, Buffer.from([0x48, 0xc3, 0x28, 0xe9, 0x41]))).toMatch(/not valid UTF-8/)
      expect(refused(`utf16${ext}`, Buffer.from('Hello, observers', 'utf16le'))).toMatch(/binary/)
      expect(refused(`nul${ext}`, Buffer.from('text\0more text'))).toMatch(/binary/)
      expect(refused(`blank${ext}`, Buffer.from(' \n\t\n '))).toMatch(/no (article )?text/)
    }
  })

  it('refuse HTML nested 100,000 deep quickly, in bounded memory, and read pages nested as deep as allowed', () => {
    const deep = `<html><body>${'<div>'.repeat(100_000)}the text${'</div>'.repeat(100_000)}</body></html>`
    for (const ext of ['.html', '.htm', '.xhtml']) {
      const rss = rssMegabytes()
      const started = performance.now()
      expect(refused(`deep${ext}`, Buffer.from(deep))).toMatch(/nested more than 256 levels/)
      expect(performance.now() - started).toBeLessThan(2000)
      expect(rssMegabytes() - rss).toBeLessThan(300)
    }
    // Unclosed, inline and list nesting are counted alike; paragraphs that close each other are not.
    expect(refused('unclosed.html', Buffer.from('<b>'.repeat(100_000) + 'x'))).toMatch(/nested/)
    expect(refused('lists.html', Buffer.from('<ul><li>'.repeat(50_000) + 'x'))).toMatch(/nested/)
    const paragraphs = `<html><body>${'<p>A paragraph of the article, left open as old pages do. '.repeat(2000)}</body></html>`
    expect(extractOutcome('paragraphs.html', Buffer.from(paragraphs))).toBe('article')
    const atLimit = `<html><body>${'<div>'.repeat(MAX_HTML_DEPTH - 4)}<p>${'Deep but allowed text. '.repeat(10)}</p>${'</div>'.repeat(MAX_HTML_DEPTH - 4)}</body></html>`
    expect(extractOutcome('at-limit.html', Buffer.from(atLimit))).toBe('article')
  })

  it('refuse Markdown nested 100,000 deep and pathological emphasis, fast', () => {
    const cases: Array<[string, string]> = [
      ['quotes.md', '>'.repeat(100_000) + ' x'],
      ['lists.md', '- '.repeat(100_000) + 'x'],
      ['indented.md', Array.from({ length: 2000 }, (_, i) => `${' '.repeat(2 * i)}- item`).join('\n')],
      ['images.md', '!['.repeat(50_000) + 'x' + '](u)'.repeat(50_000)],
      ['emphasis.md', '*_'.repeat(8000) + 'x' + '_*'.repeat(8000)],
    ]
    for (const [name, text] of cases) {
      const started = performance.now()
      expect(refused(name, Buffer.from(text))).toMatch(/nested|brackets|marks/)
      expect(performance.now() - started).toBeLessThan(2000)
    }
  })

  it('do not expand billion-laughs entities in XHTML', () => {
    let entities = '<!ENTITY lol "lol">'
    for (let i = 1; i <= 9; i++)
      entities += `<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`
    const page =
      `<?xml version="1.0"?>\n<!DOCTYPE html [${entities}]>\n` +
      `<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Laughs</title></head><body>` +
      `<p>&lol9;</p><p>${'The observers counted the ballots in the evening. '.repeat(5)}</p></body></html>`
    const rss = rssMegabytes()
    const started = performance.now()
    const result = importBytes(archive.engine, 'laughs.xhtml', Buffer.from(page))
    expect(performance.now() - started).toBeLessThan(2000)
    expect(rssMegabytes() - rss).toBeLessThan(300)
    expect(result.status).toBe('imported')
    const article = archive.engine.dispatch('articles.get', { id: result.articleId })
    const text = article.ok ? (article.value as { text: string }).text : ''
    expect(text).toContain('The observers counted')
    expect(text.length).toBeLessThan(2000)
  })
})

describe('importing files from disk', () => {
  it('refuses a 200 MB file by its size without reading it, naming the limit', () => {
    const { engine, dir } = archive
    const huge = join(dir, 'huge.txt')
    // Sparse: 200 MB long, nothing written, so the test costs no disk and no time.
    const fd = openSync(huge, 'w')
    ftruncateSync(fd, 200 * 1024 * 1024)
    closeSync(fd)
    const before = archiveFingerprint(engine)
    const rss = rssMegabytes()
    const started = performance.now()
    const result = importPath(engine.db, huge)
    expect(result).toMatchObject({ file: huge, status: 'failed' })
    expect(result.message).toBe('it is 200 MB, larger than the 50 MB Casebook imports')
    expect(performance.now() - started).toBeLessThan(1000)
    expect(rssMegabytes() - rss).toBeLessThan(50)
    expect(archiveFingerprint(engine)).toEqual(before)
  })

  it('refuses a device that never ends', () => {
    if (!existsSync('/dev/zero')) return
    expect(importPath(archive.engine.db, '/dev/zero')).toMatchObject({
      status: 'failed',
      message: 'it is not a regular file',
    })
  })

  it('imports files with odd names and paths, and names each that fails', () => {
    const { engine, dir } = archive
    const folder = join(dir, 'odd names')
    mkdirSync(join(folder, 'sub'), { recursive: true })
    const names = [
      'with spaces.txt',
      'new\nline.txt',
      'Ünïcödé 東京 Токаев.md',
      `${'long'.repeat(60)}.txt`,
      'double..dot.txt',
      'trailing dot..txt',
    ]
    names.forEach((name, i) =>
      writeFileSync(join(folder, name), `Article ${i}: ${name} about the observers.`),
    )
    writeFileSync(join(folder, 'sub', 'broken.html'), Buffer.from([0xff, 0x00, 0xfe]))
    const { files, failures, skipped } = expandPaths([
      join(folder, 'sub', '..'),
      join(dir, 'missing', '..', 'x.txt'),
    ])
    expect(failures).toEqual([
      { file: join(dir, 'missing', '..', 'x.txt'), status: 'failed', message: 'no such file or folder' },
    ])
    expect(skipped).toEqual([])
    const results = files.map((file) => importPath(engine.db, file))
    expect(results.filter((r) => r.status === 'imported')).toHaveLength(names.length)
    expect(results.find((r) => r.status === 'failed')).toMatchObject({
      file: expect.stringContaining('broken.html'),
    })
    // The name of a file sent through the contract is only a label: nothing is written beside it.
    const listing = readdirSync(dir)
    expect(importBytes(engine, '../../../etc/escape.txt', Buffer.from('A label, not a path.')).status).toBe(
      'imported',
    )
    expect(readdirSync(dir)).toEqual(listing)
  })
})
