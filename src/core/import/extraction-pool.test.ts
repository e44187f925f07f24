import { PDFDocument } from 'pdf-lib'
import { afterEach, describe, expect, it } from 'vitest'
import { CasebookError } from '../../shared/errors'
import { ownFixture } from '../testing/temp-archive'
import { ExtractionPool, defaultExtractionThreads } from './extraction-pool'
import { typeset } from './formats/pdf-test-writer'

let pools: ExtractionPool[] = []
afterEach(async () => {
  await Promise.all(pools.map((pool) => pool.close()))
  pools = []
})

function pool(options: ConstructorParameters<typeof ExtractionPool>[0]): ExtractionPool {
  const made = new ExtractionPool(options)
  pools.push(made)
  return made
}

describe('the import pool reads files on threads (issue 7)', () => {
  it('reads files of every kind on its threads, with their language, several at once', async () => {
    const readers = pool({ threads: 2 })
    const page = ownFixture('saved-page.html')
    const russian = ownFixture('almaty-ru.txt')
    const doc = await PDFDocument.create()
    await typeset(doc, [
      {
        kind: 'paragraph',
        text: 'Observers counted the ballots twice in every polling station of the district before midnight.',
      },
    ])
    const pdf = await doc.save()
    const [html, ru, fromPdf] = await Promise.all([
      readers.extract('saved-page.html', page),
      readers.extract('almaty-ru.txt', russian),
      readers.extract('report.pdf', pdf),
    ])
    expect(readers.size).toBe(2)
    expect(html.articles[0]?.text.length).toBeGreaterThan(200)
    expect(html.articles[0]?.language).toBe('en')
    expect(ru.articles[0]?.language).toBe('ru')
    expect(fromPdf.articles[0]?.text).toContain('Observers counted the ballots twice')
    expect(fromPdf.articles[0]?.blocks[0]?.page).toBe(1)
  })

  it('gives a bad file its reason with its code, and goes on with the next', async () => {
    const readers = pool({ threads: 1 })
    const error = await readers
      .extract('broken.pdf', new TextEncoder().encode('%PDF-1.7 not really'))
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CasebookError)
    expect((error as CasebookError).code).toBe('bad_file')
    const next = await readers.extract('notes.txt', ownFixture('harbour-strike.txt'))
    expect(next.articles[0]?.title).toBeTruthy()
  })

  it('fails a file that reads past the time limit and replaces its thread for the next file', async () => {
    const readers = pool({ threads: 1, timeoutMs: 1 })
    const slow = readers.extract('saved-page.html', ownFixture('saved-page.html'))
    await expect(slow).rejects.toThrow(/reading it took longer than 1 second/)
    expect(readers.size).toBe(0)
  })

  it('ends idle threads, and starts them again when a file comes', async () => {
    const readers = pool({ threads: 2, idleMs: 50 })
    await readers.extract('notes.txt', ownFixture('harbour-strike.txt'))
    expect(readers.size).toBe(1)
    await new Promise((done) => setTimeout(done, 400))
    expect(readers.size).toBe(0)
    const again = await readers.extract('notes.txt', ownFixture('harbour-strike.txt'))
    expect(again.articles).toHaveLength(1)
  })

  it('refuses files once closed', async () => {
    const readers = pool({ threads: 1 })
    await readers.close()
    await expect(readers.extract('notes.txt', ownFixture('harbour-strike.txt'))).rejects.toThrow(/closed/)
  })

  it('takes its thread count from CASEBOOK_IMPORT_THREADS when that is a sensible number', () => {
    expect(defaultExtractionThreads({ CASEBOOK_IMPORT_THREADS: '0' })).toBe(0)
    expect(defaultExtractionThreads({ CASEBOOK_IMPORT_THREADS: '3' })).toBe(3)
    const fallback = defaultExtractionThreads({})
    expect(fallback).toBeGreaterThanOrEqual(1)
    expect(defaultExtractionThreads({ CASEBOOK_IMPORT_THREADS: 'many' })).toBe(fallback)
    expect(defaultExtractionThreads({ CASEBOOK_IMPORT_THREADS: '500' })).toBe(fallback)
  })
})
