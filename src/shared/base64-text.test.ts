import { describe, expect, it } from 'vitest'
import { isBase64Text } from './base64-text'

const REGEX = /^[A-Za-z0-9+/]*={0,2}$/

describe('isBase64Text', () => {
  it('says what the regular expression says, on encoded bytes and on near misses', () => {
    const samples = [
      '',
      'QQ==',
      'QUI=',
      'QUJD',
      '=',
      '==',
      '===',
      'QQ===',
      'Q=Q=',
      'QQ ==',
      'QQ\n',
      'é',
      'QQ-_',
      'a'.repeat(5) + '=',
    ]
    for (let n = 0; n < 64; n++)
      samples.push(Buffer.from(Array.from({ length: n }, (_, i) => (i * 37 + n) % 256)).toString('base64'))
    // Every character of the first 256 code points, alone, after valid text and before padding.
    for (let code = 0; code < 256; code++) {
      const c = String.fromCharCode(code)
      samples.push(c, `QUJD${c}`, `QU${c}=`)
    }
    for (const sample of samples)
      expect(isBase64Text(sample), JSON.stringify(sample)).toBe(REGEX.test(sample))
  })
})
