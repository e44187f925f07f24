import { zipSync } from 'fflate'
import { PDFDocument } from 'pdf-lib'
import { afterEach, describe, expect, it } from 'vitest'
import type { ArticleDetail, ImportResult } from '../../shared/model'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { openTempEngine, ownFixture, tempDir } from '../testing/temp-archive'
import { blankPagesPdf, typeset } from './formats/pdf-test-writer'
import { zeroBombZip } from './formats/zip-test-writer'
import { expandPaths } from './import-paths'

let cleanups: Array<() => void> = []
afterEach(() => {
  for (const c of cleanups) c()
  cleanups = []
})

function engine() {
  const temp = openTempEngine()
  cleanups.push(() => temp.cleanup())
  return temp.engine
}

async function importAsync(
  e: ReturnType<typeof engine>,
  name: string,
  bytes: Uint8Array,
): Promise<ImportResult> {
  const envelope = await e.dispatchAsync('import.file', {
    name,
    contentBase64: Buffer.from(bytes).toString('base64'),
  })
  if (!envelope.ok) throw new Error(envelope.error.message)
  return envelope.value as ImportResult
}

function article(e: ReturnType<typeof engine>, id: string | undefined): ArticleDetail {
  const envelope = e.dispatch('articles.get', { id })
  if (!envelope.ok) throw new Error(envelope.error.message)
  return envelope.value as ArticleDetail
}

/** An e-mail as a mail client writes it, with the harbour article attached as a text file. */
function mailWithAttachment(): Buffer {
  const attachment = ownFixture('harbour-strike.txt').toString('base64').replace(/.{76}/g, '$&\r\n')
  return Buffer.from(
    [
      'From: Ana Petrova <ana@example.org>',
      'To: desk@example.org',
      'Subject: Notes from the harbour',
      'Date: Tue, 20 Sep 2022 08:30:00 +0000',
      'Message-ID: <notes-1@example.org>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'The dock workers met the port authority this morning; my notes from the meeting are attached.',
      '',
      '--b1',
      'Content-Type: text/plain; name="harbour-strike.txt"',
      'Content-Disposition: attachment; filename="harbour-strike.txt"',
      'Content-Transfer-Encoding: base64',
      '',
      attachment,
      '--b1--',
      '',
    ].join('\r\n'),
  )
}

describe('importing through the engine: the formats read from bytes (issue 7)', () => {
  it('an e-mail becomes an article with its headers, and its attachment one more, linked to it', async () => {
    const e = engine()
    const result = await importAsync(e, 'notes.eml', mailWithAttachment())
    expect(result).toMatchObject({ status: 'imported', title: 'Notes from the harbour' })
    expect(result.parts).toEqual([
      expect.objectContaining({ status: 'imported', file: 'notes.eml › harbour-strike.txt' }),
    ])
    const mail = article(e, result.articleId)
    expect(mail).toMatchObject({
      byline: 'Ana Petrova <ana@example.org>',
      publishedAt: '2022-09-20T08:30:00.000Z',
      properties: expect.objectContaining({ To: 'desk@example.org' }) as unknown,
      source: { name: 'notes.eml', mediaType: 'message/rfc822' },
    })
    expect(mail.attachments).toEqual([
      { id: result.parts?.[0]?.articleId, title: expect.any(String) as unknown },
    ])
    const attached = article(e, result.parts?.[0]?.articleId)
    expect(attached.parent).toEqual({ id: result.articleId, title: 'Notes from the harbour' })
    expect(attached.text).toContain('Dock workers')

    // The same e-mail again: recognised by its bytes, nothing new.
    expect(await importAsync(e, 'notes-again.eml', mailWithAttachment())).toMatchObject({
      status: 'duplicate',
    })
  })

  it('an mbox gives one article per message, reported as parts of the file', async () => {
    const e = engine()
    const message = (n: number) =>
      [
        `From sender${n}@example.org Tue Sep 20 08:3${n}:00 2022`,
        `From: Observer ${n} <observer${n}@example.org>`,
        `Subject: Report ${n} from polling station ${n + 10}`,
        `Date: Tue, 20 Sep 2022 08:3${n}:00 +0000`,
        '',
        `Station ${n + 10} opened on time; observer ${n} counted ${n * 40 + 100} voters by noon.`,
        '>From the chairman: the ink ran out at eleven.',
        '',
      ].join('\n')
    const result = await importAsync(e, 'inbox.mbox', Buffer.from([1, 2, 3].map(message).join('\n')))
    expect([result, ...(result.parts ?? [])].map((r) => [r.status, r.title])).toEqual([
      ['imported', 'Report 1 from polling station 11'],
      ['imported', 'Report 2 from polling station 12'],
      ['imported', 'Report 3 from polling station 13'],
    ])
    expect(article(e, result.parts?.[1]?.articleId).text).toContain('From the chairman')
  })

  it('a broken file of a binary format is a failed result naming the reason; the archive is unchanged', async () => {
    const e = engine()
    for (const name of ['broken.docx', 'broken.epub', 'broken.eml', 'broken.mhtml']) {
      const result = await importAsync(e, name, Buffer.from('not really a file of this kind at all'))
      expect(result).toMatchObject({ file: name, status: 'failed', message: expect.any(String) as unknown })
    }
    expect(e.dispatch('articles.list', {})).toEqual({ ok: true, value: [] })
  })
})

describe('a folder with a page saved complete', () => {
  it('imports Page.html and neither imports nor lists the files of its Page_files folder', () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    mkdirSync(join(dir, 'Report_files'))
    writeFileSync(join(dir, 'Report.html'), ownFixture('saved-page.html'))
    writeFileSync(join(dir, 'Report_files', 'frame.html'), '<p>an embedded frame</p>')
    writeFileSync(join(dir, 'Report_files', 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]))
    writeFileSync(join(dir, 'photo.jpg'), Buffer.from([0xff, 0xd8]))
    const { files, skipped } = expandPaths([dir])
    expect(files).toEqual([join(dir, 'Report.html')])
    expect(skipped.map((s) => s.file)).toEqual([join(dir, 'photo.jpg')])
  })
})

describe('a zip of files', () => {
  it('imports each supported file in it as a part, skips the others, and is recognised file by file again', async () => {
    const e = engine()
    const zip = zipSync({
      'reports/harbour-strike.txt': new Uint8Array(ownFixture('harbour-strike.txt')),
      'reports/field-notes.md': new Uint8Array(ownFixture('field-notes.md')),
      'reports/photo.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
      'reports/notes.eml': new Uint8Array(mailWithAttachment()),
    })
    const result = await importAsync(e, 'dossier.zip', zip)
    expect(result).toMatchObject({
      status: 'imported',
      message: expect.stringContaining('3 imported') as unknown,
    })
    expect(result.parts?.map((p) => [p.file, p.status])).toEqual([
      ['dossier.zip › reports/field-notes.md', 'imported'],
      ['dossier.zip › reports/harbour-strike.txt', 'imported'],
      ['dossier.zip › reports/notes.eml', 'imported'],
      ['dossier.zip › reports/photo.png', 'skipped'],
    ])
    // The e-mail's attachment is the harbour article again: already in, so a duplicate part of the e-mail.
    expect(result.parts?.[2]?.parts?.[0]?.status).toBe('duplicate')

    const again = await importAsync(e, 'dossier.zip', zip)
    expect(again.parts?.filter((p) => p.status === 'duplicate')).toHaveLength(3)
  })

  it('a zip bomb stops with a reason, and a zip of nothing importable says so', async () => {
    const e = engine()
    // 300 MB of zeros in a few hundred KB, built without holding the 300 MB.
    const bomb = zeroBombZip('huge.txt', 300 * 1024 * 1024)
    const result = await importAsync(e, 'bomb.zip', bomb)
    expect(result.status).toBe('failed')
    expect(JSON.stringify(result)).toMatch(/zip bomb|more than/)
    expect(await importAsync(e, 'pictures.zip', zipSync({ 'a.png': new Uint8Array([1, 2]) }))).toMatchObject({
      status: 'failed',
      message: 'it holds no file of a type Casebook imports',
    })
  })
})

describe('a PDF through the engine', () => {
  it('is stored with each block’s page, its metadata and its original; a scan is marked as needing OCR', async () => {
    const e = engine()
    const paragraphs = ownFixture('harbour-strike.txt')
      .toString('utf8')
      .split(/\n\s*\n/)
      .map((p) => p.replace(/\s+/g, ' ').trim())
      .filter(Boolean)
    const [title = '', ...body] = paragraphs
    const doc = await PDFDocument.create()
    doc.setTitle(title)
    doc.setAuthor('Harbour desk')
    const laid = await typeset(
      doc,
      [
        { kind: 'heading', level: 1, text: title },
        ...Array.from({ length: 8 }, () => body)
          .flat()
          .map((text) => ({ kind: 'paragraph' as const, text })),
      ],
      { hyphenate: true, footer: (page) => String(page) },
    )
    const bytes = await doc.save()
    const result = await importAsync(e, 'harbour.pdf', bytes)
    expect(result).toMatchObject({ status: 'imported', title })
    const stored = article(e, result.articleId)
    expect(stored.byline).toBe('Harbour desk')
    expect(stored.source).toMatchObject({ name: 'harbour.pdf', mediaType: 'application/pdf' })
    expect(stored.language).toBe('en')
    expect(laid.pages).toBeGreaterThan(1)
    // Every block knows its page, and the last ones are on the last page.
    expect(stored.blocks.every((b) => typeof b.page === 'number')).toBe(true)
    expect(stored.blocks.at(-1)?.page).toBe(laid.pages)

    const scan = await importAsync(e, 'scan.pdf', blankPagesPdf(3))
    expect(article(e, scan.articleId)).toMatchObject({ needsOcr: true, language: null })
  })
})
