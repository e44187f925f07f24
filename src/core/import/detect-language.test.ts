import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ownFixture } from '../testing/temp-archive'
import { detectLanguage, primaryLanguage } from './detect-language'
import { extractForImport } from './extract-for-import'

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

  it('takes a declared language only when the text reads as it, and ignores a wrong one', () => {
    const english = ownFixture('harbour-strike.txt').toString('utf8')
    const russian = ownFixture('almaty-ru.txt').toString('utf8')
    expect(detectLanguage(english, 'en-GB')).toBe('en')
    expect(detectLanguage(russian, 'ru_RU')).toBe('ru')
    // A template that says English for every page, whatever it holds.
    expect(detectLanguage(russian, 'en')).toBe('ru')
    expect(detectLanguage(english, 'ru')).toBe('en')
    // Nonsense or empty declarations are no hint at all.
    expect(detectLanguage(english, 'x-klingon')).toBe('en')
    expect(detectLanguage(english, '')).toBe('en')
    expect(detectLanguage('Tokayev', 'en')).toBeNull()
  })

  it('reads a language tag down to its ISO 639-1 code', () => {
    expect(primaryLanguage('en-GB')).toBe('en')
    expect(primaryLanguage(' RU ')).toBe('ru')
    expect(primaryLanguage('kk-Cyrl-KZ')).toBe('kk')
    expect(primaryLanguage('eng')).toBeNull()
    expect(primaryLanguage(null)).toBeNull()
  })

  it("uses a page's <html lang> as the hint when the page is imported", async () => {
    const page = (lang: string, body: string) =>
      new TextEncoder().encode(
        `<!doctype html><html lang="${lang}"><head><title>t</title></head><body><article>` +
          body
            .split('\n\n')
            .map((p) => `<p>${p}</p>`)
            .join('') +
          '</article></body></html>',
      )
    const russian = ownFixture('almaty-ru.txt').toString('utf8')
    const declaredRight = await extractForImport('a.html', page('ru', russian))
    const declaredWrong = await extractForImport('b.html', page('en', russian))
    expect(declaredRight.articles[0]?.declaredLanguage).toBe('ru')
    expect(declaredRight.articles[0]?.language).toBe('ru')
    expect(declaredWrong.articles[0]?.declaredLanguage).toBe('en')
    expect(declaredWrong.articles[0]?.language).toBe('ru')
  })
})
