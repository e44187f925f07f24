import { join } from 'node:path'
import { flipFuses, FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses'
// FuseState (the byte a fuse holds) is not re-exported from the package's index; @electron/fuses has no
// "exports" map, so this file is its public surface in all but name.
import { FuseState } from '@electron/fuses/dist/constants'

/**
 * The fuses of the packaged app, as Electron's security checklist advises ("Check which fuses you can
 * change"). Fuses are bits in the Electron binary, flipped once at packaging time before signing, so no
 * argument, environment variable or edited file can turn these features back on. The Record type names
 * every fuse @electron/fuses knows: one added by a library update is a type error (and a failing test in
 * fuses-config.test.ts) until someone decides on it here. Nothing here runs in the app; the packaging step
 * (scripts/electron-builder.config.ts, afterPack) calls flipCasebookFuses on the packaged binary.
 */
export const CASEBOOK_FUSES: Readonly<Record<FuseV1Options, boolean>> = {
  // ELECTRON_RUN_AS_NODE would make the signed app a plain Node runtime; the engine is a worker_thread.
  [FuseV1Options.RunAsNode]: false,
  // Cookies on disk are encrypted with an OS-held key; Casebook sets none, so this guards any that appear.
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS could preload arbitrary code (--require) into the main process; Casebook reads none.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  // --inspect and friends would open a debugger port to the main process, which holds the open archive.
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // app.asar is checked against the header hash electron-builder embeds (macOS, Windows): no edited code.
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  // The app loads from app.asar only, never a loose app/ folder beside it that the integrity check misses.
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // Casebook ships no custom V8 snapshot; the browser process keeps the one snapshot Electron ships.
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  // The UI is served from casebook://app/ (app-protocol.ts), so file:// keeps no privileges beyond Chrome's.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
}

/** Every fuse @electron/fuses names, by its index in the fuse wire. */
export function knownFuses(): FuseV1Options[] {
  return Object.values(FuseV1Options).filter((value): value is FuseV1Options => typeof value === 'number')
}

export interface FuseReport {
  /** Fuse wires flipped: 1, or 2 in a macOS universal binary (one per slice). */
  wires: number
  /** Fuses beyond those @electron/fuses names (a newer Electron's), left at Electron's default. */
  unnamedFuses: Array<{ index: number; state: 'on' | 'off' | 'removed' | 'unknown' }>
}

/**
 * Sets CASEBOOK_FUSES on a packaged Electron binary (the Linux executable, the Windows .exe or the macOS
 * .app), then reads the wire back and throws unless every fuse holds the value chosen above. It fails
 * closed: a binary without a fuse wire, one too short for these fuses, or one in which Electron marks a
 * fuse set here as removed (the protection may be gone) stops the packaging instead of shipping.
 * `resetAdHocDarwinSignature` re-signs an unsigned arm64 .app ad hoc, since the flip breaks its signature.
 */
export async function flipCasebookFuses(
  electronBinary: string,
  { resetAdHocDarwinSignature = false }: { resetAdHocDarwinSignature?: boolean } = {},
): Promise<FuseReport> {
  const before = await getCurrentFuseWire(electronBinary)
  const removed = knownFuses().filter((fuse) => before[fuse] === FuseState.REMOVED)
  if (removed.length > 0) {
    const names = removed.map((fuse) => FuseV1Options[fuse]).join(', ')
    throw new Error(
      `This Electron marks the fuse ${names} as removed: decide anew in src/main/fuses-config.ts (${electronBinary})`,
    )
  }
  const wires = await flipFuses(electronBinary, {
    version: FuseVersion.V1,
    resetAdHocDarwinSignature,
    ...CASEBOOK_FUSES,
  })
  const wire = await getCurrentFuseWire(electronBinary)
  const wrong = knownFuses().filter((fuse) => wire[fuse] !== stateOf(CASEBOOK_FUSES[fuse]))
  if (wrong.length > 0) {
    const names = wrong.map((fuse) => `${FuseV1Options[fuse]} (${stateName(wire[fuse])})`).join(', ')
    throw new Error(`The Electron fuses were not all set in ${electronBinary}: ${names}`)
  }
  const unnamedFuses = Object.keys(wire)
    .map(Number)
    .filter((index) => Number.isInteger(index) && !(index in FuseV1Options))
    .map((index) => ({ index, state: stateName(wire[index as FuseV1Options]) }))
  return { wires, unnamedFuses }
}

export interface PackagedApp {
  /** electron-builder's appOutDir: the unpacked app (linux-unpacked, win-unpacked, mac/…). */
  appOutDir: string
  /** electron-builder's electronPlatformName: linux, win32, darwin or mas. */
  platform: string
  /** The product's file name (Casebook): names the Windows .exe and the macOS .app. */
  productFilename: string
  /** The Linux executable's name (electron-builder's executableName). */
  linuxExecutableName: string
}

/** Where electron-builder puts the Electron binary of an unpacked app (@electron/fuses starts from it). */
export function packagedElectronBinary({
  appOutDir,
  platform,
  productFilename,
  linuxExecutableName,
}: PackagedApp): string {
  switch (platform) {
    case 'darwin':
    case 'mas':
      return join(appOutDir, `${productFilename}.app`)
    case 'win32':
      return join(appOutDir, `${productFilename}.exe`)
    case 'linux':
      return join(appOutDir, linuxExecutableName)
    default:
      throw new Error(`No Electron binary known for platform "${platform}"`)
  }
}

function stateOf(enabled: boolean): FuseState {
  return enabled ? FuseState.ENABLE : FuseState.DISABLE
}

function stateName(state: FuseState | undefined): FuseReport['unnamedFuses'][number]['state'] {
  if (state === FuseState.ENABLE) return 'on'
  if (state === FuseState.DISABLE) return 'off'
  if (state === FuseState.REMOVED) return 'removed'
  return 'unknown'
}
