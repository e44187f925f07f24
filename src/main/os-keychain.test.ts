import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDir } from '../core/testing/temp-archive'
import { osKeychain, type KeychainBackend } from './os-keychain'

// Electron's safeStorage exists only inside Electron, which cannot run here: this backend seals with a
// reversible transform so the tests can see what reaches the disk. What is tested is Casebook's part —
// which stores are refused, what is written, where, and with which permissions.
function backend(store: ReturnType<KeychainBackend['getSelectedStorageBackend']>, available = true) {
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => store,
    encryptString: (text: string) => Buffer.from(`sealed:${Buffer.from(text).reverse().toString('hex')}`),
    decryptString: (sealed: Buffer) => {
      const text = sealed.toString()
      if (!text.startsWith('sealed:')) throw new Error('cannot decrypt')
      return Buffer.from(text.slice(7), 'hex').reverse().toString()
    },
  } satisfies KeychainBackend
}

const PASSPHRASE = 'correct horse battery staple'
let cleanups: Array<() => void> = []
afterEach(() => {
  for (const c of cleanups) c()
  cleanups = []
})

type Store = ReturnType<KeychainBackend['getSelectedStorageBackend']>

/** A keychain for `archive` in a fresh (or the given) user-data folder. */
function keychainFor(
  store: Store,
  { dir = folder(), archive = 'a.casebook', platform = 'linux' as NodeJS.Platform, available = true } = {},
) {
  const storeFile = join(dir, 'remembered-passphrases.json')
  const keychain = osKeychain({
    backend: backend(store, available),
    storeFile,
    archivePath: join(dir, archive),
    platform,
  })
  return { keychain, storeFile, dir }
}

function folder(): string {
  const { dir, cleanup } = tempDir()
  cleanups.push(cleanup)
  return dir
}

describe('the OS keychain for passphrases', () => {
  it('remembers a passphrase per archive, sealed, in a file only this user can read', () => {
    const { keychain: one, storeFile, dir } = keychainFor('gnome_libsecret')
    const { keychain: two } = keychainFor('gnome_libsecret', { dir, archive: 'b.casebook' })
    expect(one.availability()).toEqual({ available: true, reason: null })
    expect(one.recall()).toBeUndefined()

    one.remember(PASSPHRASE)
    expect(one.recall()).toBe(PASSPHRASE)
    expect(two.recall()).toBeUndefined()
    expect(readFileSync(storeFile, 'utf8')).not.toContain(PASSPHRASE)
    if (process.platform !== 'win32') expect(statSync(storeFile).mode & 0o777).toBe(0o600)

    two.remember('another one')
    one.forget()
    expect(one.recall()).toBeUndefined()
    expect(two.recall()).toBe('another one')
  })

  it("refuses Linux's basic_text store (and a store not known yet) as not secure, and says why", () => {
    for (const store of ['basic_text', 'unknown'] as const) {
      const { keychain } = keychainFor(store)
      expect(keychain.availability()).toEqual({
        available: false,
        reason: expect.stringContaining(store) as unknown,
      })
      expect(() => keychain.remember(PASSPHRASE)).toThrow(/not secure/)
      expect(keychain.recall()).toBeUndefined()
    }
    // macOS and Windows have no such store to ask about: their keychain is the OS's own.
    expect(keychainFor('basic_text', { platform: 'darwin' }).keychain.availability().available).toBe(true)
    const { keychain: none } = keychainFor('kwallet6', { platform: 'win32', available: false })
    expect(none.availability()).toEqual({
      available: false,
      reason: expect.stringMatching(/no keychain/) as unknown,
    })
  })

  it('treats a damaged store, or a passphrase sealed by another keychain, as nothing remembered', () => {
    const { keychain, storeFile } = keychainFor('kwallet5')
    writeFileSync(storeFile, '{ not json')
    expect(keychain.recall()).toBeUndefined()
    keychain.remember(PASSPHRASE)
    expect(keychain.recall()).toBe(PASSPHRASE)
    const store = JSON.parse(readFileSync(storeFile, 'utf8')) as { keys: Record<string, string> }
    for (const key of Object.keys(store.keys))
      store.keys[key] = Buffer.from('other keychain').toString('base64')
    writeFileSync(storeFile, JSON.stringify(store))
    expect(keychain.recall()).toBeUndefined()
  })
})
