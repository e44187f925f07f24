import type { Session, WebContents } from 'electron'
import { isAllowedRequestUrl, isAppBlobUrl, isPermissionAllowed } from './request-policy'

/**
 * Session-wide rules from Electron's security checklist. Casebook needs no browser permission but writing
 * to the clipboard (no camera, notifications, geolocation, USB…) and no network: it is an offline archive, so every request that is not
 * the app's own protocol is cancelled, whatever the page or an imported article tries.
 */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(isPermissionAllowed(permission, details.requestingUrl)),
  )
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionAllowed(
      permission,
      requestingOrigin.endsWith('/') ? requestingOrigin : `${requestingOrigin}/`,
    ),
  )
  session.setDevicePermissionHandler(() => false)
  session.webRequest.onBeforeRequest((details, callback) =>
    callback({ cancel: !isAllowedRequestUrl(details.url) }),
  )
  // Exports are offered as downloads of blobs the page made (Electron then asks where to save); any other
  // download (a link in an article, a redirect) is refused.
  session.on('will-download', (event, item) => {
    if (!isAppBlobUrl(item.getURL())) event.preventDefault()
  })
  // The spellchecker downloads its dictionaries from Google's servers: off, to stay offline.
  session.setSpellCheckerEnabled(false)
}

/**
 * Navigation rules for every webContents the app ever creates (applied from 'web-contents-created', so a
 * devtools or any future window gets them too). The UI is a single page: it never needs to navigate, open
 * a window or embed a <webview>, so a link in an imported article can never replace the app.
 */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault())
  contents.on('will-frame-navigate', (event) => event.preventDefault())
  contents.on('will-redirect', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
}
