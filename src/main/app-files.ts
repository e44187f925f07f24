import { extname, resolve, sep } from 'node:path'
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

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
}

/** Module scripts only run with a JavaScript MIME type, so every served file gets an explicit one. */
export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream'
}
