// Types for scripts/electron-runtime.mjs, so the Electron e2e spec can use it from TypeScript.
export const PROJECT_ROOT: string
export const NATIVE_BINDING_ENV: string
export const NATIVE_DIR: string
export const NATIVE_BUILD_LOG: string
export const NATIVE_BINDING_FILE: string
export function electronVersion(): string
export function electronBinaryPath(): string | null
export function ensureElectronBinary(): string | null
export function ensureElectronNativeBuild(): { ok: true; bindingPath: string } | { ok: false; reason: string }
export function buildElectronBundles(options?: {
  /** Absolute path; electron-vite writes main/, preload/ and renderer/ inside it. */
  outDir?: string
  stdio?: 'inherit' | 'pipe'
}): { status: number | null; stdout: string | null; stderr: string | null }
