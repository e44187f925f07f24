import { isAbsolute, join, resolve } from 'node:path'
import { DEFAULT_ARCHIVE_FILE } from '../core/default-archive-path'
import { archiveEncryption, normalisePassphrase } from '../core/db/encryption-state'

/** Environment variable through which scripts/start-electron.mjs hands main the Electron build of the driver. */
export const NATIVE_BINDING_ENV = 'CASEBOOK_NATIVE_BINDING'
/**
 * As in the CLI and the browser shell: opens an encrypted archive without its unlock screen (scripts, the
 * e2e tests). Harmless to keep: without it the app starts locked and asks in the window.
 */
export const PASSPHRASE_ENV = 'CASEBOOK_PASSPHRASE'

export interface LaunchOptions {
  /** Absolute path of the archive to open. */
  archivePath: string
  /** True when the path is the per-user default (its folder may be created; an explicit path's may not). */
  isDefaultArchive: boolean
  /** Absolute path of the SQLite driver's addon built for Electron's ABI, when the start script provided one. */
  nativeBinding?: string
  /**
   * The archive's passphrase from CASEBOOK_PASSPHRASE, kept only when the archive is encrypted or new (a
   * plain archive opens as it is). Absent, an encrypted archive starts locked (src/core/host/archive-host.ts).
   */
  passphrase?: string
}

export interface LaunchContext {
  argv: readonly string[]
  env: Readonly<Record<string, string | undefined>>
  cwd: string
  /** Electron's `app.getPath('userData')`; passed in so this module stays free of electron. */
  userDataDir: string
  /**
   * Electron's `app.isPackaged`. A packaged app ignores CASEBOOK_NATIVE_BINDING: whoever can set a variable
   * must not be able to make the signed app load a native library of their choice (the hole the
   * NODE_OPTIONS fuse closes); a package carries its own build of the driver.
   */
  isPackaged?: boolean
}

/**
 * Reads `--archive <file>` or `--archive=<file>` from anywhere in argv: Electron and Chromium put their own
 * arguments (the executable, the app folder, switches) in front, so position means nothing.
 * Throws an Error with a message fit for a dialog when the flag has no value.
 */
export function parseLaunchOptions({
  argv,
  env,
  cwd,
  userDataDir,
  isPackaged,
}: LaunchContext): LaunchOptions {
  const archive = readFlag(argv, '--archive')
  const binding = isPackaged ? undefined : env[NATIVE_BINDING_ENV]?.trim()
  const archivePath = archive === undefined ? join(userDataDir, DEFAULT_ARCHIVE_FILE) : absolute(archive, cwd)
  const passphrase = normalisePassphrase(env[PASSPHRASE_ENV])
  const keyed = passphrase !== undefined && archiveEncryption(archivePath) !== 'plain'
  return {
    archivePath,
    isDefaultArchive: archive === undefined,
    ...(binding ? { nativeBinding: absolute(binding, cwd) } : {}),
    ...(keyed ? { passphrase } : {}),
  }
}

function readFlag(argv: readonly string[], flag: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (arg === '--') break
    let value: string | undefined
    if (arg === flag) value = argv[i + 1]
    else if (arg.startsWith(`${flag}=`)) value = arg.slice(flag.length + 1)
    else continue
    if (value === undefined || value === '' || (arg === flag && value.startsWith('--'))) {
      throw new Error(`${flag} needs a file name, for example: ${flag} my-case.casebook`)
    }
    return value
  }
  return undefined
}

function absolute(path: string, cwd: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path)
}
