// `npm run package`: builds the bundles (electron-vite), then electron-builder packages them with
// scripts/electron-builder.config.ts, which flips the Electron fuses (src/main/fuses-config.ts) in afterPack.
// Arguments go to electron-builder as they are: npm run package -- --linux AppImage
// It needs network: electron-builder downloads Electron and its packaging tools, and the SQLite driver is
// rebuilt for Electron.
//
// electron-builder rebuilds that driver for Electron inside node_modules, where the Node build lives that
// the tests, the CLI and the browser shell load (README, "Two builds of the SQLite driver"). That build is
// kept aside while electron-builder runs and put back afterwards, whatever happened.
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { buildElectronBundles, NATIVE_DIR, PROJECT_ROOT } from './electron-runtime.mjs'

const DRIVER_BUILD = join(PROJECT_ROOT, 'node_modules', 'better-sqlite3-multiple-ciphers', 'build')
const KEPT_BUILD = join(NATIVE_DIR, 'node-build-kept-while-packaging')
const BUILDER_CLI = join(PROJECT_ROOT, 'node_modules', 'electron-builder', 'cli.js')

function restoreNodeBuild() {
  if (!existsSync(KEPT_BUILD)) return
  rmSync(DRIVER_BUILD, { recursive: true, force: true })
  renameSync(KEPT_BUILD, DRIVER_BUILD)
}

// A copy left by a run that was killed before it could put the Node build back.
restoreNodeBuild()

const bundles = buildElectronBundles()
if (bundles.status !== 0) {
  console.error('Casebook: the app could not be built (electron-vite build failed, see above).')
  process.exit(1)
}

mkdirSync(NATIVE_DIR, { recursive: true })
if (existsSync(DRIVER_BUILD)) cpSync(DRIVER_BUILD, KEPT_BUILD, { recursive: true, verbatimSymlinks: true })
// npm hands its `nodedir` setting to scripts; node-gyp would then build the driver against that Node's
// headers instead of Electron's, whatever target it is given.
const env = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => name.toLowerCase() !== 'npm_config_nodedir'),
)
// Ctrl+C reaches electron-builder too: let it stop, then put the Node build back before exiting.
process.on('SIGINT', () => {})
let status = 1
try {
  const builder = spawnSync(
    process.execPath,
    [BUILDER_CLI, '--config', 'scripts/electron-builder.config.ts', ...process.argv.slice(2)],
    { cwd: PROJECT_ROOT, stdio: 'inherit', env },
  )
  status = builder.status ?? 1
} finally {
  restoreNodeBuild()
}
process.exit(status)
