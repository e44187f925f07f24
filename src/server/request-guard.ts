import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { TOKEN_HEADER } from '../shared/security'

/**
 * The browser shell's checks on every request: it must come through our own host name (DNS rebinding
 * defence), from our own origin if it names one, and carry the per-start token.
 */

export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`])
}

export function pageCookieName(port: number): string {
  return `casebook_page_${port}`
}

function sameSecret(given: string | undefined, token: string): boolean {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=')
    if (key === name) return decodeURIComponent(rest.join('='))
  }
  return undefined
}

export type GuardVerdict =
  { ok: true; via: 'header' | 'cookie' | 'query' } | { ok: false; status: number; reason: string }

export interface Secrets {
  /** Printed in the URL, sent by the UI in a header: the only key to the API. */
  token: string
  /**
   * Set as a cookie when the printed URL is opened, so the page can load its scripts and styles. Cookies
   * ignore ports, so any other local server the browser visits would see it: it opens the UI's files,
   * never the API.
   */
  pageKey: string
}

/**
 * Decides whether a request may proceed. API calls must carry the token in a header (a cross-site page
 * cannot set one); page loads may carry it in the query (the printed URL) or the page key in the cookie.
 */
export function checkRequest(
  request: IncomingMessage,
  url: URL,
  port: number,
  secrets: Secrets,
): GuardVerdict {
  const { token, pageKey } = secrets
  const hosts = allowedHosts(port)
  if (!hosts.has(request.headers.host ?? ''))
    return { ok: false, status: 421, reason: 'unexpected Host header' }
  const origin = request.headers.origin
  if (origin !== undefined && !(origin.startsWith('http://') && hosts.has(origin.slice('http://'.length)))) {
    return { ok: false, status: 403, reason: 'cross-origin request refused' }
  }
  const header = request.headers[TOKEN_HEADER]
  if (sameSecret(typeof header === 'string' ? header : undefined, token)) return { ok: true, via: 'header' }
  if (url.pathname.startsWith('/api/')) return { ok: false, status: 401, reason: 'missing or wrong token' }
  if (sameSecret(url.searchParams.get('token') ?? undefined, token)) return { ok: true, via: 'query' }
  if (sameSecret(readCookie(request.headers.cookie, pageCookieName(port)), pageKey))
    return { ok: true, via: 'cookie' }
  return { ok: false, status: 401, reason: 'missing or wrong token' }
}
