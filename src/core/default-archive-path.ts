import { homedir } from 'node:os'
import { join } from 'node:path'

/** The product name Electron derives its user-data folder from (package.json `productName`). */
export const APP_FOLDER_NAME = 'Casebook'
export const DEFAULT_ARCHIVE_FILE = 'archive.casebook'

/**
 * The archive every shell opens when none is named: the same file as Electron's
 * `app.getPath('userData')`, so the app, the browser shell and the CLI share one archive by default.
 */
export function defaultArchivePath(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): string {
  const home = homedir()
  let base: string
  if (platform === 'win32') base = env.APPDATA ?? join(home, 'AppData', 'Roaming')
  else if (platform === 'darwin') base = join(home, 'Library', 'Application Support')
  else base = env.XDG_CONFIG_HOME || join(home, '.config')
  return join(base, APP_FOLDER_NAME, DEFAULT_ARCHIVE_FILE)
}
