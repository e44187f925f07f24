import { resolve, sep } from 'node:path'
import { APP_ORIGIN_PREFIX } from './request-policy'

/**
 * Maps a `casebook://app/…` URL to a file inside the renderer build folder, or null when the URL is not
 * the app's or would escape that folder (`..`, encoded slashes, NUL bytes). The custom protocol serves
 * nothing else from disk, so a page can never read the archive or the user's files through it.
 */
export function resolveAppFile(rootDir: string, url: string): string | null {
  if (!url.startsWith(APP_ORIGIN_PREFIX)) return null
  let pathname: string
  try {
    const parsed = new URL(url)
    if (parsed.username !== '' || parsed.password !== '' || parsed.port !== '') return null
    pathname = decodeURIComponent(parsed.pathname)
  } catch {
    return null
  }
  // Decoding can reveal a backslash or NUL that the URL parser did not treat as special.
  if (pathname.includes('\0') || pathname.includes('\\')) return null
  const relative = pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '')
  const root = resolve(rootDir)
  const file = resolve(root, relative)
  return file.startsWith(root + sep) ? file : null
}
