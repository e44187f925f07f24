import { writeFileSync } from 'node:fs'
import type { AuditEntry } from '../shared/audit-types'
import { CasebookError } from '../shared/errors'
import type { IntegrityReport } from '../shared/integrity-types'
import { exportAuditLog } from '../core/audit/audit-export'
import type { Engine } from '../core/engine'

/** The CLI's side of issue 6's audit log and integrity check: `log`, `check`, `export audit`. */

interface Output {
  out(line: string): void
  err(line: string): void
}

function call<T>(engine: Engine, channel: string, input: unknown): T {
  const envelope = engine.dispatch(channel, input)
  if (!envelope.ok) throw new CasebookError(envelope.error.code, envelope.error.message)
  return envelope.value as T
}

/** `log [--subject <id>] [--json]`: the whole log (or one record's entries), newest first. */
export function logCommand(engine: Engine, flags: { subject?: string; json?: boolean }, io: Output): number {
  const entries: AuditEntry[] = []
  const PAGE = 500
  for (;;) {
    const page = call<{ entries: AuditEntry[] }>(engine, 'audit.list', {
      limit: PAGE,
      offset: entries.length,
      subject: flags.subject,
    })
    entries.push(...page.entries)
    if (page.entries.length < PAGE) break
  }
  if (flags.json) {
    io.out(JSON.stringify(entries, null, 2))
    return 0
  }
  for (const e of entries)
    io.out([e.seq, e.at, e.action, e.subject ?? '-', JSON.stringify(e.detail)].join('\t'))
  io.err(`${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}`)
  return 0
}

/** `check [--full] [--json]`: exits 1 when anything is wrong, so a script can act on it. */
export function checkCommand(engine: Engine, flags: { full?: boolean; json?: boolean }, io: Output): number {
  const report = call<IntegrityReport>(engine, 'archive.check', { full: flags.full ?? false })
  if (flags.json) io.out(JSON.stringify(report, null, 2))
  else {
    for (const p of report.problems)
      io.out(`${p.kind}\t${p.where}\t${p.message}${p.repairable ? '\t(repairable)' : ''}`)
    const { versions, auditEntries, segments } = report.checked
    const what =
      `${report.full ? 'full integrity_check' : 'quick_check'}, ${versions} texts against their SHA-256, ` +
      `${auditEntries} audit log entries, ${segments} search segments`
    io.err(
      report.ok
        ? `ok: ${what}`
        : `${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} found (${what})`,
    )
  }
  return report.ok ? 0 : 1
}

/** `export audit [--out <file>]`: the log as JSON Lines, headed by how to verify it. */
export function exportAuditCommand(engine: Engine, flags: { out?: string }, io: Output): number {
  const { content, entries, head } = exportAuditLog(engine.db)
  if (flags.out) {
    writeFileSync(flags.out, content)
    io.err(`${entries} audit log entries written to ${flags.out} (head ${head})`)
  } else io.out(content.replace(/\n$/, ''))
  return 0
}
