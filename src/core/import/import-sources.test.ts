import Database from 'better-sqlite3-multiple-ciphers'
import { afterEach, describe, expect, it } from 'vitest'
import type { ArticleDetail, ArticleSummary, ImportResult } from '../../shared/model'
import { openTempEngine, ownFixture } from '../testing/temp-archive'

let cleanups: Array<() => void> = []
afterEach(() => {
  for (const c of cleanups) c()
  cleanups = []
})

function engineWithCleanup() {
  const temp = openTempEngine()
  cleanups.push(() => temp.cleanup())
  return temp
}

async function importAsync(engine: ReturnType<typeof openTempEngine>['engine'], name: string, bytes: Buffer) {
  const envelope = await engine.dispatchAsync('import.file', {
    name,
    contentBase64: bytes.toString('base64'),
  })
  if (!envelope.ok) throw new Error(envelope.error.message)
  return envelope.value as ImportResult
}

describe('imported files are kept, with their language and metadata (issue 7)', () => {
  it('keeps the original byte for byte, knows the same file again before reading it, and detects the language', async () => {
    const { engine } = engineWithCleanup()
    const english = ownFixture('harbour-strike.txt')
    const russian = ownFixture('almaty-ru.txt')
    const first = await importAsync(engine, 'notes/harbour-strike.txt', english)
    expect(first).toMatchObject({ status: 'imported' })
    const ru = await importAsync(engine, 'almaty-ru.txt', russian)

    const source = engine.dispatch('articles.source', { id: first.articleId })
    expect(source).toMatchObject({ ok: true, value: { name: 'harbour-strike.txt', mediaType: 'text/plain' } })
    const value = source.ok ? (source.value as { contentBase64: string; sha256: string }) : null
    expect(Buffer.from(value?.contentBase64 ?? '', 'base64').equals(english)).toBe(true)

    const detail = engine.dispatch('articles.get', { id: first.articleId })
    expect(detail.ok && (detail.value as ArticleDetail).source).toEqual({
      name: 'harbour-strike.txt',
      mediaType: 'text/plain',
      size: english.byteLength,
    })
    const list = engine.dispatch('articles.list', {})
    const languages = list.ok ? (list.value as ArticleSummary[]).map((a) => [a.id, a.language]) : []
    expect(new Map(languages as Array<[string, string]>)).toEqual(
      new Map([
        [first.articleId, 'en'],
        [ru.articleId, 'ru'],
      ]),
    )

    // The same bytes under another name: found by the file's hash, nothing stored twice.
    const again = await importAsync(engine, 'copy-of-strike.txt', english)
    expect(again).toMatchObject({ status: 'duplicate', articleId: first.articleId })
    expect(engine.db.prepare('SELECT count(*) FROM source_files').pluck().get()).toBe(2)
  })

  it('refuses an original whose stored bytes were changed', async () => {
    const { engine, path } = engineWithCleanup()
    const imported = await importAsync(engine, 'harbour-strike.txt', ownFixture('harbour-strike.txt'))
    const raw = new Database(path)
    raw.prepare("UPDATE source_files SET bytes = CAST('forged' AS BLOB)").run()
    raw.close()
    expect(engine.dispatch('articles.source', { id: imported.articleId })).toMatchObject({
      ok: false,
      error: { code: 'damaged', message: /no longer matches/ },
    })
  })

  it('corrects metadata field by field, logging which fields changed but not their values', async () => {
    const { engine } = engineWithCleanup()
    const { articleId: id } = await importAsync(
      engine,
      'harbour-strike.txt',
      ownFixture('harbour-strike.txt'),
    )
    const changed = engine.dispatch('articles.metadata.set', {
      id,
      title: 'Harbour strike: the ninth day',
      byline: null,
      publishedAt: '2022-01-05',
      language: 'en',
    })
    expect(changed).toMatchObject({
      ok: true,
      value: {
        title: 'Harbour strike: the ninth day',
        byline: null,
        publishedAt: '2022-01-05',
        language: 'en',
      },
    })
    expect(engine.dispatch('articles.metadata.set', { id, language: 'english' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    })
    expect(engine.dispatch('articles.metadata.set', { id, colour: 'red' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    })
    const log = engine.dispatch('audit.list', {})
    const entry = log.ok
      ? (log.value as { entries: Array<{ action: string; detail: unknown }> }).entries[0]
      : null
    expect(entry).toMatchObject({
      action: 'article.metadata',
      detail: { fields: ['title', 'byline', 'publishedAt', 'language'] },
    })
    expect(JSON.stringify(entry)).not.toContain('ninth day')
  })
})
