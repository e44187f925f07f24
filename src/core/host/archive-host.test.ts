import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { NO_KEYCHAIN } from '../../shared/lock-state'
import { openEngine } from '../engine'
import { ownFixture, tempDir } from '../testing/temp-archive'
import { startArchiveHost, type ArchiveHost, type ArchiveHostOptions } from './archive-host'

const workerFile = resolve(import.meta.dirname, 'worker.ts')
const PASSPHRASE = 'correct horse battery staple'
const MINUTE = 60_000

let cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanups) await c()
  cleanups = []
})

/** An archive with one article, encrypted when a passphrase is given, closed again. */
function archive(passphrase?: string): string {
  const { dir, cleanup } = tempDir()
  cleanups.push(cleanup)
  const path = join(dir, 'a.casebook')
  const engine = openEngine(path, { passphrase })
  engine.dispatch('import.file', {
    name: 'harbour-strike.txt',
    contentBase64: ownFixture('harbour-strike.txt').toString('base64'),
  })
  engine.close()
  return path
}

async function start(options: Omit<ArchiveHostOptions, 'workerFile'>): Promise<ArchiveHost> {
  const host = await startArchiveHost({ workerFile, wrongPassphraseDelayMs: 5, ...options })
  cleanups.unshift(() => host.close())
  return host
}

describe('the archive host: locked, unlocked, locked again when idle', { timeout: 180_000 }, () => {
  it('starts locked without a passphrase, refuses a wrong one, unlocks, and locks after the idle time', async () => {
    const archivePath = archive(PASSPHRASE)
    let clock = 1_000_000
    const host = await start({ archivePath, now: () => clock })
    expect(await host.invoke('archive.lockState', {})).toMatchObject({
      ok: true,
      value: { state: 'locked', encrypted: true, idleLockMinutes: null, recovery: { reason: null } },
    })

    // While locked nothing reaches the archive: every operation is refused and the file is not touched.
    const before = readFileSync(archivePath)
    for (const [channel, input] of [
      ['articles.list', {}],
      ['import.file', { name: 'x.txt', contentBase64: Buffer.from('secret words').toString('base64') }],
      ['archive.idleLock.set', { minutes: null }],
      ['backups.create', {}],
    ] as const) {
      expect(await host.invokeRaw(channel, input)).toMatchObject({ ok: false, error: { code: 'locked' } })
    }
    expect(readFileSync(archivePath).equals(before)).toBe(true)
    expect(existsSync(`${archivePath}-wal`)).toBe(false)

    const wrong = await host.invoke('archive.unlock', { passphrase: 'not the passphrase' })
    expect(wrong).toMatchObject({ ok: false, error: { code: 'locked', message: /wrong passphrase/i } })
    expect(JSON.stringify(wrong)).not.toContain('not the passphrase')
    expect(host.lockState().state).toBe('locked')
    expect(readFileSync(archivePath).equals(before)).toBe(true)

    // The right one: open, with the default idle lock of an encrypted archive.
    expect(await host.invoke('archive.unlock', { passphrase: PASSPHRASE })).toMatchObject({
      ok: true,
      value: { state: 'open', encrypted: true, idleLockMinutes: 15, recovery: null },
    })
    const listed = await host.invoke('articles.list', {})
    expect(listed.ok && listed.value.length).toBe(1)

    // The setting is kept in the archive and obeyed by the host.
    expect(await host.invoke('archive.idleLock.set', { minutes: 5 })).toMatchObject({
      ok: true,
      value: { idleLockMinutes: 5 },
    })
    clock += 4 * MINUTE
    expect((await host.invoke('articles.list', {})).ok).toBe(true) // used again: the clock restarts
    clock += 3 * MINUTE
    // Polling the state is not use: the archive still locks five minutes after its last real request.
    expect(host.lockState().state).toBe('open')
    expect((await host.invoke('archive.lockState', {})).ok).toBe(true)
    clock += 2 * MINUTE
    expect(await host.invoke('archive.lockState', {})).toMatchObject({
      ok: true,
      value: { state: 'locked', encrypted: true, idleLockMinutes: 5 },
    })
    expect(await host.invoke('articles.list', {})).toMatchObject({ ok: false, error: { code: 'locked' } })

    // Unlocked again: the setting came back from the archive; "Lock now" locks at once.
    expect(await host.invoke('archive.unlock', { passphrase: PASSPHRASE })).toMatchObject({
      ok: true,
      value: { state: 'open', idleLockMinutes: 5 },
    })
    expect(await host.invoke('archive.lock', {})).toMatchObject({ ok: true, value: { state: 'locked' } })
    expect(await host.invoke('articles.get', { id: '0190a3c5-0000-7000-8000-000000000000' })).toMatchObject({
      ok: false,
      error: { code: 'locked' },
    })
  })

  it('locks by its own clock, without any request, and never while the idle lock is off', async () => {
    const archivePath = archive(PASSPHRASE)
    const host = await start({
      archivePath,
      passphrase: PASSPHRASE,
      idleCheckMs: 20,
      idleLockMsOverride: 100,
    })
    expect(host.lockState().state).toBe('open')
    await new Promise((r) => setTimeout(r, 400))
    expect(host.lockState().state).toBe('locked')

    let clock = 0
    const off = await start({ archivePath, passphrase: PASSPHRASE, now: () => clock })
    expect((await off.invoke('archive.idleLock.set', { minutes: null })).ok).toBe(true)
    clock += 24 * 60 * MINUTE
    expect(await off.invoke('archive.lockState', {})).toMatchObject({
      ok: true,
      value: { state: 'open', idleLockMinutes: null },
    })
  })

  it('opens a plain archive at once and will not lock it', async () => {
    const host = await start({ archivePath: archive() })
    expect(host.lockState()).toEqual({
      state: 'open',
      encrypted: false,
      idleLockMinutes: null,
      recovery: null,
      keychain: NO_KEYCHAIN,
    })
    expect(await host.invoke('archive.lock', {})).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    })
    expect((await host.invoke('articles.list', {})).ok).toBe(true)
  })

  it('rejects at start when the passphrase given there is wrong', async () => {
    const failure = await startArchiveHost({
      workerFile,
      archivePath: archive(PASSPHRASE),
      passphrase: 'wrong',
    }).catch((error: unknown) => error)
    expect(failure).toMatchObject({ code: 'locked' })
  })
})

describe('the archive host: guessing the passphrase', { timeout: 180_000 }, () => {
  it('waits twice as long after each wrong passphrase in a row, up to a limit, and starts over after the right one', async () => {
    const archivePath = archive(PASSPHRASE)
    const waits: number[] = []
    const host = await start({
      archivePath,
      wrongPassphraseDelayMs: 100,
      sleep: async (ms) => {
        waits.push(ms)
      },
    })
    const guess = (passphrase: string) => host.invoke('archive.unlock', { passphrase })
    for (let i = 0; i < 8; i++) {
      expect(await guess(`guess ${i}`)).toMatchObject({ ok: false, error: { code: 'locked' } })
    }
    expect(waits).toEqual([100, 200, 400, 800, 1600, 3200, 3200, 3200])
    expect(await guess(PASSPHRASE)).toMatchObject({ ok: true, value: { state: 'open' } })
    expect(await host.invoke('archive.lock', {})).toMatchObject({ ok: true, value: { state: 'locked' } })
    waits.length = 0
    await guess('wrong again')
    expect(waits).toEqual([100])
  })
})
