import { transliterate } from 'transliteration'

/**
 * A spelling-neutral "skeleton" of a word, so that names meet across scripts and romanisations:
 * Tokayev, Tokaev, Токаев and Тоқаев all fold to "tokaev". The skeleton is indexed as an extra term
 * (marked with SKELETON_MARK so it never collides with an ordinary word) and looked up for every query word.
 */
export const SKELETON_MARK = '≈'

/** Kazakh letters, which the transliteration library writes with apostrophes or symbols. */
const KAZAKH: Record<string, string> = {
  ә: 'a',
  Ә: 'A',
  ғ: 'g',
  Ғ: 'G',
  қ: 'k',
  Қ: 'K',
  ң: 'n',
  Ң: 'N',
  ө: 'o',
  Ө: 'O',
  ұ: 'u',
  Ұ: 'U',
  ү: 'u',
  Ү: 'U',
  һ: 'h',
  Һ: 'H',
  і: 'i',
  І: 'I',
}

/** Letter groups that romanisations spell differently (BGN "kh", "zh", "shch"; German "sch"; …). */
const DIGRAPHS: Record<string, string> = {
  shch: 's',
  sch: 's',
  dzh: 'j',
  kh: 'h',
  ch: 'c',
  sh: 's',
  zh: 'j',
  ts: 'c',
  tz: 'c',
  ph: 'f',
  dj: 'j',
  ck: 'k',
}

const cache = new Map<string, string | null>()
const CACHE_LIMIT = 100_000

function fold(latin: string): string {
  return latin
    .replace(/shch|sch|dzh|kh|ch|sh|zh|ts|tz|ph|dj|ck/g, (m) => DIGRAPHS[m] ?? m)
    .replace(/w/g, 'v')
    .replace(/q/g, 'k')
    .replace(/x/g, 'ks')
    .replace(/(?:iy|yy|ij)$/, 'i') // Yuriy, Yurij → yuri
    .replace(/^[yi](?=[aeiou])/, '') // Yerlan, Ierlan → erlan
    .replace(/([aeiou])[yi](?=[aeiou])/g, '$1') // Tokayev, Tokaiev → tokaev
    .replace(/^(.{3,}(?:ev|ov|in|yn))(?:a|u|ym|im|om|e|oi|oy|yh|ih|ymi|ami|ah)$/, '$1') // Токаева, Токаевым → tokaev
    .replace(/(.)\1+/g, '$1') // Kassym → kasym
}

/** The skeleton of one word, or null when it is not a name-like word of at least three letters. */
export function skeletonOf(word: string): string | null {
  const cached = cache.get(word)
  if (cached !== undefined) return cached
  // Names have no digits; "zebra1" and "zebra2" must not fold into one word.
  if (/\p{N}/u.test(word)) return null
  // ASCII words need no transliteration, which is the costly step; most words of an English archive are.
  const ascii = /^[\x20-\x7e]*$/.test(word)
  const latin = (
    ascii ? word : transliterate(word.replace(/[әӘғҒқҚңҢөӨұҰүҮһҺіІ]/g, (ch) => KAZAKH[ch] ?? ch))
  )
    .toLowerCase()
    .replace(/[^a-z]/g, '')
  const skeleton = latin.length >= 3 ? fold(latin) : ''
  const result = skeleton.length >= 3 ? skeleton : null
  if (cache.size >= CACHE_LIMIT) cache.clear()
  cache.set(word, result)
  return result
}
