import { describe, expect, it } from 'vitest'
import { decodeTransferEncoding, parseHeaderValue, readHeaderBlock, splitMultipart } from './mime-parts'

describe('mime-parts', () => {
  it('reads a header block: names lower-cased, folded lines unfolded, the first of a name kept', () => {
    const raw = 'Subject: Notes\r\n from Almaty\r\nX-Twice: one\r\nX-Twice: two\r\nnot a field\r\n\r\nBody.'
    const block = readHeaderBlock(raw)
    expect(block.startsWithField).toBe(true)
    expect(Object.fromEntries(block.fields)).toEqual({ subject: 'Notes from Almaty', 'x-twice': 'one' })
    expect(raw.slice(block.bodyStart)).toBe('Body.')
    expect(readHeaderBlock('<html>\n\n').startsWithField).toBe(false)
    // A part's headers stop at the part's end.
    expect(Object.fromEntries(readHeaderBlock('A: 1\nB: 2\n', 0, 5).fields)).toEqual({ a: '1' })
  })

  it('parses parameters: quoted strings with ; and escapes, names in any case, the first occurrence', () => {
    const { value, params } = parseHeaderValue(
      'Multipart/Related; TYPE="text/html"; boundary="--a;b \\"c\\""; start=<root@x>; boundary=other',
    )
    expect(value).toBe('multipart/related')
    expect(Object.fromEntries(params)).toEqual({
      type: 'text/html',
      boundary: '--a;b "c"',
      start: '<root@x>',
    })
  })

  it('splits a multipart body at whole delimiter lines only, and tells a closed body from a cut one', () => {
    const body =
      'preamble\r\n--b\r\nA: 1\r\n\r\none\r\n--b-1\r\nstill one\r\n--b  \r\n\r\ntwo\r\n--b--\r\nepilogue'
    const { parts, closed } = splitMultipart(body, 0, 'b')
    expect(parts.map((p) => body.slice(p.start, p.end))).toEqual([
      'A: 1\r\n\r\none\r\n--b-1\r\nstill one',
      '\r\ntwo',
    ])
    expect(closed).toBe(true)
    const cut = splitMultipart('--b\nfirst\n--b\nsecond, cut', 0, 'b')
    expect(cut.closed).toBe(false)
    expect(cut.parts).toHaveLength(2)
  })

  it('undoes quoted-printable (soft breaks, escapes, trailing white space) and base64', () => {
    const decoded = decodeTransferEncoding('Caf=C3=A9 =\r\nau lait   \r\n=3D ok =ZZ', 'Quoted-Printable')
    expect(Buffer.from(decoded).toString('utf8')).toBe('Café au lait\r\n= ok =ZZ')
    expect(Buffer.from(decodeTransferEncoding('0KHRgtGL0Lo=\r\n', 'base64')).toString('utf8')).toBe('Стык')
    expect(Buffer.from(decodeTransferEncoding('as is', '8bit')).toString('latin1')).toBe('as is')
  })
})
