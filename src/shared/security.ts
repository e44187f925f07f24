/**
 * The Content-Security-Policy of every page the UI is served in, Electron's custom protocol and the
 * browser shell alike. Scripts only from the app itself; no network beyond the app's own origin.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

/** Header the renderer sends the browser shell's token in (a custom header also defeats simple CSRF). */
export const TOKEN_HEADER = 'x-casebook-token'
