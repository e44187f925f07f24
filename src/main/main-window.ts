import { BrowserWindow } from 'electron'
import { APP_ENTRY_URL } from './request-policy'

/**
 * The one window of the app. Every webPreference of Electron's checklist is spelled out rather than left to
 * defaults, so a reader (and the e2e spec) can see them and a future default change cannot loosen them.
 */
export function createMainWindow(preloadFile: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 720,
    minHeight: 480,
    title: 'Casebook',
    // Shown once painted, so the user never sees an empty white frame.
    show: false,
    webPreferences: {
      preload: preloadFile,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      // A file dropped outside the import area must not make the window navigate to it.
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      // A middle click on a link would ask for a new window; the window-open handler denies it anyway, and
      // without the feature the click never gets that far (Electronegativity's AUXCLICK_JS_CHECK).
      disableBlinkFeatures: 'Auxclick',
    },
  })
  window.once('ready-to-show', () => window.show())
  void window.loadURL(APP_ENTRY_URL)
  return window
}
