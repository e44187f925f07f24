import {
  IMPORTABLE_EXTENSIONS,
  inSavedPageAssets,
  isImportableFile,
  SKIPPED_IN_FOLDER_MESSAGE,
} from '../../../shared/import-formats'
import type { ImportResult } from '../../../shared/model'

/** A file picked or dropped by the user, with the name the archive will record for it. */
export interface PickedFile {
  /** Relative path inside a chosen or dropped folder, else the file's own name. */
  name: string
  file: File
  /**
   * True when the file came from inside a chosen or dropped folder. The user picked the folder, not this
   * file, so files of other types are skipped (as the CLI does); a file picked by itself is always sent.
   */
  inFolder: boolean
}

/** Extensions the file chooser offers; other files are still sent, and the engine names the reason it refuses them. */
export const IMPORT_ACCEPT = IMPORTABLE_EXTENSIONS.join(',')

/** The report line of a folder's file that is not sent, or null when the file is to be imported. */
export function skippedResult(picked: Pick<PickedFile, 'name' | 'inFolder'>): ImportResult | null {
  if (!picked.inFolder || isImportableFile(picked.name)) return null
  return { file: picked.name, status: 'skipped', message: SKIPPED_IN_FOLDER_MESSAGE }
}

/** Dotfiles inside a folder (.DS_Store, .git) were never chosen by the user, so folders leave them out. */
function isHidden(name: string): boolean {
  return name.startsWith('.')
}

/** Files from an `<input type=file>`, keeping the relative path when a folder was chosen. */
export function filesFromInput(list: FileList | null): PickedFile[] {
  const picked: PickedFile[] = []
  for (const file of Array.from(list ?? [])) {
    const relative = file.webkitRelativePath
    if (relative && relative.split('/').some(isHidden)) continue
    picked.push({ name: relative || file.name, file, inFolder: !!relative })
  }
  return withoutSavedPageAssets(picked)
}

/** A folder's `Page_files` beside its `Page.html` belongs to the page: neither sent nor listed as skipped. */
export function withoutSavedPageAssets(picked: PickedFile[]): PickedFile[] {
  const assets = inSavedPageAssets(picked.filter((p) => p.inFolder).map((p) => p.name))
  return picked.filter((p) => !p.inFolder || !assets(p.name))
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject))
}

/** readEntries returns a folder's children in batches (100 in Chromium) until it returns none. */
async function childrenOf(entry: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = entry.createReader()
  const all: FileSystemEntry[] = []
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject),
    )
    if (batch.length === 0) return all
    all.push(...batch)
  }
}

async function walk(entry: FileSystemEntry, into: PickedFile[], topLevel: boolean): Promise<void> {
  if (!topLevel && isHidden(entry.name)) return
  if (entry.isFile) {
    const file = await fileOf(entry as FileSystemFileEntry)
    into.push({ name: entry.fullPath.replace(/^\/+/, '') || file.name, file, inFolder: !topLevel })
  } else if (entry.isDirectory) {
    const children = await childrenOf(entry as FileSystemDirectoryEntry)
    children.sort((a, b) => a.name.localeCompare(b.name))
    for (const child of children) await walk(child, into, false)
  }
}

/** Files and folders dropped on the window, folders walked recursively. */
export async function filesFromDrop(transfer: DataTransfer): Promise<PickedFile[]> {
  // Entries must be taken synchronously: the DataTransfer is emptied once the drop handler yields.
  const entries: FileSystemEntry[] = []
  const loose: File[] = []
  for (const item of Array.from(transfer.items)) {
    if (item.kind !== 'file') continue
    const entry = item.webkitGetAsEntry()
    if (entry) entries.push(entry)
    else {
      const file = item.getAsFile()
      if (file) loose.push(file)
    }
  }
  const picked: PickedFile[] = loose.map((file) => ({ name: file.name, file, inFolder: false }))
  for (const entry of entries) await walk(entry, picked, true)
  return withoutSavedPageAssets(picked)
}

/** True when a drag carries files (not text dragged from the reader). */
export function dragHasFiles(transfer: DataTransfer | null): boolean {
  return !!transfer && Array.from(transfer.types).includes('Files')
}
