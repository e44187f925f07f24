import { strFromU8, strToU8, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { CasebookError } from '../../../shared/errors'
import { ownFixture } from '../../testing/temp-archive'
import { openGuardedZip, ZIP_LIMITS } from './zip-guard'
import { declareSize, flagEncrypted, zeroBombZip } from './zip-test-writer'

const MB = 1024 * 1024

function refusal(run: () => unknown): CasebookError {
  try {
    run()
  } catch (error) {
    if (error instanceof CasebookError) return error
    throw error
  }
  throw new Error('expected a CasebookError')
}

describe('openGuardedZip', () => {
  const strike = ownFixture('harbour-strike.txt')
  const almaty = ownFixture('almaty-ru.txt')

  it('reads stored and deflated entries exactly, and lists files only', () => {
    const zip = openGuardedZip(
      zipSync({
        'a/strike.txt': [strike, { level: 9 }],
        'a/almaty.txt': [almaty, { level: 0 }],
        'empty.txt': new Uint8Array(),
        'dir/': new Uint8Array(),
      }),
      'EPUB',
    )
    expect(zip.names.sort()).toEqual(['a/almaty.txt', 'a/strike.txt', 'empty.txt'])
    expect(strFromU8(zip.read('a/strike.txt') ?? new Uint8Array())).toBe(strike.toString('utf8'))
    expect(strFromU8(zip.read('a/almaty.txt') ?? new Uint8Array())).toBe(almaty.toString('utf8'))
    expect(zip.read('empty.txt')?.length).toBe(0)
    expect(zip.read('missing.txt')).toBeUndefined()
  })

  it('never lists names that point outside the archive', () => {
    const zip = openGuardedZip(
      zipSync({ '../evil.txt': strike, '/etc/passwd': strike, 'a/../../b.txt': strike, 'ok.txt': strike }),
      'DOCX',
    )
    expect(zip.names).toEqual(['ok.txt'])
  })

  it('says what is wrong with a file that is not a zip, or one cut short', () => {
    expect(refusal(() => openGuardedZip(strike, 'DOCX')).message).toBe(
      'it is damaged (not a valid DOCX archive: it is not a zip file)',
    )
    const whole = zipSync({ 'a.txt': strike })
    expect(refusal(() => openGuardedZip(whole.subarray(0, whole.length - 30), 'EPUB')).message).toBe(
      'it is damaged (not a valid EPUB archive: the file is cut short)',
    )
    expect(refusal(() => openGuardedZip(new Uint8Array(), 'EPUB')).code).toBe('bad_file')
  })

  it('refuses an entry whose bytes fail its checksum', () => {
    const zip = zipSync({ 'a.txt': [strike, { level: 0 }] })
    zip[40] = (zip[40] ?? 0) ^ 0xff // inside the stored text (after the 30-byte header and the name)
    expect(refusal(() => openGuardedZip(zip, 'DOCX').read('a.txt')).message).toBe(
      'it is damaged (not a valid DOCX archive: a.txt fails its checksum)',
    )
  })

  it('refuses an entry encrypted with a password', () => {
    const zip = flagEncrypted(zipSync({ 'a.txt': strike }), 'a.txt')
    expect(refusal(() => openGuardedZip(zip, 'DOCX').read('a.txt')).message).toBe(
      'it is encrypted with a password',
    )
  })

  it('refuses too many entries before reading any', () => {
    const entries = Object.fromEntries(['a', 'b', 'c', 'd'].map((n) => [n, strToU8(n)]))
    expect(
      refusal(() => openGuardedZip(zipSync(entries), 'EPUB', { ...ZIP_LIMITS, maxEntries: 3 })).message,
    ).toBe('it holds more than 3 files (a zip bomb?)')
  })

  it('reads a zip written by the test writer, whose zeros are one deflated piece repeated', () => {
    const zip = openGuardedZip(zeroBombZip('zeros.bin', 3 * MB, { 'a.txt': 'Almaty' }), 'DOCX')
    expect(strFromU8(zip.read('a.txt') ?? new Uint8Array())).toBe('Almaty')
    const zeros = zip.read('zeros.bin') ?? new Uint8Array(1)
    expect([zeros.length, zeros.some((b) => b !== 0)]).toEqual([3 * MB, false])
  })

  it('refuses a bomb by its declared sizes, inflating nothing', () => {
    const bomb = zeroBombZip('word/document.xml', 300 * MB)
    expect(bomb.length).toBeLessThan(MB)
    expect(refusal(() => openGuardedZip(bomb, 'DOCX')).message).toBe(
      'it unpacks to more than 200 MB (a zip bomb?)',
    )
    // Under the total, but compressed a thousand times: no text does that.
    expect(refusal(() => openGuardedZip(zeroBombZip('big.xml', 20 * MB), 'DOCX')).message).toMatch(
      /^big\.xml inside it unpacks to 20 MB from 2\d KB \(a zip bomb\?\)$/,
    )
  })

  it('stops inflating an entry the moment it passes the size it declares, with memory bounded', () => {
    const lying = declareSize(zeroBombZip('word/document.xml', 300 * MB), 'word/document.xml', 1000)
    const zip = openGuardedZip(lying, 'DOCX')
    const before = process.memoryUsage().rss
    expect(refusal(() => zip.read('word/document.xml')).message).toBe(
      'it unpacks to more than its directory declares (a zip bomb?)',
    )
    expect(process.memoryUsage().rss - before).toBeLessThan(150 * MB)
  })

  it('counts every read against the total, so reading one entry again and again is a bomb too', () => {
    const zip = openGuardedZip(zipSync({ 'a.txt': strike }), 'EPUB', {
      ...ZIP_LIMITS,
      maxTotalBytes: strike.length * 2,
    })
    zip.read('a.txt')
    zip.read('a.txt')
    expect(refusal(() => zip.read('a.txt')).message).toBe(
      `it unpacks to more than ${Math.round((strike.length * 2) / 1024)} KB (a zip bomb?)`,
    )
  })
})
