import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../core/testing/temp-archive'
import { CONTENT_SECURITY_POLICY } from '../shared/security'

/** The directives of a policy, in order, white space normalised. */
function directives(policy: string): string[] {
  return policy
    .split(';')
    .map((d) => d.trim().replace(/\s+/g, ' '))
    .filter(Boolean)
}

describe('the page’s own Content-Security-Policy', () => {
  it('is the policy the shells send as a header, but for frame-ancestors (a header-only directive)', () => {
    const html = readFileSync(join(REPO_ROOT, 'src/renderer/index.html'), 'utf8')
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)?.[1]
    expect(meta, 'index.html has no CSP meta tag').toBeDefined()
    expect(directives(meta ?? '')).toEqual(
      directives(CONTENT_SECURITY_POLICY).filter((d) => !d.startsWith('frame-ancestors')),
    )
  })
})
