import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Document, Packer, Paragraph } from 'docx'
import { afterAll, describe, expect, it } from 'vitest'
import { loadBrownCorpus } from '../../../../bench/brown-corpus'
import { tempDir } from '../../testing/temp-archive'
import { extractPdf } from './pdf-format'

/** LibreOffice, when this machine has it (Debian: apt-get install -y libreoffice-writer-nogui). */
function findSoffice(): string | null {
  try {
    execFileSync('soffice', ['--version'], { stdio: 'ignore', timeout: 60_000 })
    return 'soffice'
  } catch {
    return null
  }
}
const SOFFICE = findSoffice()

const temp = tempDir('casebook-office-pdf-')
afterAll(() => temp.cleanup())

/** Letters and digits only: the text compared without its spacing, punctuation or line-end hyphens. */
const letters = (text: string): string => text.replace(/[^\p{L}\p{N}]+/gu, '')

/** Where each paragraph but the last ends, counted in letters: boundaries that survive any spacing. */
function boundaries(paragraphs: readonly string[]): Set<number> {
  const ends = new Set<number>()
  let at = 0
  for (const paragraph of paragraphs.slice(0, -1)) ends.add((at += letters(paragraph).length))
  return ends
}

type Style = 'spaced' | 'indented'

describe.skipIf(!SOFFICE)('PDFs written by LibreOffice from Word files', () => {
  it.each<Style>(['spaced', 'indented'])(
    'paragraphs marked by %s come back whole and in order, every boundary found',
    async (style) => {
      const texts = loadBrownCorpus().slice(0, 10)
      const dir = join(temp.dir, style)
      mkdirSync(dir, { recursive: true })
      const sources = texts.map((text) =>
        text.text
          .split(/\n\s*\n/)
          .map((p) => p.replace(/\s+/g, ' ').trim())
          .filter(Boolean),
      )
      const files: string[] = []
      for (const [i, paragraphs] of sources.entries()) {
        const options = style === 'spaced' ? { spacing: { after: 160 } } : { indent: { firstLine: 360 } }
        const doc = new Document({
          sections: [{ children: paragraphs.map((text) => new Paragraph({ text, ...options })) }],
        })
        const file = join(dir, `text-${i}.docx`)
        writeFileSync(file, await Packer.toBuffer(doc))
        files.push(file)
      }
      execFileSync(
        SOFFICE ?? 'soffice',
        [
          `-env:UserInstallation=file://${join(temp.dir, 'profile')}`,
          '--headless',
          '--convert-to',
          'pdf',
          '--outdir',
          dir,
          ...files,
        ],
        { stdio: 'ignore', timeout: 120_000 },
      )
      let expected = 0
      let found = 0
      let right = 0
      for (const [i, paragraphs] of sources.entries()) {
        const pdf = new Uint8Array(readFileSync(join(dir, `text-${i}.pdf`)))
        const { articles } = await extractPdf(pdf, `text-${i}.pdf`)
        const article = articles[0]
        if (!article) throw new Error(`text-${i}.pdf gave no article`)
        const blocks = article.blocks.map((b) => article.text.slice(b.start, b.end))
        // Every word, in order (line-end hyphens aside: see docs/benchmarks.md, known limits).
        expect(letters(article.text), `text-${i}`).toBe(letters(paragraphs.join(' ')))
        expect(article.blocks.every((b) => typeof b.page === 'number')).toBe(true)
        const want = boundaries(paragraphs)
        const got = boundaries(blocks)
        expected += want.size
        found += got.size
        for (const end of got) if (want.has(end)) right++
      }
      expect(expected).toBeGreaterThan(300)
      // Measured: every boundary found; one or two extra breaks in ~570 (a line that reads as a title).
      expect(right).toBe(expected)
      expect(right / found).toBeGreaterThanOrEqual(0.99)
    },
    180_000,
  )
})

describe.skipIf(SOFFICE)('PDFs written by LibreOffice', () => {
  it('are checked where LibreOffice is installed', (context) => {
    context.skip(
      'LibreOffice (soffice) is not installed here: apt-get install -y --no-install-recommends libreoffice-writer-nogui',
    )
  })
})
