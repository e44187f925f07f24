import { CasebookError } from '../../shared/errors'
import type { QueryClause } from '../../shared/search-query'
import { tagKey } from '../../shared/tags'

/**
 * What a `tag:` clause asks for. Tags are labels the researcher typed, not prose: `tag:fraud` is the tag
 * "fraud" in any case (not "fraudulent", no stemming), `tag:"election fraud"` a tag of several words, and
 * `tag:elect*` any tag starting with "elect". Fuzzy matching would turn one label into another, so `~` is
 * refused with a message saying what works instead.
 */
export function tagClause(clause: QueryClause): { key: string; prefix: boolean } {
  if (clause.kind === 'term' && clause.fuzzy > 0) {
    throw new CasebookError(
      'invalid_input',
      `search: tag:${clause.text}~${clause.fuzzy} — a tag is matched as written or by its beginning (tag:${clause.text}*), not with ~`,
    )
  }
  return { key: tagKey(clause.text), prefix: clause.kind === 'term' && clause.prefix }
}
