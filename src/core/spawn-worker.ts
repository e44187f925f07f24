import { dirname, extname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker, type ResourceLimits } from 'node:worker_threads'

export interface SpawnOptions {
  workerData?: unknown
  /** Caps the worker's heap, so a file that needs too much memory ends that worker, not the process. */
  resourceLimits?: ResourceLimits
}

/**
 * Starts a worker thread on an entry file: a bundled `.js` (the Electron build) directly, a TypeScript
 * entry (tests, the browser shell and the CLI run from source) through tsx's API inside the worker, since
 * loader flags are not honoured by workers.
 */
export function spawnWorker(workerFile: string, options: SpawnOptions = {}): Worker {
  if (!workerFile.endsWith('.ts')) return new Worker(workerFile, options)
  const tsxApi = import.meta.resolve('tsx/esm/api')
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then(({ tsImport }) => tsImport(${JSON.stringify(
    pathToFileURL(workerFile).href,
  )}, ${JSON.stringify(import.meta.url)}))`
  return new Worker(bootstrap, { ...options, eval: true })
}

/**
 * A worker entry beside the module at `moduleUrl`, with that module's extension: `<name>.ts` from source,
 * `<name>.js` (or the bundle's own extension) in a build, where the entries are bundled beside each other.
 */
export function siblingEntry(moduleUrl: string, name: string): string {
  const own = fileURLToPath(moduleUrl) // tsx adds a query to the URL; the path has none
  return join(dirname(own), `${name}${extname(own)}`)
}
