import type { AuditValue } from '../../shared/audit-types'

/**
 * JSON with object keys sorted (by UTF-16 code units, as JavaScript's sort does) and no white space: the one
 * serialisation a log entry's hash is taken over, so anyone can recompute it in any language.
 */
export function canonicalJson(value: AuditValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const keys = Object.keys(value).sort()
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key] ?? null)}`).join(',')}}`
}
