import { describe, expect, it } from 'vitest'
import { parseQuery } from '../../shared/search-query'
import { nameAt, namePattern, namesQuery, russianForms } from './name-forms'

function occurrences(name: string, text: string): string[] {
  const pattern = namePattern(name)
  if (!pattern) return []
  const found: string[] = []
  for (const word of text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}\p{M}'’]*/gu)) {
    const at = nameAt(text, pattern, word.index, word.index + word[0].length)
    if (at) found.push(text.slice(at.start, at.end))
  }
  return found
}

describe('names in other scripts and in their Russian cases', () => {
  it('spells out a word’s case forms from its base, in its own script', () => {
    expect(russianForms('Астана')).toEqual(expect.arrayContaining(['Астана', 'Астане', 'Астаны', 'Астаной']))
    expect(russianForms('Токаев')).toEqual(
      expect.arrayContaining(['Токаева', 'Токаеву', 'Токаевым', 'Токаеве']),
    )
    expect(russianForms('Центральная')).toEqual(expect.arrayContaining(['Центральной', 'Центральную']))
    expect(russianForms('Astana')).toEqual(expect.arrayContaining(['Astane', 'Astany', 'Astanoy']))
    expect(russianForms('Yuriy')).toEqual(expect.arrayContaining(['Yuriya', 'Yuriyu', 'Yuriem']))
    // A short -ий name is not taken for an adjective: Юрий's forms are not Юра's.
    expect(russianForms('Юрий')).not.toContain('Юра')
    expect(russianForms('東京')).toEqual(['東京'])
    expect(russianForms('F')).toEqual(['F'])
  })

  it.each([
    [
      'Tokayev',
      'Токаеву и Токаевым, Тоқаев, Tokaev, Tokayev’s',
      ['Токаеву', 'Токаевым', 'Тоқаев', 'Tokaev', 'Tokayev’s'],
    ],
    ['Tokayev', 'Токмак, Токарев, Токай, тока, Тока, Токаевский, Tokmak, tokayev', []],
    ['Kazakhstan', 'В Казахстане, власти Казахстана, Казахстанский', ['Казахстане', 'Казахстана']],
    ['Astana', 'Астаной, Астанин, Astanin', ['Астаной']],
    ['Yuriy Gagarin', 'Юрию Гагарину, Юра Гагарин, Юрий Гагарин', ['Юрию Гагарину', 'Юрий Гагарин']],
    [
      'Nur-Sultan',
      'в Нур-Султане, Нур Султан, Nur-Sultan, Нур, Султан',
      ['Нур-Султане', 'Нур Султан', 'Nur-Sultan'],
    ],
    [
      'Kassym-Jomart Tokayev',
      'Kasym-Zhomart Tokayev, Касым-Жомарта Токаева, Jomart Tokayev',
      ['Kasym-Zhomart Tokayev', 'Касым-Жомарта Токаева'],
    ],
    [
      'John F. Kennedy',
      'John F. Kennedy, John F Kennedy, John F.Kennedy, John. Kennedy',
      ['John F. Kennedy', 'John F Kennedy'],
    ],
    ['The Hague', 'in The Hague, the Hague, Hague', ['The Hague']],
    ['Bank of America', 'the Bank of America, Bank America, bank of America', ['Bank of America']],
  ])('%s in “%s”', (name, text, expected) => {
    expect(occurrences(name, text)).toEqual(expected)
  })

  it('keeps a name’s words from running across a line or punctuation', () => {
    expect(occurrences('Kassym-Jomart Tokayev', 'Kassym-Jomart\nTokayev; Kassym-Jomart, Tokayev')).toEqual([])
  })

  it('asks the index for names of one word in one query, for a longer name each word', () => {
    const tokayev = namePattern('Tokayev')
    const astana = namePattern('Astana')
    const full = namePattern('Bank of America')
    if (!tokayev || !astana || !full) throw new Error('no pattern')
    expect(namesQuery([tokayev, astana]).split(' OR ')).toEqual(expect.arrayContaining(['Tokayev', 'Astane']))
    // The stop word is not asked for (the index does not hold it); it is checked in the text.
    const groups = parseQuery(namesQuery([full])).required.map((group) => group.map((c) => c.text))
    expect(groups.map((group) => group[0])).toEqual(['Bank', 'America'])
    expect(groups[1]).toEqual(expect.arrayContaining(['Americe', 'Americoy']))
    expect(namePattern('the')).toBeNull()
    expect(namePattern('"Tokayev"')?.words.map((w) => w.text)).toEqual(['Tokayev'])
  })
})
