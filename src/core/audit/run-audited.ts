import type { Database } from 'better-sqlite3-multiple-ciphers'
import type { AuditedChannel } from '../../shared/channel-effects'
import { appendAudit, type AuditRecord } from './audit-log'
import { AUDITORS } from './channel-audit'

/** An auditor with its channel's types forgotten: dispatch has checked the input against the contract. */
type UntypedAuditor = (db: Database, input: unknown) => (output: unknown) => AuditRecord[]

/**
 * Runs a logged operation and appends its entries in one IMMEDIATE transaction: the change and its log
 * entry are committed together, or (the handler throws) neither is. The handlers' own transactions become
 * savepoints inside this one.
 */
export function runAudited(
  db: Database,
  channel: AuditedChannel,
  input: unknown,
  handler: (input: unknown) => unknown,
): unknown {
  const auditor = AUDITORS[channel] as unknown as UntypedAuditor
  return db
    .transaction(() => {
      const describe = auditor(db, input)
      const output = handler(input)
      for (const record of describe(output)) appendAudit(db, record)
      return output
    })
    .immediate()
}
