import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { BackupInfo } from '../../shared/backups'
import type { PassphraseChangeResult } from '../../shared/passphrase-change'
import { archiveEncryption } from '../db/encryption-state'
import { openEngine } from '../engine'
import { filesContaining, listFiles, markerArticle } from '../testing/plaintext-scan'
import { importBytes, tempDir } from '../testing/temp-archive'
import type { ArchiveKeychain } from './archive-keychain'
import { startArchiveHost, type ArchiveHost, type ArchiveHostOptions } from './archive-host'

const workerFile = resolve(import.meta.dirname, 'worker.ts')
const FIRST = 'first passphrase of the archive'
const SECOND = 'second passphrase, after a change'

let cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanups) await c()
  cleanups = []
})

/** A plain archive holding the marker article, with one backup, closed again. */
async function plainArchive(): Promise<{ dir: string; path: string }> {
  const { dir, cleanup } = tempDir()
  cleanups.push(cleanup)
  const path = join(dir, 'a.casebook')
  const engine = openEngine(path)
  importBytes(engine, 'marker.txt', Buffer.from(markerArticle()))
  const made = await engine.dispatchAsync('backups.create', {})
  engine.close()
  expect(made.ok && (made.value as BackupInfo).ok).toBe(true)
  return { dir, path }
}

async function start(options: Omit<ArchiveHostOptions, 'workerFile'>): Promise<ArchiveHost> {
  const host = await startArchiveHost({ workerFile, wrongPassphraseDelayMs: 5, ...options })
  cleanups.unshift(() => host.close())
  return host
}

function changed(envelope: { ok: boolean; value?: unknown; error?: unknown }): PassphraseChangeResult {
  expect(envelope).toMatchObject({ ok: true })
  return envelope.value as PassphraseChangeResult
}

describe(
  'the archive host: setting, changing and removing the passphrase from the app',
  { timeout: 90_000 },
  () => {
    it('encrypts the open archive and its backups, changes the key only with the current one, and removes it', async () => {
      const { dir, path } = await plainArchive()
      const held: { value: string | undefined } = { value: undefined }
      const keychain: ArchiveKeychain = {
        availability: () => ({ available: true, reason: null }),
        recall: () => held.value,
        remember: (p) => void (held.value = p),
        forget: () => void (held.value = undefined),
      }
      const waits: number[] = []
      const host = await start({ archivePath: path, keychain, sleep: async (ms) => void waits.push(ms) })
      expect(host.lockState()).toMatchObject({ state: 'open', encrypted: false })

      // Set: the archive and its backup are encrypted; nothing of the article is left readable on disk.
      const set = changed(await host.invoke('archive.passphrase.set', { next: FIRST }))
      expect(set).toMatchObject({
        state: { state: 'open', encrypted: true, idleLockMinutes: 15 },
        backupsConverted: 1,
        backupsRemoved: [],
        backupsLeft: [],
      })
      expect(archiveEncryption(path)).toBe('encrypted')
      expect(listFiles(dir).length).toBeGreaterThan(1)
      expect(filesContaining([dir])).toEqual([])
      const listed = await host.invoke('articles.list', {})
      expect(listed.ok && listed.value.length).toBe(1)

      // It can lock now, and opens with the new passphrase, remembered on request.
      expect((await host.invoke('archive.lock', {})).ok).toBe(true)
      expect(await host.invoke('archive.unlock', { passphrase: FIRST, remember: true })).toMatchObject({
        ok: true,
        value: { state: 'open' },
      })
      expect(held.value).toBe(FIRST)

      // Change: a wrong current passphrase waits and changes nothing; the right one re-keys everything.
      expect(await host.invoke('archive.passphrase.set', { current: 'not it', next: SECOND })).toMatchObject({
        ok: false,
        error: { code: 'locked', message: /current passphrase is wrong/ },
      })
      expect(waits).toEqual([5])
      expect(
        changed(await host.invoke('archive.passphrase.set', { current: FIRST, next: SECOND })),
      ).toMatchObject({
        state: { encrypted: true, keychain: { remembered: true } },
        backupsConverted: 1,
      })
      // The keychain keeps the passphrase it was asked to keep: now the new one.
      expect(held.value).toBe(SECOND)
      expect((await host.invoke('archive.lock', {})).ok).toBe(true)
      expect(await host.invoke('archive.unlock', { passphrase: FIRST })).toMatchObject({ ok: false })
      expect(await host.invoke('archive.unlock', { passphrase: SECOND })).toMatchObject({ ok: true })

      // Remove: plain again, its backup too, the keychain forgets, and the archive can no longer lock.
      expect(changed(await host.invoke('archive.passphrase.set', { current: SECOND }))).toMatchObject({
        state: { encrypted: false, idleLockMinutes: null },
        backupsConverted: 1,
      })
      expect(archiveEncryption(path)).toBe('plain')
      expect(held.value).toBeUndefined()
      expect(await host.invoke('archive.lock', {})).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' },
      })

      // Each change is in the audit log, without any passphrase.
      const log = await host.invoke('audit.list', {})
      const changes = log.ok ? log.value.entries.filter((e) => e.action === 'archive.passphrase') : []
      expect(changes.map((e) => e.detail)).toEqual([
        expect.objectContaining({ encrypted: false }),
        expect.objectContaining({ encrypted: true }),
        expect.objectContaining({ encrypted: true }),
      ])
      expect(JSON.stringify(log)).not.toContain(FIRST)
      expect(JSON.stringify(log)).not.toContain(SECOND)
    })

    it('refuses to remove a passphrase the archive does not have', async () => {
      const { path } = await plainArchive()
      const host = await start({ archivePath: path })
      expect(await host.invoke('archive.passphrase.set', { current: 'anything' })).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' },
      })
      expect((await host.invoke('articles.list', {})).ok).toBe(true)
    })
  },
)
