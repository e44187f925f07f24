import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ownFixture } from '../testing/temp-archive'
import { detectLanguage } from './detect-language'

describe('language detection', () => {
  it('tells English, Russian and Kazakh articles apart, and leaves a line too short to tell unknown', () => {
    expect(detectLanguage(ownFixture('harbour-strike.txt').toString('utf8'))).toBe('en')
    expect(detectLanguage(ownFixture('almaty-ru.txt').toString('utf8'))).toBe('ru')
    expect(
      detectLanguage(
        'Қазақстан Республикасының Президенті сайлау мерзімінде өтетінін мәлімдеді. Сайлаушылар учаскелерге ертемен келді.',
      ),
    ).toBe('kk')
    expect(detectLanguage('Tokayev')).toBeNull()
  })

  it('finds the language of the real news article in ../shared', (context) => {
    const file = join(import.meta.dirname, '../../../../shared/fixtures/kazakhstan-election-2022.txt')
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch {
      context.skip(`../shared is absent here (${file}), so the shared fixture cannot be read`)
      return
    }
    expect(detectLanguage(text)).toBe('en')
  })
})
