// What the Electron shell needs before it can start, shared by scripts/start-electron.mjs and the
// Electron e2e spec: the Electron binary, and the SQLite driver's addon (better-sqlite3-multiple-ciphers)
// built for Electron's ABI, living apart from the Node one (tests run in Node from the same checkout;
// DESIGN.md, Storage).
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
/** Read by src/main/launch-options.ts; main passes it to the engine as the driver's nativeBinding. */
export const NATIVE_BINDING_ENV = 'CASEBOOK_NATIVE_BINDING'
export const NATIVE_DIR = join(PROJECT_ROOT, '.electron-native')

const ELECTRON_DIR = join(PROJECT_ROOT, 'node_modules', 'electron')
/** The archive driver: better-sqlite3's API over SQLite3 Multiple Ciphers (encrypted archives). */
const SQLITE_PACKAGE = 'better-sqlite3-multiple-ciphers'
const SQLITE_SOURCE_DIR = join(PROJECT_ROOT, 'node_modules', SQLITE_PACKAGE)
const SQLITE_BUILD_DIR = join(NATIVE_DIR, SQLITE_PACKAGE)
const STAMP_FILE = join(SQLITE_BUILD_DIR, 'casebook-electron-build.json')
export const NATIVE_BUILD_LOG = join(NATIVE_DIR, 'build.log')
export const NATIVE_BINDING_FILE = join(SQLITE_BUILD_DIR, 'build', 'Release', 'better_sqlite3.node')

export function electronVersion() {
  return readJson(join(ELECTRON_DIR, 'package.json')).version
}

/** The Electron executable if it has been downloaded, else null (the npm package alone has no binary). */
export function electronBinaryPath() {
  const pathFile = join(ELECTRON_DIR, 'path.txt')
  if (!existsSync(pathFile)) return null
  const relative = readFileSync(pathFile, 'utf8').trim()
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(ELECTRON_DIR, 'dist')
  const binary = join(distDir, relative)
  return relative && existsSync(binary) ? binary : null
}

/**
 * Returns the Electron executable, trying Electron's own downloader once when it is missing. The
 * downloader's output (a stack trace when there is no network) is kept out of the user's terminal.
 */
export function ensureElectronBinary() {
  const present = electronBinaryPath()
  if (present) return present
  spawnSync(process.execPath, [join(ELECTRON_DIR, 'install.js')], {
    cwd: ELECTRON_DIR,
    stdio: 'pipe',
    timeout: 5 * 60_000,
  })
  return electronBinaryPath()
}

/**
 * Makes sure .electron-native/better-sqlite3-multiple-ciphers holds the driver built for this Electron
 * (version, platform, arch), building it from a copy of node_modules/better-sqlite3-multiple-ciphers when
 * needed; node_modules keeps its Node build. The stamp names the package, so a build of the former driver
 * (plain better-sqlite3, in its own folder) is never taken for this one. Tries a published prebuild first
 * and compiles with node-gyp against Electron's headers otherwise, the same order as the driver's own
 * install script. Returns { ok, bindingPath } or { ok: false, reason }.
 */
export function ensureElectronNativeBuild() {
  const wanted = {
    electron: electronVersion(),
    driver: SQLITE_PACKAGE,
    driverVersion: readJson(join(SQLITE_SOURCE_DIR, 'package.json')).version,
    platform: process.platform,
    arch: process.arch,
  }
  if (existsSync(NATIVE_BINDING_FILE) && existsSync(STAMP_FILE)) {
    const stamp = readJson(STAMP_FILE)
    if (Object.entries(wanted).every(([key, value]) => stamp[key] === value)) {
      return { ok: true, bindingPath: NATIVE_BINDING_FILE }
    }
  }

  rmSync(SQLITE_BUILD_DIR, { recursive: true, force: true })
  mkdirSync(NATIVE_DIR, { recursive: true })
  // The copy leaves out the Node build (build/) so nothing of the wrong ABI can be mistaken for ours.
  const skipped = [join(SQLITE_SOURCE_DIR, 'build'), join(SQLITE_SOURCE_DIR, 'node_modules')]
  cpSync(SQLITE_SOURCE_DIR, SQLITE_BUILD_DIR, {
    recursive: true,
    filter: (source) => !skipped.some((dir) => source === dir || source.startsWith(dir + sep)),
  })

  const target = [`--runtime=electron`, `--target=${wanted.electron}`, `--arch=${wanted.arch}`]
  const log = []
  const run = (label, args) => {
    const result = spawnSync(process.execPath, args, {
      cwd: SQLITE_BUILD_DIR,
      encoding: 'utf8',
      stdio: 'pipe',
      timeout: 20 * 60_000,
      maxBuffer: 64 * 1024 * 1024,
    })
    log.push(
      `$ ${label} ${args.slice(1).join(' ')}`,
      result.stdout ?? '',
      result.stderr ?? '',
      String(result.error ?? ''),
    )
    return result.status === 0 && existsSync(NATIVE_BINDING_FILE)
  }

  const prebuildInstall = resolveFrom(SQLITE_SOURCE_DIR, 'prebuild-install/bin.js')
  let built =
    prebuildInstall !== null &&
    run('prebuild-install', [prebuildInstall, ...target, `--platform=${wanted.platform}`])
  if (!built) {
    const nodeGyp = findNodeGyp()
    if (nodeGyp === null) log.push('node-gyp not found (npm ships one; run this through npm start)')
    else
      built = run('node-gyp', [
        nodeGyp,
        'rebuild',
        '--release',
        ...target,
        '--dist-url=https://electronjs.org/headers',
      ])
  }
  writeFileSync(NATIVE_BUILD_LOG, log.join('\n'))
  if (!built) return { ok: false, reason: `see ${NATIVE_BUILD_LOG}` }
  writeFileSync(STAMP_FILE, `${JSON.stringify(wanted, null, 2)}\n`)
  return { ok: true, bindingPath: NATIVE_BINDING_FILE }
}

/**
 * Runs `electron-vite build` (main + worker, preload, renderer). `outDir` defaults to out/, which
 * package.json's "main" points at; the e2e spec builds elsewhere so it never empties the out/renderer
 * that the browser-shell spec is serving at the same time. Returns the process's exit status.
 */
export function buildElectronBundles({ outDir, stdio = 'inherit' } = {}) {
  const cli = join(PROJECT_ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js')
  const args = [cli, 'build', '--logLevel', 'warn', ...(outDir ? ['--outDir', outDir] : [])]
  return spawnSync(process.execPath, args, { cwd: PROJECT_ROOT, stdio, encoding: 'utf8' })
}

/** npm exports the path of the node-gyp it bundles to scripts; otherwise look where npm installs it. */
function findNodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    resolveFrom(PROJECT_ROOT, 'node-gyp/bin/node-gyp.js'),
    join(
      dirname(process.execPath),
      '..',
      'lib',
      'node_modules',
      'npm',
      'node_modules',
      'node-gyp',
      'bin',
      'node-gyp.js',
    ),
    join(dirname(process.execPath), 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ]
  return candidates.find((candidate) => candidate && existsSync(candidate)) ?? null
}

function resolveFrom(dir, request) {
  try {
    return createRequire(join(dir, 'package.json')).resolve(request)
  } catch {
    return null
  }
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'))
}
