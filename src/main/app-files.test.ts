import { describe, expect, it } from 'vitest'
import { resolveAppFile } from './app-files'

const root = '/opt/casebook/out/renderer'

describe('resolveAppFile', () => {
  it('serves index.html for the bare origin and files below the renderer folder', () => {
    expect(resolveAppFile(root, 'casebook://app/')).toBe(`${root}/index.html`)
    expect(resolveAppFile(root, 'casebook://app/index.html')).toBe(`${root}/index.html`)
    expect(resolveAppFile(root, 'casebook://app/assets/index-Bx1.js?v=2#top')).toBe(
      `${root}/assets/index-Bx1.js`,
    )
    expect(resolveAppFile(root, 'casebook://app/assets/Noto%20Sans.woff2')).toBe(
      `${root}/assets/Noto Sans.woff2`,
    )
  })

  it('accepts a trailing slash on the root folder argument', () => {
    expect(resolveAppFile(`${root}/`, 'casebook://app/index.html')).toBe(`${root}/index.html`)
  })

  it('never resolves outside the renderer folder, however the path is spelled', () => {
    // The URL parser already folds literal and %2e dot segments into the app's own root…
    expect(resolveAppFile(root, 'casebook://app/../main/index.js')).toBe(`${root}/main/index.js`)
    expect(resolveAppFile(root, 'casebook://app/%2e%2e/%2e%2e/archive.casebook')).toBe(
      `${root}/archive.casebook`,
    )
    // …but encoded slashes and backslashes only appear after decoding: those are refused.
    expect(resolveAppFile(root, 'casebook://app/assets/..%2F..%2F..%2Fetc%2Fpasswd')).toBeNull()
    expect(resolveAppFile(root, 'casebook://app/..%2F..%2Fmain%2Findex.js')).toBeNull()
    expect(resolveAppFile(root, 'casebook://app/..%5C..%5Csecret')).toBeNull()
    expect(resolveAppFile(root, 'casebook://app/index.html%00.png')).toBeNull()
    expect(resolveAppFile(root, 'casebook://app/%E0%A4%A')).toBeNull()
    // An absolute path smuggled in as %2F stays under the root.
    expect(resolveAppFile(root, 'casebook://app/%2Fetc%2Fpasswd')).toBe(`${root}/etc/passwd`)
    // A sibling folder whose name merely starts like the root is not inside it.
    expect(resolveAppFile(root, 'casebook://app/..%2Frenderer-secrets%2Fkey')).toBeNull()
  })

  it('rejects other hosts, schemes, ports and credentials', () => {
    expect(resolveAppFile(root, 'casebook://other/index.html')).toBeNull()
    expect(resolveAppFile(root, 'casebook://app.evil/index.html')).toBeNull()
    expect(resolveAppFile(root, 'casebook://app:99/index.html')).toBeNull()
    expect(resolveAppFile(root, 'file:///opt/casebook/out/renderer/index.html')).toBeNull()
  })
})
