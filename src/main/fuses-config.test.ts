import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses'
import { FuseState, SENTINEL } from '@electron/fuses/dist/constants'
import { afterEach, describe, expect, it } from 'vitest'
import { electronBinaryPath } from '../../scripts/electron-runtime.mjs'
import { tempDir } from '../core/testing/temp-archive'
import { CASEBOOK_FUSES, flipCasebookFuses, knownFuses, packagedElectronBinary } from './fuses-config'

/** What the security checklist asks of each fuse, written out again so a change to the config is deliberate. */
const INTENDED: Record<keyof typeof FuseV1Options, 'on' | 'off'> = {
  RunAsNode: 'off',
  EnableCookieEncryption: 'on',
  EnableNodeOptionsEnvironmentVariable: 'off',
  EnableNodeCliInspectArguments: 'off',
  EnableEmbeddedAsarIntegrityValidation: 'on',
  OnlyLoadAppFromAsar: 'on',
  LoadBrowserProcessSpecificV8Snapshot: 'off',
  GrantFileProtocolExtraPrivileges: 'off',
}

/** Electron's own defaults (its build/fuses/fuses.json5), in wire order: what an unflipped binary holds. */
const ELECTRON_DEFAULT_WIRE = '10110001'
const ON = FuseState.ENABLE
const OFF = FuseState.DISABLE

const namedFuses = Object.values(FuseV1Options).filter((v): v is FuseV1Options => typeof v === 'number')

/**
 * A stand-in for an Electron binary in the layout @electron/fuses reads (dist/index.js, setFuseWire): the
 * sentinel, one byte for the wire's version (1), one for its length, then one ASCII '0' / '1' / 'r' per
 * fuse, amid other bytes. `slices` repeats it, as in a macOS universal binary (two architectures).
 */
function fakeElectron(wire: string, slices = 1): Buffer {
  const slice = Buffer.concat([
    Buffer.from('\x7fELF…machine code before the wire…'),
    Buffer.from(SENTINEL, 'ascii'),
    Buffer.from([1, wire.length]),
    Buffer.from(wire, 'ascii'),
    Buffer.from('…and after it.'),
  ])
  return Buffer.concat(Array.from({ length: slices }, () => slice))
}

function expectCasebookFuses(wire: Awaited<ReturnType<typeof getCurrentFuseWire>>): void {
  expect(wire.version).toBe('1')
  for (const [name, value] of Object.entries(INTENDED)) {
    const fuse = FuseV1Options[name as keyof typeof FuseV1Options]
    expect({ fuse: name, state: wire[fuse] }).toEqual({ fuse: name, state: value === 'on' ? ON : OFF })
  }
}

let cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups) cleanup()
  cleanups = []
})
function scratch(): string {
  const { dir, cleanup } = tempDir('casebook-fuses-')
  cleanups.push(cleanup)
  return dir
}

describe('CASEBOOK_FUSES', () => {
  it('decides every fuse the installed @electron/fuses knows, so a new one fails here until decided', () => {
    expect(Object.keys(CASEBOOK_FUSES).map(Number).sort()).toEqual([...namedFuses].sort())
    expect(knownFuses().sort()).toEqual([...namedFuses].sort())
    expect(Object.keys(INTENDED).sort()).toEqual(namedFuses.map((fuse) => FuseV1Options[fuse]).sort())
  })

  it('holds the values the security checklist advises', () => {
    for (const [name, value] of Object.entries(INTENDED)) {
      expect({ name, on: CASEBOOK_FUSES[FuseV1Options[name as keyof typeof FuseV1Options]] }).toEqual({
        name,
        on: value === 'on',
      })
    }
  })
})

describe('flipCasebookFuses, through the real @electron/fuses', () => {
  // node_modules/electron/dist has no binary where Electron could not be downloaded (no network), as on
  // CI here: the synthetic binaries below stand in for it, and this test runs where the real one exists.
  const realElectron = electronBinaryPath()
  it.skipIf(realElectron === null)('sets every fuse on a copy of the real Electron binary', async () => {
    const source = realElectron as string
    const dir = scratch()
    // On macOS the fuses live in the framework inside Electron.app, so the whole bundle is copied.
    const appRoot = source.includes('.app') ? source.slice(0, source.indexOf('.app') + '.app'.length) : null
    const copy = join(dir, appRoot ? 'Electron.app' : 'electron-binary')
    cpSync(appRoot ?? source, copy, { recursive: true, verbatimSymlinks: true })
    await flipCasebookFuses(copy)
    expectCasebookFuses(await getCurrentFuseWire(copy))
  })

  it("sets every fuse on a binary holding Electron's defaults", async () => {
    const binary = join(scratch(), 'casebook')
    writeFileSync(binary, fakeElectron(ELECTRON_DEFAULT_WIRE))
    const report = await flipCasebookFuses(binary)
    expect(report).toEqual({ wires: 1, unnamedFuses: [] })
    expectCasebookFuses(await getCurrentFuseWire(binary))
  })

  it('writes each fuse, from a binary holding the opposite of every choice', async () => {
    const binary = join(scratch(), 'casebook')
    const opposite = namedFuses.map((fuse) => (CASEBOOK_FUSES[fuse] ? '0' : '1')).join('')
    writeFileSync(binary, fakeElectron(opposite))
    await flipCasebookFuses(binary)
    expectCasebookFuses(await getCurrentFuseWire(binary))
    // Only the wire changed: the bytes around it are as they were.
    const before = fakeElectron(opposite)
    const after = readFileSync(binary)
    const wireStart = before.indexOf(SENTINEL) + SENTINEL.length + 2
    expect(after.subarray(0, wireStart)).toEqual(before.subarray(0, wireStart))
    expect(after.subarray(wireStart + opposite.length)).toEqual(before.subarray(wireStart + opposite.length))
  })

  it("leaves a fuse the library cannot name (a newer Electron's) at Electron's default, and reports it", async () => {
    const binary = join(scratch(), 'casebook')
    writeFileSync(binary, fakeElectron(`${ELECTRON_DEFAULT_WIRE}1`))
    const report = await flipCasebookFuses(binary)
    expect(report.unnamedFuses).toEqual([{ index: namedFuses.length, state: 'on' }])
    const wire = await getCurrentFuseWire(binary)
    expectCasebookFuses(wire)
    expect(wire[namedFuses.length as FuseV1Options]).toBe(ON)
  })

  it('sets both slices of a macOS universal app, found from the .app the way electron-builder names it', async () => {
    const appOutDir = scratch()
    const app = packagedElectronBinary({
      appOutDir,
      platform: 'darwin',
      productFilename: 'Casebook',
      linuxExecutableName: 'casebook',
    })
    const framework = join(app, 'Contents/Frameworks/Electron Framework.framework/Electron Framework')
    mkdirSync(dirname(framework), { recursive: true })
    writeFileSync(framework, fakeElectron(ELECTRON_DEFAULT_WIRE, 2))
    const report = await flipCasebookFuses(app)
    expect(report.wires).toBe(2)
    const bytes = readFileSync(framework)
    // getCurrentFuseWire reads the first wire; the second slice is read the same way from a file of its own.
    const secondSlice = join(appOutDir, 'second-slice')
    writeFileSync(secondSlice, bytes.subarray(bytes.lastIndexOf(SENTINEL)))
    expectCasebookFuses(await getCurrentFuseWire(app))
    expectCasebookFuses(await getCurrentFuseWire(secondSlice))
  })

  it('stops, and leaves the binary as it was, when Electron marks a fuse it sets as removed', async () => {
    const binary = join(scratch(), 'casebook')
    const at = FuseV1Options.OnlyLoadAppFromAsar
    const original = fakeElectron(
      `${ELECTRON_DEFAULT_WIRE.slice(0, at)}r${ELECTRON_DEFAULT_WIRE.slice(at + 1)}`,
    )
    writeFileSync(binary, original)
    await expect(flipCasebookFuses(binary)).rejects.toThrow(/fuse OnlyLoadAppFromAsar as removed/)
    expect(readFileSync(binary)).toEqual(original)
  })

  it("stops when the binary's wire is too short for the fuses set here (an Electron older than the config)", async () => {
    const binary = join(scratch(), 'casebook')
    writeFileSync(binary, fakeElectron(ELECTRON_DEFAULT_WIRE.slice(0, -1)))
    await expect(flipCasebookFuses(binary)).rejects.toThrow(/not long enough/)
  })

  it('refuses a file that is not an Electron binary', async () => {
    const binary = join(scratch(), 'not-electron')
    writeFileSync(binary, 'just some bytes')
    await expect(flipCasebookFuses(binary)).rejects.toThrow(/Could not find sentinel/)
  })
})

describe('packagedElectronBinary', () => {
  const app = {
    appOutDir: '/build/dist/x-unpacked',
    productFilename: 'Casebook',
    linuxExecutableName: 'casebook',
  }

  it('names the executable electron-builder writes on each platform', () => {
    expect(packagedElectronBinary({ ...app, platform: 'linux' })).toBe('/build/dist/x-unpacked/casebook')
    expect(packagedElectronBinary({ ...app, platform: 'win32' })).toBe('/build/dist/x-unpacked/Casebook.exe')
    expect(packagedElectronBinary({ ...app, platform: 'darwin' })).toBe('/build/dist/x-unpacked/Casebook.app')
    expect(packagedElectronBinary({ ...app, platform: 'mas' })).toBe('/build/dist/x-unpacked/Casebook.app')
  })

  it('refuses a platform it does not know rather than flipping nothing', () => {
    expect(() => packagedElectronBinary({ ...app, platform: 'aix' })).toThrow(/aix/)
  })
})
