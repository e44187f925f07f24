import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { parseHTML } from 'linkedom'
import { describe, expect, it } from 'vitest'

/**
 * patches/linkedom+*.patch (applied by patch-package on install) makes linkedom create a node's listener map
 * only when a listener is added: one WeakMap entry per parsed node made an import's parsing three times
 * slower. These tests hold the patch in place and show events still work with it.
 */
describe('linkedom as patched for the import', () => {
  it('is installed with the lazy listener map (npm install ran patch-package)', () => {
    const root = dirname(createRequire(import.meta.url).resolve('linkedom/package.json'))
    for (const build of ['esm', 'cjs']) {
      const source = readFileSync(join(root, build, 'interface', 'event-target.js'), 'utf8')
      const constructorBody = /constructor\(\) \{([^}]*)\}/.exec(source)?.[1] ?? ''
      expect(constructorBody, `${build} build`).not.toContain('wm.set')
      expect(source, `${build} build`).toContain('if (!map) wm.set(this, map = new Map)')
    }
  })

  it('still delivers, bubbles and removes listeners', () => {
    const { document, Event } = parseHTML(
      '<html><body><div id="outer"><p id="inner">x</p></div></body></html>',
    )
    const outer = document.getElementById('outer')
    const inner = document.getElementById('inner')
    if (!outer || !inner) throw new Error('the page did not parse')
    const heard: string[] = []
    const onInner = () => heard.push('inner')
    inner.addEventListener('ping', onInner)
    outer.addEventListener('ping', () => heard.push('outer'))
    inner.dispatchEvent(new Event('ping', { bubbles: true }))
    inner.removeEventListener('ping', onInner)
    inner.dispatchEvent(new Event('ping', { bubbles: true }))
    // A node that never had a listener can be asked to remove one, and dispatches to nobody.
    document.body.removeEventListener('ping', onInner)
    document.body.dispatchEvent(new Event('ping'))
    expect(heard).toEqual(['inner', 'outer', 'outer'])
  })
})
