/** The kinds of entity the suggester proposes (events are left to the user). */
export type SuggestedEntityType = 'person' | 'organisation' | 'place'

/** One place in the text where a suggested entity is named: UTF-16 offsets, `text.slice(start, end) === text`. */
export interface SuggestionSpan {
  start: number
  end: number
  text: string
}

/**
 * A proposed entity: its name (nominative for Russian), its type, and every span that names it — inflected
 * forms, a bare surname after the full name, a quoted or abbreviated form. A suggestion is only a proposal:
 * the user accepts or rejects it; nothing here writes to the archive.
 */
export interface EntitySuggestion {
  name: string
  type: SuggestedEntityType
  count: number
  spans: SuggestionSpan[]
}

/**
 * One naming of a would-be entity, as a language's extractor found it. Mentions with the same key become one
 * suggestion; `type` and `weight` are that mention's vote for the suggestion's type (weight 0: no opinion).
 */
export interface Mention {
  start: number
  end: number
  /** Grouping key: the same entity under any inflection or casing (a lemma, a lower-cased name). */
  key: string
  /** The key of each word of a person's name (first, last…), so a bare surname can join the full name. */
  parts: string[]
  /** The entity's name as this mention would give it (nominative, without a possessive 's). */
  name: string
  type: SuggestedEntityType | null
  weight: number
}

interface Group {
  key: string
  parts: string[]
  mentions: Mention[]
}

/** Evidence weights for a mention's type vote, strongest first. */
export const EVIDENCE = {
  /** A dictionary or lexicon tag (Surn, Geox, Country…), an abbreviation, a head word such as Party. */
  lexical: 3,
  /** A cue in the words around it: "said", "politician", "in", "foundation". */
  context: 2,
  /** A guess from the shape alone: two capitalised unknown words are most often a person's name. */
  shape: 1,
} as const

/**
 * Turns the mentions found in `text` into suggestions: groups them by key, lets a bare surname (or a bare first
 * word of an organisation's name) join the one full name it ends (or starts), types each group by the weight of
 * its mentions' votes, and drops groups nothing typed. Spans are checked against the text.
 */
export function collectSuggestions(text: string, mentions: readonly Mention[]): EntitySuggestion[] {
  const groups = new Map<string, Group>()
  for (const mention of mentions) {
    if (text.slice(mention.start, mention.end).length === 0) continue
    const group = groups.get(mention.key)
    if (group) group.mentions.push(mention)
    else groups.set(mention.key, { key: mention.key, parts: mention.parts, mentions: [mention] })
  }

  mergeShortForms(groups)

  const suggestions: EntitySuggestion[] = []
  for (const group of groups.values()) {
    const type = winningType(group.mentions)
    if (!type) continue
    const spans = uniqueSpans(text, group.mentions)
    suggestions.push({
      name: commonestName(group.mentions) || (spans[0]?.text ?? ''),
      type,
      count: spans.length,
      spans,
    })
  }
  return suggestions.sort(
    (a, b) =>
      b.count - a.count ||
      (a.spans[0]?.start ?? 0) - (b.spans[0]?.start ?? 0) ||
      a.name.localeCompare(b.name),
  )
}

/**
 * "Tokayev" after "Kasym-Zhomart Tokayev", "Токаеву" after "Касым-Жомарт Токаев": a one-word group that is the
 * last word of exactly one person's full name joins it. A one-word group nothing typed that is the first word of
 * exactly one organisation's name ("Oyan" for “Oyan, Qazaqstan!”) joins that. Ambiguous short forms stay apart.
 */
function mergeShortForms(groups: Map<string, Group>): void {
  const fullNamesByLast = new Map<string, Group[]>()
  const organisationsByFirst = new Map<string, Group[]>()
  for (const group of groups.values()) {
    if (group.parts.length < 2) continue
    const type = winningType(group.mentions)
    if (type === 'person') pushTo(fullNamesByLast, group.parts[group.parts.length - 1] ?? '', group)
    if (type === 'organisation') pushTo(organisationsByFirst, group.parts[0] ?? '', group)
  }
  for (const group of [...groups.values()]) {
    if (group.parts.length !== 1) continue
    const type = winningType(group.mentions)
    let target: Group | undefined
    if (type === null || type === 'person') target = only(fullNamesByLast.get(group.key))
    if (!target && type === null) target = only(organisationsByFirst.get(group.key))
    if (!target) continue
    // A bare surname keeps its own type vote out: "Tokayev said" is evidence for the full name's type anyway.
    target.mentions.push(...group.mentions.map((mention) => ({ ...mention, name: '' })))
    groups.delete(group.key)
  }
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

function only<T>(list: T[] | undefined): T | undefined {
  return list && list.length === 1 ? list[0] : undefined
}

function winningType(mentions: readonly Mention[]): SuggestedEntityType | null {
  const totals = new Map<SuggestedEntityType, number>()
  for (const { type, weight } of mentions) {
    if (type && weight > 0) totals.set(type, (totals.get(type) ?? 0) + weight)
  }
  let best: SuggestedEntityType | null = null
  let bestWeight = 0
  for (const [type, weight] of totals) {
    if (weight > bestWeight) [best, bestWeight] = [type, weight]
  }
  return best
}

/** The name most mentions give; among equals, the longest (the full form), then the first seen. */
function commonestName(mentions: readonly Mention[]): string {
  const counts = new Map<string, number>()
  for (const { name } of mentions) if (name) counts.set(name, (counts.get(name) ?? 0) + 1)
  let best = ''
  let bestCount = 0
  for (const [name, count] of counts) {
    if (count > bestCount || (count === bestCount && name.length > best.length))
      [best, bestCount] = [name, count]
  }
  return best
}

function uniqueSpans(source: string, mentions: readonly Mention[]): SuggestionSpan[] {
  const byStart = new Map<number, SuggestionSpan>()
  for (const { start, end } of mentions) {
    const existing = byStart.get(start)
    if (existing && existing.end >= end) continue
    byStart.set(start, { start, end, text: source.slice(start, end) })
  }
  return [...byStart.values()].sort((a, b) => a.start - b.start)
}
