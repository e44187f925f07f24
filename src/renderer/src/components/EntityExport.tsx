import { useState } from 'react'
import { call } from '../lib/api'
import { downloadFile } from '../lib/download'
import { plural } from '../lib/format'
import { ActionMenu } from './ActionMenu'

/**
 * "Export all entities": every entity and relation with the passages that back them, as one CSV for a
 * spreadsheet or as FollowTheMoney entities for Aleph and the `ftm` tools. Always the whole archive's,
 * whatever the list's filter; what was saved (and what FollowTheMoney had no schema for) is said in place.
 */
export function EntityExport({ report }: { report: (error: unknown) => void }) {
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<string | null>(null)

  const save = async (format: 'csv' | 'ftm'): Promise<void> => {
    setBusy(true)
    setMessage(null)
    try {
      const file = await call('export.entities', { format })
      downloadFile(file)
      let said = `Saved ${file.fileName} (${plural(file.count, 'entity', 'entities')} with their relations and passages).`
      if (format === 'ftm') {
        const leftOut = (await call('entities.list', { query: '' })).length - file.count
        if (leftOut > 0)
          said += ` ${plural(leftOut, 'entity', 'entities')} of a type FollowTheMoney has no schema for left out; the CSV has them.`
      }
      setMessage(said)
    } catch (error) {
      report(error)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="evidence-report" style={{ margin: '0 12px 8px' }}>
      <ActionMenu
        label="Export all entities"
        disabled={busy}
        actions={[
          { label: 'CSV (spreadsheet)', run: () => void save('csv') },
          { label: 'FollowTheMoney (Aleph, .ftm.json)', run: () => void save('ftm') },
        ]}
      />
      <span className="muted transfer-message" role="status">
        {busy ? 'Exporting…' : message}
      </span>
    </div>
  )
}
