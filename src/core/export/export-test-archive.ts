import type { ArticleDetail, Entity, Highlight } from '../../shared/model'
import { dismissHighlight } from '../archive/highlight-review'
import { addVersion } from '../archive/versions'
import type { Engine } from '../engine'
import { importBytes, ok, openTempEngine, ownFixture } from '../testing/temp-archive'

/**
 * Test support for the export tests: a real archive holding our four fixture articles, highlights with
 * notes (Markdown, hostile HTML, Cyrillic), tags (one a would-be spreadsheet formula), colours, several
 * entities, an orphan (its words removed by a new version of the article) and a dismissed orphan.
 */

export const FIXTURE_FILES = [
  'harbour-strike.txt',
  'field-notes.md',
  'almaty-ru.txt',
  'saved-page.html',
] as const
export type FixtureFile = (typeof FIXTURE_FILES)[number]

export const HOSTILE_NOTE =
  '**Key** claim <script>alert(1)</script>\n\n[bad](javascript:alert(1)) and [good](https://example.org/a?b=1&c=2) ![pixel](https://tracker.example/p.gif)'

/** Imports the fixture articles into an engine, as the app does, and returns them by file name. */
export function importFixtures(engine: Engine): Record<FixtureFile, ArticleDetail> {
  const articles = {} as Record<FixtureFile, ArticleDetail>
  for (const name of FIXTURE_FILES) {
    const result = importBytes(engine, name, ownFixture(name))
    if (result.status !== 'imported') throw new Error(`${name}: ${result.status} ${result.message ?? ''}`)
    articles[name] = ok<ArticleDetail>(engine, 'articles.get', { id: result.articleId })
  }
  return articles
}

/** Adds a version of the strike article without the words “, demanding a pay rise and shorter night shifts”. */
export function editStrikeArticle(engine: Engine, strike: ArticleDetail): void {
  const newText = strike.text.replace(', demanding a pay rise and shorter night shifts', '')
  if (newText === strike.text) throw new Error('the strike fixture changed: the sentence to remove is gone')
  const blocks = [{ kind: 'paragraph' as const, start: 0, end: newText.length }]
  addVersion(engine.db, strike.id, { text: newText, blocks }, 'edit')
}

export function exportTestArchive() {
  const { engine, cleanup, dir } = openTempEngine()
  const articles = importFixtures(engine)
  const entity = (type: string, name: string, aliases: string[] = [], description = '') =>
    ok<Entity>(engine, 'entities.create', { type, name, aliases, description })
  const mira = entity('person', 'Mira Kostova', ['M. Kostova'], "Chair of the dock workers' union")
  const authority = entity('organisation', 'Port Veles Harbour Authority')
  const almaty = entity('place', 'Алматы', ['Almaty'])
  const highlight = (file: FixtureFile, passage: string, more: object = {}) => {
    const article = articles[file]
    const start = article.text.indexOf(passage)
    if (start < 0) throw new Error(`“${passage}” is not in ${file}`)
    return ok<Highlight>(engine, 'highlights.create', {
      articleId: article.id,
      versionId: article.versionId,
      start,
      end: start + passage.length,
      ...more,
    })
  }
  const highlights = {
    wage: highlight('harbour-strike.txt', 'signed a wage agreement', {
      note: HOSTILE_NOTE,
      tags: ['wages', '=HYPERLINK("http://evil.example")'],
      entityIds: [mira.id, authority.id],
      color: 'green',
    }),
    payRise: highlight('harbour-strike.txt', 'demanding a pay rise', {
      tags: ['follow up'],
      entityIds: [mira.id],
    }),
    nightShifts: highlight('harbour-strike.txt', 'shorter night shifts'),
    strikeStart: highlight('harbour-strike.txt', 'The strike at Port Veles ended'),
    station: highlight('field-notes.md', 'Station 14 opened twenty minutes late', {
      note: 'Late opening — see the *chair*.',
      entityIds: [mira.id],
      color: 'pink',
    }),
    observers: highlight('almaty-ru.txt', 'Независимые наблюдатели', {
      note: 'Он сказал "да", потом — нет',
      tags: ['Выборы'],
      entityIds: [almaty.id],
      color: 'blue',
    }),
    river: highlight('saved-page.html', 'river', { tags: ['=1+2', 'water'] }),
  }
  // A new version of the strike article without the pay-rise and night-shift words: both become orphans,
  // and the night-shift one is dismissed by the user.
  editStrikeArticle(engine, articles['harbour-strike.txt'])
  dismissHighlight(engine.db, highlights.nightShifts.id)
  return { engine, dir, cleanup, articles, entities: { mira, authority, almaty }, highlights }
}
