import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { APP_FOLDER_NAME, defaultArchivePath } from '../core/default-archive-path'
import { NATIVE_BINDING_ENV, parseLaunchOptions } from './launch-options'

const base = { env: {}, cwd: '/home/ana/cases', userDataDir: '/home/ana/.config/casebook' }

describe('parseLaunchOptions', () => {
  it('defaults to archive.casebook in the user data folder', () => {
    const options = parseLaunchOptions({ ...base, argv: ['/opt/electron', '.'] })
    expect(options).toEqual({
      archivePath: '/home/ana/.config/casebook/archive.casebook',
      isDefaultArchive: true,
    })
  })

  it('opens the same default archive as the browser shell and the CLI', () => {
    // main pins userData to <appData>/<APP_FOLDER_NAME>; on Linux appData is $XDG_CONFIG_HOME.
    const xdg = '/home/ana/.config'
    const options = parseLaunchOptions({
      ...base,
      argv: ['electron', '.'],
      userDataDir: join(xdg, APP_FOLDER_NAME),
    })
    expect(options.archivePath).toBe(defaultArchivePath({ XDG_CONFIG_HOME: xdg }, 'linux'))
  })

  it('reads --archive <file> wherever Electron placed it, relative to the working directory', () => {
    const options = parseLaunchOptions({
      ...base,
      argv: ['/opt/electron', '--no-sandbox', '.', '--archive', 'kz/election.casebook'],
    })
    expect(options.archivePath).toBe('/home/ana/cases/kz/election.casebook')
    expect(options.isDefaultArchive).toBe(false)
  })

  it('reads --archive=<file> and keeps an absolute path as it is', () => {
    const options = parseLaunchOptions({ ...base, argv: ['electron', '.', '--archive=/data/a b.casebook'] })
    expect(options.archivePath).toBe('/data/a b.casebook')
  })

  it('refuses a flag without a file name instead of silently opening the default archive', () => {
    expect(() => parseLaunchOptions({ ...base, argv: ['electron', '.', '--archive'] })).toThrow(
      /needs a file name/,
    )
    expect(() => parseLaunchOptions({ ...base, argv: ['electron', '--archive', '--inspect'] })).toThrow(
      /needs a file name/,
    )
    expect(() => parseLaunchOptions({ ...base, argv: ['electron', '--archive='] })).toThrow(
      /needs a file name/,
    )
  })

  it('ignores arguments after --', () => {
    const options = parseLaunchOptions({ ...base, argv: ['electron', '.', '--', '--archive', 'x.casebook'] })
    expect(options.isDefaultArchive).toBe(true)
  })

  it('takes the Electron build of the SQLite driver from the environment', () => {
    const options = parseLaunchOptions({
      ...base,
      argv: ['electron', '.'],
      env: {
        [NATIVE_BINDING_ENV]:
          '.electron-native/better-sqlite3-multiple-ciphers/build/Release/better_sqlite3.node',
      },
    })
    expect(options.nativeBinding).toBe(
      '/home/ana/cases/.electron-native/better-sqlite3-multiple-ciphers/build/Release/better_sqlite3.node',
    )
  })

  it('ignores that variable in a packaged app, which must load only the driver it carries', () => {
    const options = parseLaunchOptions({
      ...base,
      argv: ['/opt/Casebook/casebook'],
      env: { [NATIVE_BINDING_ENV]: '/tmp/evil.node' },
      isPackaged: true,
    })
    expect(options.nativeBinding).toBeUndefined()
  })
})
