import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { troffParagraphs } from './troff-text'

/**
 * Real Russian text for the search benchmark: the man pages of Debian's `manpages-ru` (about 180 pages
 * translated into Russian). No npm package carries a comparable amount of Russian prose, so the .deb is
 * fetched with `apt-get download` (no root, nothing installed) into bench/.cache/ and unpacked with
 * `dpkg-deb -x` there; later runs read the unpacked copy and need neither apt nor the network.
 */

const CACHE = join(import.meta.dirname, '.cache', 'manpages-ru')
const UNPACKED = join(CACHE, 'root')
const MAN_ROOT = join(UNPACKED, 'usr', 'share', 'man', 'ru')

/** A paragraph is kept when it is prose: a few words, and mostly Cyrillic letters (not an option list). */
const MIN_WORDS = 6
const MIN_CYRILLIC_SHARE = 0.6

function isRussianProse(paragraph: string): boolean {
  const letters = paragraph.match(/\p{L}/gu)?.length ?? 0
  const cyrillic = paragraph.match(/\p{Script=Cyrillic}/gu)?.length ?? 0
  return paragraph.split(' ').length >= MIN_WORDS && letters > 0 && cyrillic / letters >= MIN_CYRILLIC_SHARE
}

/** Fetches and unpacks the package unless a previous run did; returns why not if it cannot. */
function ensureUnpacked(): string | null {
  if (existsSync(MAN_ROOT)) return null
  mkdirSync(CACHE, { recursive: true })
  try {
    let deb = readdirSync(CACHE).find((name) => name.endsWith('.deb'))
    if (!deb) {
      execFileSync('apt-get', ['download', 'manpages-ru'], { cwd: CACHE, stdio: 'pipe', timeout: 120_000 })
      deb = readdirSync(CACHE).find((name) => name.endsWith('.deb'))
      if (!deb) return 'apt-get download manpages-ru left no .deb file'
    }
    execFileSync('dpkg-deb', ['-x', join(CACHE, deb), UNPACKED], { stdio: 'pipe', timeout: 60_000 })
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim()
    return stderr || (error as Error).message
  }
  return existsSync(MAN_ROOT) ? null : `the package holds no ${relative(UNPACKED, MAN_ROOT)}`
}

/** Every gzipped page under a folder, in a fixed order; links (the same page under another name) skipped. */
function manPages(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) return manPages(path)
      return entry.isFile() && entry.name.endsWith('.gz') ? [path] : []
    })
}

/**
 * The Russian paragraphs of every page of `manpages-ru`, in a fixed order, each paragraph once; or null,
 * with the reason on stderr, when the package cannot be had (no apt, no dpkg, no network on the first run).
 */
export function loadRussianManpages(): string[] | null {
  const failure = ensureUnpacked()
  if (failure !== null) {
    process.stderr.write(`Russian text (manpages-ru) not available, English only: ${failure}\n`)
    return null
  }
  const seen = new Set<string>()
  for (const page of manPages(MAN_ROOT)) {
    const source = gunzipSync(readFileSync(page)).toString('utf8')
    // A page that only points to another (`.so man2/foo.2`) has no text of its own.
    if (/^\.so\s/m.test(source) && source.split('\n').length < 5) continue
    for (const paragraph of troffParagraphs(source)) if (isRussianProse(paragraph)) seen.add(paragraph)
  }
  return [...seen]
}
