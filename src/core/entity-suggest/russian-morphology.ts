import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/**
 * Az.js (npm `az`): pymorphy2's Russian morphology ported to JavaScript, with its OpenCorpora dictionaries
 * (389k lexemes, ~10 MB of DAWG files in node_modules/az/dicts). It tells the case, number and gender of a word,
 * its lemma, whether it is a first name (Name), surname (Surn), patronymic (Patr), place (Geox) or organisation
 * (Orgn), and guesses all that for unknown words from their endings (Токаева → surname Токаев).
 * It has no TypeScript types: the shapes below are the part this module uses.
 */
export interface AzTag {
  /** Grammemes are flags (tag.Surn === true) and categories (tag.CAse === 'gent'). */
  readonly [grammeme: string]: unknown
}

export interface AzParse {
  tag: AzTag
  score: number
  /** Which analyser produced it: 'Dictionary' for a known word, others ('Abbr', 'SuffixKnown'…) guess. */
  parser?: string
  /** The form with other grammemes, or false when the paradigm has none. */
  inflect(grammemes: string[]): AzParse | false
  normalize(keepPartOfSpeech?: boolean): AzParse | false
  toString(): string
}

interface AzModule {
  load(url: string, responseType: string, callback: (error: Error | null, data?: unknown) => void): void
  Morph: ((word: string) => AzParse[]) & {
    init(path: string, callback: (error: Error | null) => void): void
  }
}

let az: AzModule | null = null

/**
 * Az with its dictionaries loaded, on first use (about 0.2 s and 15 MB of memory, once per process).
 * Az loads its files through `Az.load` with callbacks, counting the files still to come. Here `Az.load` only
 * queues each request; once `init` has asked for every file, the queue is read synchronously, so `init` has
 * finished when this returns and suggesting stays a plain synchronous call. The dictionaries are read from the
 * installed package (the Electron build keeps dependencies in node_modules, outside the bundle).
 */
export function russianMorphology(): AzModule {
  if (az) return az
  const require = createRequire(import.meta.url)
  // Az is a CommonJS/UMD module with no types: its shape is declared above.
  const loaded = require('az') as AzModule
  const requests: Array<() => void> = []
  loaded.load = (url, responseType, callback) => {
    requests.push(() => {
      let data: unknown
      try {
        const bytes = readFileSync(url)
        data =
          responseType === 'json'
            ? JSON.parse(bytes.toString('utf8'))
            : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)
      } catch (error) {
        callback(error instanceof Error ? error : new Error(String(error)))
        return
      }
      callback(null, data)
    })
  }
  let failure: Error | null | undefined
  loaded.Morph.init(join(dirname(require.resolve('az/package.json')), 'dicts'), (error) => {
    failure ??= error
  })
  for (const request of requests) request()
  if (failure === undefined) throw new Error('Az did not load its dictionaries.')
  if (failure) throw failure
  az = loaded
  return az
}
