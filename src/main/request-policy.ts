/**
 * Which URLs the Electron shell lets its pages load or talk to. Casebook is offline by design: the UI comes
 * from the app's own custom protocol and nothing else may be fetched, so a hostile article can never
 * phone home, even through a bug in the renderer.
 */

export const APP_SCHEME = 'casebook'
export const APP_HOST = 'app'
/** Every page of the UI lives under this prefix; the IPC sender check relies on it. */
export const APP_ORIGIN_PREFIX = `${APP_SCHEME}://${APP_HOST}/`
export const APP_ENTRY_URL = `${APP_ORIGIN_PREFIX}index.html`

/** True for a URL served by Casebook's own protocol (exact scheme and host, no credentials or port). */
export function isAppUrl(url: string): boolean {
  const parsed = parse(url)
  return (
    parsed !== null &&
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === '' &&
    url.startsWith(APP_ORIGIN_PREFIX)
  )
}

/**
 * A `blob:` URL the app's own page made from bytes it holds (an export it offers as a download): memory of
 * the page, never a network or file request.
 */
export function isAppBlobUrl(url: string): boolean {
  return url.startsWith('blob:') && isAppUrl(url.slice('blob:'.length))
}

/**
 * What session.webRequest lets through: the app's own files and blobs, the developer tools' internal pages,
 * and `data:` URLs (the CSP allows data: images; they are inline bytes, never a network request).
 */
export function isAllowedRequestUrl(url: string): boolean {
  if (isAppUrl(url) || isAppBlobUrl(url)) return true
  const parsed = parse(url)
  return parsed !== null && (parsed.protocol === 'devtools:' || parsed.protocol === 'data:')
}

function parse(url: string): URL | null {
  try {
    return new URL(url)
  } catch {
    return null
  }
}

/**
 * The one browser permission the UI uses: writing plain text to the clipboard (the reader's Copy button).
 * Everything else (camera, notifications, geolocation, reading the clipboard…) stays denied.
 */
export function isPermissionAllowed(permission: string, requestingUrl: string): boolean {
  return permission === 'clipboard-sanitized-write' && isAppUrl(requestingUrl)
}
