import { useRef, useState } from 'react'
import type { HighlightFilters } from '../../../shared/contract'
import type { AnnotationImportResult } from '../../../shared/model'
import { call } from '../lib/api'
import { downloadFile } from '../lib/download'
import { plural } from '../lib/format'
import { ActionMenu } from './ActionMenu'

/** What the last export or import did, in a sentence. */
function importSummary(result: AnnotationImportResult): string {
  const parts = [`Imported ${plural(result.imported, 'annotation')}`]
  if (result.orphaned.length > 0) parts.push(`${result.orphaned.length} to review (words not found)`)
  if (result.skipped.length > 0) parts.push(`${result.skipped.length} skipped`)
  if (result.failed.length > 0) parts.push(`${result.failed.length} failed`)
  return `${parts.join(', ')}.`
}

/**
 * "Export…" (the highlights the filters leave, as W3C Web Annotations, CSV or an evidence report) and "Import…" (W3C Web
 * Annotations from Casebook or another tool) for the Highlights tab. What happened is said in place.
 */
export function AnnotationTransfer({
  filters,
  onImported,
  report,
}: {
  filters: HighlightFilters
  /** Highlights were created: lists and counts must be refreshed. */
  onImported: () => void
  report: (error: unknown) => void
}) {
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<string | null>(null)
  const fileInput = useRef<HTMLInputElement>(null)

  const run = async (task: () => Promise<string>): Promise<void> => {
    setBusy(true)
    setMessage(null)
    try {
      setMessage(await task())
    } catch (error) {
      report(error)
    } finally {
      setBusy(false)
    }
  }

  const exportAs = (format: 'w3c' | 'csv'): void =>
    void run(async () => {
      const file = await call('export.annotations', { format, filters })
      downloadFile(file)
      return `Exported ${plural(file.count, 'highlight')} to ${file.fileName}.`
    })

  const reportAs = (format: 'md' | 'html'): void =>
    void run(async () => {
      const file = await call('export.report', { filters, format })
      downloadFile(file)
      return `Wrote an evidence report of ${plural(file.count, 'passage')} to ${file.fileName}.`
    })

  const importFile = (file: File): void =>
    void run(async () => {
      const result = await call('import.annotations', { name: file.name, content: await file.text() })
      if (result.imported > 0) onImported()
      return importSummary(result)
    })

  return (
    <div className="annotation-transfer">
      <div className="annotation-transfer-actions">
        <ActionMenu
          label="Export"
          disabled={busy}
          actions={[
            { label: 'W3C Web Annotations (JSON-LD)', run: () => exportAs('w3c') },
            { label: 'CSV (spreadsheet)', run: () => exportAs('csv') },
            { label: 'Evidence report (HTML, printable)', run: () => reportAs('html') },
            { label: 'Evidence report (Markdown)', run: () => reportAs('md') },
          ]}
        />
        <button
          type="button"
          className="small"
          disabled={busy}
          onClick={() => fileInput.current?.click()}
          title="Import W3C Web Annotations (JSON-LD)"
        >
          Import annotations…
        </button>
        <input
          ref={fileInput}
          type="file"
          hidden
          accept=".json,.jsonld,application/ld+json,application/json"
          aria-label="Annotations file"
          onChange={(e) => {
            const file = e.target.files?.[0]
            // Cleared, so choosing the same file again imports it again.
            e.target.value = ''
            if (file) importFile(file)
          }}
        />
      </div>
      <p className="muted transfer-message" role="status">
        {busy ? 'Working…' : message}
      </p>
    </div>
  )
}
