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
  '.pdf',
  '.docx',
  '.epub',
  '.mhtml',
  '.mht',
  '.eml',
  '.mbox',
  // A zip of files: each supported file in it is imported (import-file.ts).
  '.zip',
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

/**
 * A browser's "save page, complete" writes `Page.html` and beside it a `Page_files` folder of images,
 * styles and scripts. Inside a chosen folder those files are part of the page, not files to report one by
 * one as skipped: this says, for every path of a folder's listing (separated by / or \\), whether it lies in
 * such a folder.
 */
export function inSavedPageAssets(paths: readonly string[]): (path: string) => boolean {
  const pages = new Set<string>()
  for (const path of paths) {
    const m = /^(.*)\.(html?|xhtml)$/i.exec(path.replace(/\\/g, '/'))
    if (m?.[1]) pages.add(m[1])
  }
  return (path) => {
    const parts = path.replace(/\\/g, '/').split('/')
    for (let i = 0; i < parts.length - 1; i++) {
      const m = /^(.*)_files$/.exec(parts[i] ?? '')
      if (m && pages.has([...parts.slice(0, i), m[1]].join('/'))) return true
    }
    return false
  }
}
