import type { Database } from 'better-sqlite3-multiple-ciphers'
import { distance } from 'fastest-levenshtein'
import type { DuplicateCandidate, EntitySummary } from '../../shared/model'
import { skeletonOf } from '../search/name-fold'
import { listEntities } from './entities'

/** Skeletons this far apart (edits per letter) are one name spelt two ways: Nazarbayev / Nazarbaev. */
const SIMILAR_SKELETONS = 0.2
/** A name must be this long (in skeleton letters) to be compared loosely: short names collide by chance. */
const MIN_LOOSE_LENGTH = 5

/** A name as words of its skeleton ("Kassym-Jomart Tokayev" → kasymjomart, tokaev): script-neutral. */
function skeletonWords(name: string): string[] {
  return name
    .split(/[\s,.;:()]+/)
    .filter(Boolean)
    .map((word) => skeletonOf(word) ?? word.toLocaleLowerCase())
}

interface NameForm {
  name: string
  words: string[]
  whole: string
}

function formsOf(entity: EntitySummary): NameForm[] {
  return [entity.name, ...entity.aliases].map((name) => {
    const words = skeletonWords(name)
    return { name, words, whole: words.join(' ') }
  })
}

/** Why two names look like one, with how sure: the same skeleton, a near one, or one inside the other. */
function likeness(a: NameForm, b: NameForm): { score: number; reason: string } | null {
  if (a.whole === b.whole)
    return { score: 1, reason: `“${a.name}” and “${b.name}” are the same name spelt two ways` }
  const longest = Math.max(a.whole.length, b.whole.length)
  if (
    Math.min(a.whole.length, b.whole.length) >= MIN_LOOSE_LENGTH &&
    distance(a.whole, b.whole) / longest <= SIMILAR_SKELETONS
  )
    return { score: 0.8, reason: `“${a.name}” and “${b.name}” are spelt alike` }
  const [shorter, longer] = a.words.length <= b.words.length ? [a, b] : [b, a]
  if (
    shorter.words.length < longer.words.length &&
    shorter.words.every((w) => w.length >= 4 && longer.words.includes(w))
  )
    return { score: 0.6, reason: `“${shorter.name}” is part of “${longer.name}”` }
  return null
}

function comparableTypes(a: EntitySummary, b: EntitySummary): boolean {
  return a.type === b.type || a.type === 'other' || b.type === 'other'
}

/**
 * Entities that may be one and the same, with the reason: names or aliases that are the same name in
 * another script or romanisation (Tokayev / Токаев / Тоқаев share a transliteration skeleton), names spelt
 * alike, or a name inside another (Tokayev / Kassym-Jomart Tokayev). Pairs marked as not the same are never
 * suggested, nor entities of different types. With `id`, only that entity's candidates. Best first.
 */
export function duplicateCandidates(db: Database, id?: string): DuplicateCandidate[] {
  const entities = listEntities(db, '')
  const forms = new Map(entities.map((e) => [e.id, formsOf(e)]))
  const distinct = new Set(
    (
      db.prepare('SELECT first_id, second_id FROM entity_distinct WHERE deleted_at IS NULL').all() as Array<{
        first_id: string
        second_id: string
      }>
    ).map((r) => `${r.first_id} ${r.second_id}`),
  )
  const candidates: DuplicateCandidate[] = []
  for (let i = 0; i < entities.length; i++) {
    const a = entities[i] as EntitySummary
    for (let j = i + 1; j < entities.length; j++) {
      const b = entities[j] as EntitySummary
      if (id && a.id !== id && b.id !== id) continue
      if (!comparableTypes(a, b)) continue
      if (distinct.has(a.id < b.id ? `${a.id} ${b.id}` : `${b.id} ${a.id}`)) continue
      let best: { score: number; reason: string } | null = null
      for (const fa of forms.get(a.id) ?? [])
        for (const fb of forms.get(b.id) ?? []) {
          const found = likeness(fa, fb)
          if (found && (!best || found.score > best.score)) best = found
        }
      if (!best) continue
      const [entity, other] = id && b.id === id ? [b, a] : [a, b]
      candidates.push({ entity, other, ...best })
    }
  }
  return candidates.sort((x, y) => y.score - x.score || x.entity.name.localeCompare(y.entity.name))
}
