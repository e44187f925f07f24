import { spawnSync } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../testing/temp-archive'
import { exportTestArchive } from './export-test-archive'
import { annotationsDocument, exportAnnotations, type W3cAnnotation } from './w3c-export'

const SHARED = resolve(REPO_ROOT, '../shared')
const VALIDATOR = join(SHARED, 'tools/validate-web-annotation.mjs')
const MODEL = join(SHARED, 'w3c-annotation-model')
const VALIDATOR_AVAILABLE = existsSync(VALIDATOR) && existsSync(MODEL)

let cleanups: Array<() => void> = []
afterEach(() => {
  cleanups.forEach((c) => c())
  cleanups = []
})

function archive() {
  const t = exportTestArchive()
  cleanups.push(t.cleanup)
  return t
}

function validate(test: string, files: string[]) {
  const run = spawnSync(process.execPath, [VALIDATOR, MODEL, test, ...files], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  })
  return { code: run.status, output: `${run.stdout}${run.stderr}` }
}

describe('W3C Web Annotation export', () => {
  it('writes one annotation per live highlight, orphans included and dismissed ones left out', () => {
    const { engine, highlights } = archive()
    const { collection, pages } = exportAnnotations(engine.db)
    const items = pages.flatMap((p) => p.items)
    expect(collection.total).toBe(6)
    expect(items.map((a) => a.id).sort()).toEqual(
      [
        highlights.wage,
        highlights.payRise,
        highlights.station,
        highlights.observers,
        highlights.river,
        highlights.strikeStart,
      ]
        .map((h) => `urn:uuid:${h.id}`)
        .sort(),
    )
  })

  it('carries quote, position, the quoted version’s SHA-256, colour, note, tags and entities', () => {
    const { engine, highlights, articles, entities } = archive()
    const items = exportAnnotations(engine.db).pages.flatMap((p) => p.items)
    const byId = (id: string) => items.find((a) => a.id === `urn:uuid:${id}`) as W3cAnnotation
    const wage = byId(highlights.wage.id)
    const strike = articles['harbour-strike.txt']
    const current = engine.db
      .prepare(
        'SELECT v.sha256 FROM articles a JOIN article_versions v ON v.id = a.current_version_id WHERE a.id = ?',
      )
      .pluck()
      .get(strike.id) as string
    expect(current).not.toBe(strike.sha256)
    // Re-anchored to the new version: its offsets and hash are the new text's.
    expect(wage.target.state.cached).toBe(`urn:sha256:${current}`)
    expect(wage.target.source).toBe(`urn:uuid:${strike.id}`)
    const [quote, position] = wage.target.selector
    expect(quote.exact).toBe('signed a wage agreement')
    const text = engine.db
      .prepare('SELECT text FROM article_versions WHERE sha256 = ?')
      .pluck()
      .get(current) as string
    expect(text.slice(position.start, position.end)).toBe('signed a wage agreement')
    expect(wage.target.styleClass).toBe('casebook-green')
    expect(wage.body).toEqual([
      expect.objectContaining({ type: 'TextualBody', format: 'text/markdown', purpose: 'commenting' }),
      { type: 'TextualBody', value: 'wages', format: 'text/plain', purpose: 'tagging' },
      expect.objectContaining({ purpose: 'tagging' }),
      {
        type: 'SpecificResource',
        purpose: 'identifying',
        source: {
          id: `urn:uuid:${entities.mira.id}`,
          type: 'schema:Person',
          'schema:name': 'Mira Kostova',
          'schema:alternateName': ['M. Kostova'],
          'schema:description': "Chair of the dock workers' union",
        },
      },
      {
        type: 'SpecificResource',
        purpose: 'identifying',
        source: {
          id: `urn:uuid:${entities.authority.id}`,
          type: 'schema:Organization',
          'schema:name': 'Port Veles Harbour Authority',
        },
      },
    ])
    // The orphan keeps the quote and hash of the version it was last found in: the first one.
    const payRise = byId(highlights.payRise.id)
    expect(payRise.target.state.cached).toBe(`urn:sha256:${strike.sha256}`)
    expect(strike.text.slice(payRise.target.selector[1].start, payRise.target.selector[1].end)).toBe(
      'demanding a pay rise',
    )
    // An article with a source URL is named by it.
    expect(byId(highlights.river.id).target.source).toBe(
      'https://news.example.org/2026/05/river-valley-water-dispute',
    )
    // No note, tags or entities: no body at all (the model allows an annotation without one).
    expect(byId(highlights.strikeStart.id).body).toBeUndefined()
  })

  it('pages the collection: the first page embedded, the rest linked by next/prev and carried in @included', () => {
    const { engine } = archive()
    const result = exportAnnotations(engine.db, { pageSize: 4 })
    expect(result.pages.map((p) => [p.startIndex, p.items.length])).toEqual([
      [0, 4],
      [4, 2],
    ])
    const [first, second] = result.pages
    expect(result.collection.first).toBe(first)
    expect(result.collection.last).toBe(second?.id)
    expect(first?.next).toBe(second?.id)
    expect(second?.prev).toBe(first?.id)
    expect(second?.partOf).toEqual({ id: result.collection.id, label: 'Casebook highlights', total: 6 })
    const document = JSON.parse(annotationsDocument(result)) as { '@included': Array<{ id: string }> }
    expect(document['@included'].map((p) => p.id)).toEqual([second?.id])
  })

  it('writes an empty collection for an archive without highlights', () => {
    const { engine } = archive()
    engine.db.prepare("UPDATE highlights SET deleted_at = '2026-01-01T00:00:00Z'").run()
    const { collection, pages } = exportAnnotations(engine.db)
    expect(collection.total).toBe(0)
    expect(collection.first).toBeUndefined()
    expect(pages).toEqual([])
  })

  it.skipIf(!VALIDATOR_AVAILABLE)(
    'passes every MUST of the W3C conformance data: each annotation, the collection, each page' +
      (VALIDATOR_AVAILABLE
        ? ''
        : ' (skipped: ../shared/tools/validate-web-annotation.mjs is not beside this checkout)'),
    () => {
      const { engine, dir } = archive()
      const result = exportAnnotations(engine.db, { pageSize: 4 })
      const annotations = result.pages.flatMap((page) => page.items)
      const annotationFiles = annotations.map((annotation, i) => {
        const file = join(dir, `annotation-${i}.json`)
        writeFileSync(file, JSON.stringify(annotation))
        return file
      })
      const collectionFile = join(dir, 'collection.json')
      writeFileSync(collectionFile, JSON.stringify(result.collection))
      const pageFiles = result.pages.map((page, i) => {
        const file = join(dir, `page-${i}.json`)
        writeFileSync(file, JSON.stringify(page))
        return file
      })
      const checks = [
        validate('annotations/annotationMusts.test', annotationFiles),
        validate('collections/collectionMusts.test', [collectionFile]),
        // The collection with its embedded first page counts as a page too.
        validate('collections/pages/pageMusts.test', [collectionFile, ...pageFiles]),
      ]
      for (const check of checks) {
        expect(check.output).not.toMatch(/[1-9]\d* FAIL|PARSE ERROR/)
        expect(check.code, check.output).toBe(0)
      }
      const summaries = checks.flatMap((check) => check.output.match(/^## .*$/gm) ?? [])
      expect(summaries).toHaveLength(annotationFiles.length + 1 + 1 + pageFiles.length)
      expect(summaries.filter((line) => line.includes(' 0 FAIL'))).toEqual(summaries)
      expect(summaries[0]).toContain('54 pass')
    },
  )
})
