/**
 * The file types Casebook imports, by extension. Both shells and the CLI decide from this one list what a
 * folder contributes, so a folder imports the same files whichever way it is chosen.
 */
export const IMPORTABLE_EXTENSIONS = [
  '.txt',
  '.text',
  '.md',
  '.markdown',
  '.html',
  '.htm',
  '.xhtml',
  '.docx',
  '.epub',
  '.mhtml',
  '.mht',
  '.eml',
  '.mbox',
] as const
export type ImportableExtension = (typeof IMPORTABLE_EXTENSIONS)[number]

/** The lower-cased extension of a file name or path, with its dot; '' when it has none. */
export function extensionOf(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName
  const dot = base.lastIndexOf('.')
  return dot > 0 ? base.slice(dot).toLowerCase() : ''
}

export function isImportableFile(fileName: string): boolean {
  return (IMPORTABLE_EXTENSIONS as readonly string[]).includes(extensionOf(fileName))
}

/** What a folder's unsupported files are reported with: they are skipped, not failed. */
export const SKIPPED_IN_FOLDER_MESSAGE = 'skipped: not a file type Casebook imports'
