// Test support, run as a child process (its own TMPDIR) by archive-encryption.test.ts: a whole working
// session on an encrypted archive — import, entity, highlight with a note, search, backup — so the parent
// can then look for the session's words in every file the process could have written.
import { copyFileSync, existsSync, readFileSync, statSync } from 'node:fs'
import type { ArticleDetail, SearchResults } from '../../shared/model'
import { openEngine } from '../engine'
import { MARKER } from './plaintext-scan'
import { importBytes, markPassage, ok } from './temp-archive'

async function main(): Promise<void> {
  const [archivePath, articleFile] = process.argv.slice(2)
  const passphrase = process.env.CASEBOOK_PASSPHRASE
  if (!archivePath || !articleFile || !passphrase) throw new Error('usage: <archive> <article file>')
  const engine = openEngine(archivePath, { passphrase })
  try {
    const imported = importBytes(engine, 'harbour.txt', readFileSync(articleFile))
    const article = ok<ArticleDetail>(engine, 'articles.get', { id: imported.articleId })
    const entity = ok<{ id: string }>(engine, 'entities.create', { type: 'person', name: `Ada ${MARKER}` })
    markPassage(engine, article, `${MARKER} the elder`, {
      note: `Ask ${MARKER}'s family about the meeting`,
      entityIds: [entity.id],
    })
    const results = ok<SearchResults>(engine, 'search.query', { query: MARKER })
    const backup = await engine.dispatchAsync('backups.create', {})
    // The WAL is folded into the archive and deleted on close: a snapshot of it, taken while the session
    // is open, lets the parent check its frames too.
    const wal = `${archivePath}-wal`
    const walBytes = existsSync(wal) ? statSync(wal).size : 0
    if (walBytes > 0) copyFileSync(wal, `${archivePath}.wal-snapshot`)
    process.stdout.write(`${JSON.stringify({ results, backup: backup.ok, walBytes })}\n`)
  } finally {
    engine.close()
  }
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`)
  process.exit(1)
})
