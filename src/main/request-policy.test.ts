import { describe, expect, it } from 'vitest'
import { APP_ENTRY_URL, isAllowedRequestUrl, isAppUrl, isPermissionAllowed } from './request-policy'

describe('isAppUrl', () => {
  it('accepts pages and assets of the app protocol', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true)
    expect(isAppUrl('casebook://app/assets/index-3f2a.js')).toBe(true)
    expect(isAppUrl('casebook://app/index.html#/articles/1')).toBe(true)
  })

  it('refuses look-alikes that a prefix test on the host would let through', () => {
    expect(isAppUrl('casebook://app.evil.example/index.html')).toBe(false)
    expect(isAppUrl('casebook://other/index.html')).toBe(false)
    expect(isAppUrl('casebook://user@app/index.html')).toBe(false)
    expect(isAppUrl('casebook://app:8080/index.html')).toBe(false)
    expect(isAppUrl('https://app/index.html')).toBe(false)
    expect(isAppUrl('file:///work/out/renderer/index.html')).toBe(false)
    expect(isAppUrl('not a url')).toBe(false)
  })
})

describe('isAllowedRequestUrl', () => {
  it('lets the app, the developer tools and inline data through', () => {
    expect(isAllowedRequestUrl('casebook://app/assets/style.css')).toBe(true)
    expect(isAllowedRequestUrl('devtools://devtools/bundled/devtools_app.html')).toBe(true)
    expect(isAllowedRequestUrl('data:image/png;base64,iVBORw0KGgo=')).toBe(true)
    // An export the page offers as a download: bytes the app's own page holds.
    expect(isAllowedRequestUrl('blob:casebook://app/8d3c2f1e-3c1b-4a55-9d1f-0f1e2d3c4b5a')).toBe(true)
  })

  it('cancels everything that could reach a network or the file system', () => {
    for (const url of [
      'https://example.com/tracker.gif',
      'http://127.0.0.1:8080/api/archive.info',
      'wss://example.com/socket',
      'ftp://example.com/file',
      'file:///etc/passwd',
      'blob:https://example.com/8d3c2f1e-3c1b-4a55-9d1f-0f1e2d3c4b5a',
      'blob:casebook://evil/1234',
      'blob:file:///etc/passwd',
      '',
    ]) {
      expect(isAllowedRequestUrl(url), url).toBe(false)
    }
  })
})

describe('isPermissionAllowed', () => {
  it('allows only clipboard writes, and only to the app itself', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', 'casebook://app/index.html')).toBe(true)
    expect(isPermissionAllowed('clipboard-sanitized-write', 'casebook://app/')).toBe(true)
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://example.org/')).toBe(false)
    for (const permission of ['clipboard-read', 'media', 'notifications', 'geolocation', 'openExternal']) {
      expect(isPermissionAllowed(permission, 'casebook://app/index.html')).toBe(false)
    }
  })
})
