import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { app, BrowserWindow, dialog, safeStorage, session } from 'electron'
import { APP_FOLDER_NAME } from '../core/default-archive-path'
import { startArchiveHost, type ArchiveHost } from '../core/host/archive-host'
import { registerAppScheme, serveAppProtocol } from './app-protocol'
import { registerInvokeHandler } from './ipc-bridge'
import { parseLaunchOptions, type LaunchOptions } from './launch-options'
import { createMainWindow } from './main-window'
import { osKeychain } from './os-keychain'
import { hardenSession, hardenWebContents } from './security-policy'

// Paths of the sibling bundles electron-vite writes into out/ (this file is out/main/index.js).
const RENDERER_DIR = join(import.meta.dirname, '../renderer')
const PRELOAD_FILE = join(import.meta.dirname, '../preload/index.cjs')
const WORKER_FILE = join(import.meta.dirname, 'worker.js')

let mainWindow: BrowserWindow | null = null

// The default archive must be the very file the browser shell and the CLI open by default
// (src/core/default-archive-path.ts): pin the user-data folder to the product name rather than trusting
// package.json's name. An explicit --user-data-dir (tests, a portable setup) still wins.
app.setName(APP_FOLDER_NAME)
const userDataSwitch = app.commandLine.getSwitchValue('user-data-dir')
app.setPath(
  'userData',
  userDataSwitch ? resolve(userDataSwitch) : join(app.getPath('appData'), APP_FOLDER_NAME),
)

// These must be in place before 'ready': scheme privileges cannot be granted later, and the rules for
// new webContents must already listen when the first one is created.
registerAppScheme()
app.enableSandbox()
app.on('web-contents-created', (_event, contents) => hardenWebContents(contents))

// One process per user profile: a second launch would open the same archive in a second engine.
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })
  // One window shows one archive; closing it ends the app on every platform, macOS included.
  app.on('window-all-closed', () => app.quit())
  start().catch((error: unknown) => quitWithError('Casebook cannot start', messageOf(error)))
}

async function start(): Promise<void> {
  await app.whenReady()
  hardenSession(session.defaultSession)
  serveAppProtocol(session.defaultSession, RENDERER_DIR)

  let options: LaunchOptions
  try {
    options = parseLaunchOptions({
      argv: process.argv,
      env: process.env,
      cwd: process.cwd(),
      userDataDir: app.getPath('userData'),
      isPackaged: app.isPackaged,
    })
  } catch (error) {
    return quitWithError('Casebook cannot start', messageOf(error))
  }

  let host: ArchiveHost
  try {
    // Only the default location's folder is created; a user-given path is used as it is.
    if (options.isDefaultArchive) mkdirSync(dirname(options.archivePath), { recursive: true })
    // Without CASEBOOK_PASSPHRASE an encrypted archive starts locked and the window shows its unlock screen.
    host = await startArchiveHost({
      workerFile: WORKER_FILE,
      archivePath: options.archivePath,
      nativeBinding: options.nativeBinding,
      passphrase: options.passphrase,
      // "Remember on this computer": safeStorage is usable only now, after 'ready'.
      keychain: osKeychain({
        backend: safeStorage,
        storeFile: join(app.getPath('userData'), 'remembered-passphrases.json'),
        archivePath: options.archivePath,
      }),
    })
  } catch (error) {
    // A refused archive does not get here (the window shows why and offers its backups); this is anything
    // else that stops the engine from starting, such as a passphrase from CASEBOOK_PASSPHRASE that is wrong.
    const message = messageOf(error)
    const withPath = message.includes(options.archivePath) ? message : `${message}\n\n${options.archivePath}`
    return quitWithError('Casebook cannot open this archive', withPath)
  }

  closeArchiveOnQuit(host)
  registerInvokeHandler(host, () => mainWindow)
  mainWindow = createMainWindow(PRELOAD_FILE)
  mainWindow.on('closed', () => {
    mainWindow = null
  })
}

/** Lets the engine finish its work and close SQLite cleanly (WAL checkpoint) before the process ends. */
function closeArchiveOnQuit(host: ArchiveHost): void {
  let state: 'open' | 'closing' | 'closed' = 'open'
  app.on('before-quit', (event) => {
    if (state === 'closed') return
    event.preventDefault()
    if (state === 'closing') return
    state = 'closing'
    void host
      .close()
      .catch(() => undefined)
      .finally(() => {
        state = 'closed'
        app.quit()
      })
  })
}

function quitWithError(title: string, message: string): void {
  dialog.showErrorBox(title, message)
  app.exit(1)
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
