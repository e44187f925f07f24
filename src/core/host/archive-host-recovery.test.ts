import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { BackupInfo } from '../../shared/backups'
import type { LockState } from '../../shared/lock-state'
import { backupFolder, listBackupFiles } from '../backup/backup-files'
import { openEngine } from '../engine'
import { damageTable } from '../testing/damage'
import { importBytes, ownFixture, tempDir } from '../testing/temp-archive'
import type { ArchiveKeychain } from './archive-keychain'
import { startArchiveHost, type ArchiveHost, type ArchiveHostOptions } from './archive-host'

const workerFile = resolve(import.meta.dirname, 'worker.ts')
const PASSPHRASE = 'correct horse battery staple'
const FIXTURES = ['harbour-strike.txt', 'field-notes.md', 'almaty-ru.txt', 'saved-page.html']

let cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanups) await c()
  cleanups = []
})

/** An archive of several pages with one good backup, closed again. */
async function archiveWithBackup(passphrase?: string): Promise<{ path: string; backup: string }> {
  const { dir, cleanup } = tempDir()
  cleanups.push(cleanup)
  const path = join(dir, 'a.casebook')
  const engine = openEngine(path, { passphrase })
  for (const name of FIXTURES) importBytes(engine, name, ownFixture(name))
  const made = await engine.dispatchAsync('backups.create', {})
  engine.close()
  if (!made.ok) throw new Error(made.error.message)
  return { path, backup: (made.value as BackupInfo).file }
}

/** Overwrites bytes of a file with a pattern no SQLite page has, as a failing disk would. */
function scribble(file: string, offset: number, length: number): void {
  const fd = openSync(file, 'r+')
  writeSync(fd, Buffer.alloc(length, 0xa5), 0, length, offset)
  closeSync(fd)
}

async function start(options: Omit<ArchiveHostOptions, 'workerFile'>): Promise<ArchiveHost> {
  const host = await startArchiveHost({ workerFile, wrongPassphraseDelayMs: 5, ...options })
  cleanups.unshift(() => host.close())
  return host
}

function stateOf(envelope: { ok: boolean; value?: unknown }): LockState {
  expect(envelope.ok).toBe(true)
  return envelope.value as LockState
}

describe('the archive host: a refused archive and its backups', { timeout: 180_000 }, () => {
  it('stays refused without writing, says why, offers the latest good backup, and restores it', async () => {
    const { path, backup } = await archiveWithBackup()
    damageTable(path, 'articles')
    const damaged = readFileSync(path)

    const host = await start({ archivePath: path })
    const refused = stateOf(await host.invoke('archive.lockState', {}))
    expect(refused).toMatchObject({ state: 'refused', encrypted: false })
    expect(refused.recovery?.reason).toMatch(/damaged/i)
    expect(refused.recovery?.reason).toContain(path)
    expect(refused.recovery?.latestGood).toBe(backup)
    expect(refused.recovery?.backups).toEqual([expect.objectContaining({ file: backup, ok: true })])

    // Nothing reaches the archive: each operation says why, and the file is as it was.
    for (const [channel, input] of [
      ['articles.list', {}],
      ['import.file', { name: 'x.txt', contentBase64: Buffer.from('words').toString('base64') }],
      ['archive.unlock', { passphrase: 'anything' }],
    ] as const) {
      expect(await host.invokeRaw(channel, input)).toMatchObject({
        ok: false,
        error: { code: 'archive_refused', message: expect.stringMatching(/damaged/i) as unknown },
      })
    }
    // Only a listed backup can be restored: no other file on the disk is copied over the archive.
    expect(
      await host.invoke('archive.recover', { file: join(path, '..', 'elsewhere.casebook') }),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } })
    expect(readFileSync(path).equals(damaged)).toBe(true)

    // The restore: the archive opens with the backup's articles, the damaged file is kept, and the restore
    // is the newest entry of the restored archive's audit log.
    const opened = stateOf(await host.invoke('archive.recover', { file: backup }))
    expect(opened).toMatchObject({ state: 'open', recovery: null })
    const listed = await host.invoke('articles.list', {})
    expect(listed.ok && listed.value.length).toBe(FIXTURES.length)
    const kept = listBackupFiles(backupFolder(path)).filter((b) => b.beforeRestore)
    expect(kept).toHaveLength(1)
    expect(readFileSync(kept[0]?.file ?? '').equals(damaged)).toBe(true)
    const log = await host.invoke('audit.list', {})
    expect(log.ok && log.value.entries[0]?.action).toBe('backup.restore')
  })

  it('a damaged encrypted archive: refused once unlocked, restored only with the right passphrase', async () => {
    const { path, backup } = await archiveWithBackup(PASSPHRASE)
    damageTable(path, 'articles', PASSPHRASE)
    const waits: number[] = []
    const host = await start({ archivePath: path, sleep: async (ms) => void waits.push(ms) })

    // Locked, its backups are listed by name and date only: without the key nothing can be looked at.
    const locked = stateOf(await host.invoke('archive.lockState', {}))
    expect(locked).toMatchObject({ state: 'locked', recovery: { reason: null, latestGood: null } })
    expect(locked.recovery?.backups).toEqual([expect.objectContaining({ file: backup, ok: null })])

    const refused = stateOf(await host.invoke('archive.unlock', { passphrase: PASSPHRASE }))
    expect(refused).toMatchObject({ state: 'refused', encrypted: true, recovery: { latestGood: backup } })

    expect(await host.invoke('archive.recover', { file: backup })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: /passphrase/ },
    })
    expect(await host.invoke('archive.recover', { file: backup, passphrase: 'a guess' })).toMatchObject({
      ok: false,
      error: { code: 'locked', message: /does not open this backup/ },
    })
    expect(waits).toEqual([5])
    expect(listBackupFiles(backupFolder(path)).filter((b) => b.beforeRestore)).toEqual([])

    expect(
      stateOf(await host.invoke('archive.recover', { file: backup, passphrase: PASSPHRASE })),
    ).toMatchObject({
      state: 'open',
      encrypted: true,
    })
    const listed = await host.invoke('articles.list', {})
    expect(listed.ok && listed.value.length).toBe(FIXTURES.length)
  })

  it('a plain archive whose first page was wiped looks encrypted; its plain backup restores without a passphrase', async () => {
    const { path, backup } = await archiveWithBackup()
    scribble(path, 0, 4096)
    const host = await start({ archivePath: path })
    expect(host.lockState()).toMatchObject({ state: 'locked', encrypted: true })

    expect(stateOf(await host.invoke('archive.recover', { file: backup }))).toMatchObject({
      state: 'open',
      encrypted: false,
    })
    expect(existsSync(`${path}.backups`)).toBe(true)
    const listed = await host.invoke('articles.list', {})
    expect(listed.ok && listed.value.length).toBe(FIXTURES.length)
  })

  it('refuses a restore while the archive is open: that is the Backups dialog’s job', async () => {
    const { path, backup } = await archiveWithBackup()
    const host = await start({ archivePath: path })
    expect(await host.invoke('archive.recover', { file: backup })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: /open/ },
    })
  })
})

/** A keychain in memory, standing in for the OS one (src/main/os-keychain.ts, tested on its own). */
function memoryKeychain(available = true): ArchiveKeychain & { held: string | undefined } {
  const keychain = {
    held: undefined as string | undefined,
    availability: () =>
      available ? { available, reason: null } : { available, reason: 'basic_text is not secure' },
    recall: () => keychain.held,
    remember: (passphrase: string) => {
      keychain.held = passphrase
    },
    forget: () => {
      keychain.held = undefined
    },
  }
  return keychain
}

describe('the archive host: a passphrase remembered in the keychain', { timeout: 180_000 }, () => {
  it('remembers when asked, opens with it next time, and forgets it when asked or when it no longer opens', async () => {
    const { path } = await archiveWithBackup(PASSPHRASE)
    const keychain = memoryKeychain()
    const first = await start({ archivePath: path, keychain })
    expect(first.lockState().keychain).toEqual({ available: true, reason: null, remembered: false })
    stateOf(await first.invoke('archive.unlock', { passphrase: PASSPHRASE, remember: true }))
    expect(keychain.held).toBe(PASSPHRASE)
    expect(first.lockState().keychain.remembered).toBe(true)
    await first.close()

    const second = await start({ archivePath: path, keychain })
    expect(second.lockState().state).toBe('open')
    expect(stateOf(await second.invoke('archive.keychain.forget', {})).keychain.remembered).toBe(false)
    await second.close()

    const third = await start({ archivePath: path, keychain })
    expect(third.lockState().state).toBe('locked')
    await third.close()

    // A remembered passphrase that no longer opens the archive (changed elsewhere) is dropped.
    keychain.held = 'an old passphrase'
    const fourth = await start({ archivePath: path, keychain })
    expect(fourth.lockState().state).toBe('locked')
    expect(keychain.held).toBeUndefined()
  })

  it('never stores a passphrase where the keychain is not secure, and says why', async () => {
    const { path } = await archiveWithBackup(PASSPHRASE)
    const keychain = memoryKeychain(false)
    const host = await start({ archivePath: path, keychain })
    expect(host.lockState().keychain).toEqual({
      available: false,
      reason: 'basic_text is not secure',
      remembered: false,
    })
    stateOf(await host.invoke('archive.unlock', { passphrase: PASSPHRASE, remember: true }))
    expect(keychain.held).toBeUndefined()
  })
})
