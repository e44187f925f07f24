import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { startCoreHost } from '../core/host/core-host'
import { tempDir } from '../core/testing/temp-archive'
import { startBrowserShell, type BrowserShell } from './browser-shell'

/** Test support: a browser shell as `serve` runs it, over a real core host on a fresh archive. */
export interface TestShell {
  shell: BrowserShell
  /** The temp folder holding the archive and the static folder (`renderer/`), removed by close. */
  dir: string
  close: () => Promise<void>
}

/**
 * Starts the shell on a new archive in a temp folder. The static folder always has an index.html;
 * `staticFiles` adds more, by path relative to it (folders are made as needed).
 */
export async function startTestShell(staticFiles: Record<string, string> = {}): Promise<TestShell> {
  const { dir, cleanup } = tempDir()
  const staticDir = join(dir, 'renderer')
  const files = { 'index.html': '<!doctype html><title>Casebook</title>', ...staticFiles }
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(staticDir, name)), { recursive: true })
    writeFileSync(join(staticDir, name), content)
  }
  const host = await startCoreHost({
    workerFile: resolve(import.meta.dirname, '../core/host/worker.ts'),
    archivePath: join(dir, 'a.casebook'),
  })
  const shell = await startBrowserShell({ host, staticDir })
  return {
    shell,
    dir,
    close: async () => {
      await shell.close()
      await host.close()
      cleanup()
    },
  }
}
