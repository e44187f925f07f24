import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { SafeStorage } from 'electron'
import type { ArchiveKeychain } from '../core/host/archive-keychain'

/** What of Electron's safeStorage this module uses (tests pass their own; see os-keychain.test.ts). */
export type KeychainBackend = Pick<
  SafeStorage,
  'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'
>

/** Linux stores that give no protection: `basic_text` uses a key built into Chromium; `unknown` is pre-ready. */
const INSECURE_LINUX_STORES = new Set(['basic_text', 'unknown'])

interface StoreFile {
  version: 1
  /** Archive path → the passphrase as safeStorage encrypted it, base64. Never the passphrase itself. */
  keys: Record<string, string>
}

export interface OsKeychainOptions {
  backend: KeychainBackend
  /** A file in the user-data folder holding the encrypted passphrases of every remembered archive. */
  storeFile: string
  archivePath: string
  platform?: NodeJS.Platform
}

/**
 * "Remember the passphrase on this computer" (issue 6) through Electron's safeStorage, which encrypts with a
 * key the OS keychain guards (macOS Keychain, Windows DPAPI, GNOME libsecret or KWallet). On Linux without
 * such a store safeStorage falls back to `basic_text`, whose key is the same on every machine: a passphrase
 * stored that way would be as good as written down, so Casebook refuses it and says why.
 */
export function osKeychain(options: OsKeychainOptions): ArchiveKeychain {
  const { backend, storeFile } = options
  const platform = options.platform ?? process.platform
  const archive = resolve(options.archivePath)

  const availability = () => {
    if (!backend.isEncryptionAvailable())
      return { available: false, reason: 'this computer offers Casebook no keychain' }
    if (platform === 'linux') {
      const store = backend.getSelectedStorageBackend()
      if (INSECURE_LINUX_STORES.has(store))
        return {
          available: false,
          reason: `the only store found is "${store}", which is not secure (no GNOME Keyring or KWallet is running)`,
        }
    }
    return { available: true, reason: null }
  }

  const read = (): StoreFile => {
    if (!existsSync(storeFile)) return { version: 1, keys: {} }
    try {
      const parsed = JSON.parse(readFileSync(storeFile, 'utf8')) as Partial<StoreFile>
      const keys = parsed.keys && typeof parsed.keys === 'object' ? parsed.keys : {}
      return {
        version: 1,
        keys: Object.fromEntries(Object.entries(keys).filter(([, v]) => typeof v === 'string')),
      }
    } catch {
      // A damaged store costs only the convenience: the archive asks for its passphrase again.
      return { version: 1, keys: {} }
    }
  }

  /** Written beside and renamed over, readable by this user only. */
  const write = (store: StoreFile) => {
    const temp = `${storeFile}.writing`
    writeFileSync(temp, JSON.stringify(store, null, 2), { mode: 0o600 })
    chmodSync(temp, 0o600)
    renameSync(temp, storeFile)
  }

  return {
    availability,
    recall() {
      if (!availability().available) return undefined
      const sealed = read().keys[archive]
      if (sealed === undefined) return undefined
      try {
        return backend.decryptString(Buffer.from(sealed, 'base64'))
      } catch {
        // Sealed under another user's or a reset keychain: as good as not remembered.
        return undefined
      }
    },
    remember(passphrase) {
      if (!availability().available) throw new Error(availability().reason ?? 'no keychain')
      const store = read()
      store.keys[archive] = backend.encryptString(passphrase).toString('base64')
      write(store)
    },
    forget() {
      const store = read()
      if (!(archive in store.keys)) return
      delete store.keys[archive]
      write(store)
    },
  }
}
