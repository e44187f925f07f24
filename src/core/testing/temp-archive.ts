import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Highlight } from '../../shared/model'
import { openEngine, type Engine } from '../engine'

/** Test support: real archive files in a fresh temp folder, removed afterwards. */
export function tempDir(prefix = 'casebook-test-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

export const REPO_ROOT = resolve(import.meta.dirname, '../../..')
export const OWN_FIXTURES = join(REPO_ROOT, 'fixtures/articles')
/** The shared real article; present beside the checkout in CI, absent on a user's machine. */
export const SHARED_ARTICLE = resolve(REPO_ROOT, '../shared/fixtures/kazakhstan-election-2022.txt')
export const SHARED_AVAILABLE = existsSync(SHARED_ARTICLE)

export function ownFixture(name: string): Buffer {
  return readFileSync(join(OWN_FIXTURES, name))
}

export function openTempEngine(): { engine: Engine; path: string; dir: string; cleanup(): void } {
  const { dir, cleanup } = tempDir()
  const path = join(dir, 'archive.casebook')
  const engine = openEngine(path)
  return {
    engine,
    path,
    dir,
    cleanup() {
      try {
        engine.close()
      } catch {
        // already closed by the test
      }
      cleanup()
    },
  }
}

/** Imports a file through the contract, as the UI does, and returns the result. */
export function importBytes(engine: Engine, name: string, bytes: Uint8Array) {
  const envelope = engine.dispatch('import.file', {
    name,
    contentBase64: Buffer.from(bytes).toString('base64'),
  })
  if (!envelope.ok) throw new Error(envelope.error.message)
  return envelope.value as {
    status: string
    articleId?: string
    message?: string
    title?: string
    file: string
  }
}

/** One operation through the engine's dispatch, its value or an error naming the operation and the reason. */
export function ok<T>(engine: Engine, channel: string, input: unknown): T {
  const envelope = engine.dispatch(channel, input)
  if (!envelope.ok) throw new Error(`${channel}: ${envelope.error.code}: ${envelope.error.message}`)
  return envelope.value as T
}

/**
 * Highlights the first occurrence of `passage` in the article's version as the reader would (offsets of
 * that version's text); `more` adds fields of 'highlights.create' (note, tags, entityIds, colour).
 */
export function markPassage(
  engine: Engine,
  article: { id: string; versionId: string; text: string },
  passage: string,
  more: object = {},
): Highlight {
  const start = article.text.indexOf(passage)
  if (start < 0) throw new Error(`“${passage}” is not in the article's text`)
  return ok<Highlight>(engine, 'highlights.create', {
    articleId: article.id,
    versionId: article.versionId,
    start,
    end: start + passage.length,
    ...more,
  })
}
