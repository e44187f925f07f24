import { createHash } from 'node:crypto'
import type { Engine } from '../engine'

/**
 * Test support: a digest of everything an archive holds, table by table, to show that a refused call
 * wrote nothing. The search tables are left out: they are derived from the articles and may be brought up
 * to date by any search.
 */
export function archiveFingerprint(engine: Engine): Record<string, string> {
  const tables = engine.db
    .prepare(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
        AND name NOT LIKE 'search_%' ORDER BY name`,
    )
    .all() as Array<{ name: string }>
  const fingerprint: Record<string, string> = {}
  for (const { name } of tables) {
    const rows = engine.db.prepare(`SELECT * FROM "${name}"`).raw().all()
    const hash = createHash('sha256')
    for (const row of rows)
      hash.update(
        JSON.stringify(row, (_key, value: unknown) =>
          Buffer.isBuffer(value) ? value.toString('hex') : value,
        ),
      )
    fingerprint[name] = `${rows.length}:${hash.digest('hex').slice(0, 16)}`
  }
  return fingerprint
}

/** The ids of the articles in the archive, deleted ones too, in a stable order. */
export function articleIds(engine: Engine): string[] {
  return (engine.db.prepare('SELECT id FROM articles ORDER BY id').all() as Array<{ id: string }>).map(
    (row) => row.id,
  )
}

/** How many generated inputs a property runs: FUZZ_SCALE (npm run test:fuzz) multiplies the default. */
export function fuzzRuns(base: number): number {
  const scale = Number(process.env.FUZZ_SCALE ?? '1')
  return Math.max(1, Math.round(base * (Number.isFinite(scale) && scale > 0 ? scale : 1)))
}

/** The fixed seed of every fuzz property, so a failure can be replayed; FUZZ_SEED overrides it. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? '20260614')
