import { v7 as uuidv7 } from 'uuid'

/**
 * Every record gets a time-ordered, globally unique id (UUIDv7), never an autoincrement integer:
 * archives will later sync between laptops and merge case bundles without renumbering.
 */
export function newId(): string {
  return uuidv7()
}

export function nowIso(): string {
  return new Date().toISOString()
}
