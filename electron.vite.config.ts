import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import { rendererConfig } from './vite.renderer.config'

const root = import.meta.dirname

/**
 * electron-vite builds three bundles into out/: main (the Electron shell plus the engine's worker entry),
 * preload (the contextBridge script) and renderer (the very same UI bundle the browser shell serves).
 */
export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      // Dependencies stay in node_modules and load at run time; the SQLite driver must, because its native
      // addon cannot be bundled and Electron loads a separate build of it (see scripts/start-electron.mjs).
      externalizeDeps: { include: ['better-sqlite3-multiple-ciphers'] },
      rolldownOptions: {
        input: {
          index: resolve(root, 'src/main/index.ts'),
          // The engine runs in a worker_thread; main passes out/main/worker.js to startCoreHost.
          worker: resolve(root, 'src/core/host/worker.ts'),
          // The import pool's reading threads; worker.js finds this entry beside itself.
          'extract-worker': resolve(root, 'src/core/import/extract-worker.ts'),
          // Entity suggestions' thread (compromise, Az); worker.js finds it beside itself too.
          'suggest-worker': resolve(root, 'src/core/entity-suggest/suggest-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      rolldownOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        // A sandboxed preload is not loaded by Node's module system and cannot be ESM: emit CommonJS,
        // named .cjs because package.json says "type": "module".
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    ...rendererConfig,
    build: {
      ...rendererConfig.build,
      outDir: resolve(root, 'out/renderer'),
      rolldownOptions: { input: resolve(root, 'src/renderer/index.html') },
    },
  },
})
