// electron-builder's configuration for `npm run package` (scripts/package.mjs passes it with --config;
// electron-builder loads a .ts config itself, through jiti). Its output goes to dist/.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Arch, type Configuration } from 'electron-builder'
import { flipCasebookFuses, packagedElectronBinary } from '../src/main/fuses-config'

/** The Linux executable's name, set here so that the afterPack hook below knows where the binary is. */
const LINUX_EXECUTABLE = 'casebook'
const DRIVER_ADDON = 'node_modules/better-sqlite3-multiple-ciphers/build/Release/better_sqlite3.node'

/**
 * An addon names the ABI it was built for in its entry symbol (node_register_module_v<ABI>). One that names
 * the ABI of the Node running this build was not rebuilt for Electron and would fail to load in the app:
 * stop rather than ship it (an npm `nodedir` setting, for one, makes node-gyp build against Node's headers).
 */
function refuseNodeBuiltDriver(resourcesDir: string): void {
  const addon = join(resourcesDir, 'app.asar.unpacked', DRIVER_ADDON)
  if (readFileSync(addon).includes(`node_register_module_v${process.versions.modules}\0`)) {
    throw new Error(
      `${addon} is built for Node ${process.version}, not for Electron: the app could not open archives`,
    )
  }
}

const config: Configuration = {
  directories: { output: 'dist', buildResources: 'resources' },
  // The electron-vite bundles only; electron-builder adds package.json and the production dependencies
  // itself (the main and worker bundles load them from node_modules at run time). Of the SQLite driver only
  // lib/ and the addon are needed: its C sources and build leftovers (about 30 MB) stay out.
  files: [
    'out/**/*',
    '!node_modules/better-sqlite3-multiple-ciphers/{deps,src}/**',
    '!node_modules/better-sqlite3-multiple-ciphers/build/{deps,Release/obj,Release/obj.target,Release/.deps}/**',
    '!node_modules/better-sqlite3-multiple-ciphers/build/Release/{test_extension.node,*.a}',
  ],
  asar: true,
  // The SQLite driver's addon cannot be loaded from inside an archive: it is kept beside it, in
  // app.asar.unpacked, and Electron redirects the driver's own lookup (bindings, from node_modules inside
  // app.asar) there. No nativeBinding is passed in a packaged app (CASEBOOK_NATIVE_BINDING is for npm start):
  // electron-builder rebuilds this very copy for Electron's ABI before packing it.
  asarUnpack: [DRIVER_ADDON],
  // Fuses are flipped here, after the app is assembled and before electron-builder signs it (macOS, Windows):
  // the signature then covers the flipped binary, so flipping a fuse back breaks it.
  afterPack: async (context) => {
    refuseNodeBuiltDriver(context.packager.getResourcesDir(context.appOutDir))
    const binary = packagedElectronBinary({
      appOutDir: context.appOutDir,
      platform: context.electronPlatformName,
      productFilename: context.packager.appInfo.productFilename,
      linuxExecutableName: LINUX_EXECUTABLE,
    })
    const report = await flipCasebookFuses(binary, {
      // Flipping breaks the ad-hoc signature an arm64 macOS binary must have to start at all.
      resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' && context.arch === Arch.arm64,
    })
    console.log(`Casebook: Electron fuses set in ${binary} (${report.wires} wire(s))`)
    for (const { index, state } of report.unnamedFuses) {
      console.log(
        `Casebook: fuse ${index}, unknown to @electron/fuses, left at Electron's default (${state})`,
      )
    }
  },
  linux: { target: ['AppImage', 'deb'], executableName: LINUX_EXECUTABLE, category: 'Office' },
  win: { target: 'nsis' },
  mac: { target: 'dmg', category: 'public.app-category.productivity' },
}

export default config
