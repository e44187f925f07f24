import { describe, expect, it } from 'vitest'
import { contentTypeFor } from './served-files'

describe('contentTypeFor', () => {
  it('gives module scripts, styles and pages their MIME types', () => {
    expect(contentTypeFor('/x/index-1.js')).toBe('text/javascript; charset=utf-8')
    expect(contentTypeFor('/x/INDEX.HTML')).toBe('text/html; charset=utf-8')
    expect(contentTypeFor('/x/a.css')).toBe('text/css; charset=utf-8')
    expect(contentTypeFor('/x/a.unknown')).toBe('application/octet-stream')
  })
})
