/**
 * Where the desktop app keeps an encrypted archive's passphrase between runs when the user asks it to (the
 * OS keychain through Electron's safeStorage: src/main/os-keychain.ts), bound to one archive. The host
 * needs no more than this, so it stays free of Electron.
 */
export interface ArchiveKeychain {
  /** Whether a passphrase can be kept here; `reason` says why not. */
  availability(): { available: boolean; reason: string | null }
  /** The remembered passphrase, or undefined (none, or it can no longer be decrypted). */
  recall(): string | undefined
  remember(passphrase: string): void
  forget(): void
}
