import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { Readability } from '@mozilla/readability'
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

/**
 * patches/@mozilla+readability+*.patch: Readability's visibility check reads `node.style` only for an
 * element with a style attribute. linkedom builds a style object (a Proxy and a WeakMap entry) the first
 * time `style` is read, and the check ran on every element Readability scored.
 */
describe('Readability as patched for the import', () => {
  const page = (body: string) => parseHTML(`<html><body>${body}</body></html>`).document

  it('does not build a style object for an element without a style attribute', () => {
    const document = page('<p id="plain">Plain text.</p>')
    const plain = document.getElementById('plain')
    if (!plain) throw new Error('the page did not parse')
    let read = 0
    Object.defineProperty(plain, 'style', {
      get() {
        read++
        return { display: '', visibility: '' }
      },
    })
    const reader = new Readability(document) as unknown as { _isProbablyVisible(node: unknown): boolean }
    expect(reader._isProbablyVisible(plain)).toBe(true)
    expect(read).toBe(0)
  })

  it('still finds elements hidden by their style, or by hidden and aria-hidden', () => {
    const document = page(
      '<p id="none" style="display: none">a</p><p id="invisible" style="visibility:hidden">b</p>' +
        '<p id="shown" style="color: red">c</p><p id="hidden" hidden>d</p><p id="aria" aria-hidden="true">e</p>',
    )
    const reader = new Readability(document) as unknown as { _isProbablyVisible(node: unknown): boolean }
    const visible = (id: string) => Boolean(reader._isProbablyVisible(document.getElementById(id)))
    expect(['none', 'invisible', 'shown', 'hidden', 'aria'].map(visible)).toEqual([
      false,
      false,
      true,
      false,
      false,
    ])
  })
})
