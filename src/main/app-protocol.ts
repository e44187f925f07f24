import { readFile } from 'node:fs/promises'
import { protocol, type Session } from 'electron'
import { contentTypeFor, UI_SECURITY_HEADERS } from '../shared/served-files'
import { resolveAppFile } from './app-files'
import { APP_SCHEME } from './request-policy'

/**
 * Declares `casebook:` a standard, secure scheme. Standard gives it an origin (so 'self' in the CSP, relative
 * URLs and module scripts work as on https); secure makes it a secure context. It must run before
 * app 'ready', which is why it is separate from serving.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ])
}

/**
 * Serves the UI from the renderer build folder only, instead of file:// (which would give the page the
 * whole disk as its origin). Every response carries the same CSP as the browser shell's.
 */
export function serveAppProtocol(session: Session, rendererDir: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed')
    const file = resolveAppFile(rendererDir, request.url)
    if (file === null) return plain(404, 'Not found')
    let body: Buffer
    try {
      body = await readFile(file)
    } catch {
      return plain(404, 'Not found')
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: { ...UI_SECURITY_HEADERS, 'content-type': contentTypeFor(file) },
    })
  })
}

function plain(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { ...UI_SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' },
  })
}
