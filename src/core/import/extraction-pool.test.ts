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

  it('reads a file that waited in a thread stopped by the file before it on a new thread', async () => {
    const readers = pool({ threads: 1, timeoutMs: 1000 })
    const notes = ownFixture('harbour-strike.txt')
    // The thread is ready before the clock matters (it starts on a file, never on loading modules).
    await readers.extract('notes.txt', notes)
    // Thousands of sections for Readability to weigh: seconds of work, far past the limit.
    const section = (i: number) =>
      `<div class="s${i}"><h2>Part ${i}</h2><p>Observers in district ${i} counted the ballots twice, and the ` +
      `commission recorded ${i} complaints before midnight, none of them upheld.</p></div>`
    const huge = new TextEncoder().encode(
      `<!doctype html><html><body>${Array.from({ length: 20_000 }, (_, i) => section(i)).join('')}</body></html>`,
    )
    const slow = readers.extract('huge.html', huge)
    const next = readers.extract('notes.txt', notes) // sent to the same thread, to wait there
    await expect(slow).rejects.toThrow(/reading it took longer than 1 second/)
    expect((await next).articles[0]?.text).toBe((await readers.extract('again.txt', notes)).articles[0]?.text)
    expect(readers.served).toBe(3)
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
