import { chmodSync, mkdirSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../core/testing/temp-archive'
import { runIn } from './run-cli'

let dir: string
let cleanup: () => void
let archive: string

beforeAll(() => {
  ;({ dir, cleanup } = tempDir())
  archive = join(dir, 'bad-input.casebook')
})
afterAll(() => cleanup())

/** As root, chmod 000 does not stop reading, so the unreadable-file case cannot be made there. */
const isRoot = process.getuid?.() === 0

describe('casebook import with bad paths', () => {
  it('exits 1 naming a missing file and an empty one, and imports the rest, odd names included', () => {
    const folder = join(dir, 'odd paths')
    mkdirSync(folder, { recursive: true })
    const good = ['with spaces.txt', 'Токаев 東京.md', 'new\nline.txt', `${'long-'.repeat(45)}.txt`]
    good.forEach((name, i) =>
      writeFileSync(join(folder, name), `Report ${i} from the observers at the harbour.`),
    )
    writeFileSync(join(folder, 'empty.html'), '')
    const missing = join(dir, 'no such folder', '..', 'missing.txt')
    const result = runIn(archive, 'import', join(folder, '..', 'odd paths'), missing)
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(`failed\t${missing}\tno such file or folder`)
    expect(result.stdout).toMatch(/failed\t.*empty\.html\tthe file is empty/)
    expect(result.stdout.match(/^imported\t/gm)).toHaveLength(good.length)
    expect(result.stderr).toContain(`${good.length} imported, 0 duplicates skipped, 2 failed`)
  })

  it.skipIf(isRoot)(
    'exits 1 naming an unreadable file and imports the readable ones (skipped as root: chmod does not restrict root)',
    () => {
      const folder = join(dir, 'locked')
      mkdirSync(folder, { recursive: true })
      writeFileSync(join(folder, 'readable.txt'), 'A readable account of the count.')
      writeFileSync(join(folder, 'secret.txt'), 'An unreadable account.')
      chmodSync(join(folder, 'secret.txt'), 0o000)
      try {
        const result = runIn(archive, 'import', folder)
        expect(result.code).toBe(1)
        expect(result.stdout).toMatch(/failed\t.*secret\.txt\tthe file could not be read \(EACCES/)
        expect(result.stdout).toMatch(/imported\t.*readable\.txt/)
      } finally {
        chmodSync(join(folder, 'secret.txt'), 0o644)
      }
    },
  )

  it('refuses a file over the size limit by its size', () => {
    const huge = join(dir, 'huge.md')
    writeFileSync(huge, '')
    // Sparse, 200 MB long: the CLI must refuse it before reading.
    truncateSync(huge, 200 * 1024 * 1024)
    const result = runIn(archive, 'import', huge)
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(`failed\t${huge}\tit is 200 MB, larger than the 50 MB Casebook imports`)
  })
})
