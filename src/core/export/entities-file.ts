import type { Database } from 'better-sqlite3-multiple-ciphers'
import type { ExportedFile } from '../../shared/model'
import { entitiesCsv } from './entities-csv'
import { entitiesFtm, ftmLines } from './entities-ftm'
import { readEntityExport } from './entities-rows'

/**
 * The entities and relations as a file (issue 5, "Export"): a CSV for a spreadsheet, or FollowTheMoney
 * entities for Aleph and the `ftm` tools. `count` is the number of Casebook entities in the file (in FtM,
 * those of type "other" that the model has no schema for are left out).
 */
export function exportEntitiesFile(db: Database, format: 'csv' | 'ftm'): ExportedFile {
  const data = readEntityExport(db)
  const day = new Date().toISOString().slice(0, 10)
  if (format === 'csv')
    return {
      fileName: `casebook-entities-${day}.csv`,
      mimeType: 'text/csv;charset=utf-8',
      content: entitiesCsv(data),
      count: data.entities.length,
    }
  const ftm = entitiesFtm(data)
  return {
    // The suffix FtM data sets are published with (one JSON entity a line).
    fileName: `casebook-entities-${day}.ftm.json`,
    mimeType: 'application/x-ndjson',
    content: ftmLines(ftm.entities),
    count: ftm.exported,
  }
}
