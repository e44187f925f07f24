import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { NoteMarkdown } from './NoteMarkdown'

function render(text: string, inline = false): string {
  return renderToStaticMarkup(createElement(NoteMarkdown, { text, inline }))
}

/** Elements and attributes that could run code, navigate or fetch something. */
const ACTIVE = /<(script|a|img|iframe|object|embed|style|link|form|svg|math)\b|\s(href|src|on\w+|style)=/i

describe('NoteMarkdown', () => {
  it('renders emphasis, lists and quotes', () => {
    const html = render('**bold** and *italic*\n\n- one\n- two\n\n> quoted')
    expect(html).toContain('<strong>bold</strong>')
    expect(html).toContain('<em>italic</em>')
    expect(html).toContain('<li>one</li>')
    expect(html).toContain('<blockquote>')
  })

  it('drops raw HTML, scripts included', () => {
    const html = render(
      'before <script>alert(1)</script> after\n\n<script>alert(2)</script>\n\n<img src=x onerror=alert(3)>\n\n<b onclick="x()">b</b> <iframe src="https://example.org"></iframe>',
    )
    expect(html).not.toMatch(ACTIVE)
    // A tag inside a line is dropped, leaving its words as inert text; a block of HTML goes whole.
    expect(html).toContain('<p>before alert(1) after</p>')
    expect(html).not.toContain('alert(2)')
    expect(html).not.toContain('alert(3)')
    expect(html).toContain('before')
    expect(html).toContain('after')
  })

  it('shows links as text with their address, never as anchors', () => {
    const html = render('[a link](https://example.org/page) and <https://example.org/auto>')
    expect(html).not.toMatch(ACTIVE)
    expect(html).toContain('a link')
    expect(html).toContain('(https://example.org/page)')
    // An autolink's text is its address: shown once.
    expect(html.match(/https:\/\/example\.org\/auto/g)).toHaveLength(2) // the text and the title
  })

  it('neutralises javascript: and data: links', () => {
    const html = render('[click](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=)')
    expect(html).not.toMatch(ACTIVE)
    expect(html).not.toContain('javascript:')
    expect(html).not.toContain('data:text')
    expect(html).toContain('click')
    expect(html).toContain('address removed')
  })

  it('shows images as their description and address, without loading them', () => {
    const html = render('![a map of the district](https://example.org/map.png)')
    expect(html).not.toMatch(ACTIVE)
    expect(html).toContain('[Image: a map of the district]')
    expect(html).toContain('(https://example.org/map.png)')
  })

  it('renders only phrasing elements in inline mode, for a note inside a button', () => {
    const html = render('# Title\n\nA paragraph\n\n- item\n\n> quote', true)
    expect(html).not.toMatch(/<(p|div|ul|ol|li|blockquote|h\d)\b/)
    expect(html).toContain('A paragraph')
  })
})
