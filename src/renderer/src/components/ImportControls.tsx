import { useEffect, useRef, type ChangeEvent } from 'react'
import { IMPORTABLE_EXTENSIONS } from '../../../shared/import-formats'
import { filesFromInput, IMPORT_ACCEPT, type PickedFile } from '../lib/file-collect'

/** "Import files" and "Import folder": buttons in front of hidden file inputs. */
export function ImportControls({ onFiles, busy }: { onFiles: (files: PickedFile[]) => void; busy: boolean }) {
  const filesInput = useRef<HTMLInputElement>(null)
  const folderInput = useRef<HTMLInputElement>(null)

  useEffect(() => {
    // Set as a property: React does not know webkitdirectory as a boolean attribute and would warn on it.
    if (folderInput.current) folderInput.current.webkitdirectory = true
  }, [])

  const picked = (event: ChangeEvent<HTMLInputElement>): void => {
    const files = filesFromInput(event.target.files)
    // Clear so that choosing the same file again fires another change.
    event.target.value = ''
    onFiles(files)
  }

  return (
    <div className="import-controls">
      <button
        type="button"
        onClick={() => filesInput.current?.click()}
        title={`Import ${IMPORTABLE_EXTENSIONS.join(', ')} files`}
      >
        Import files
      </button>
      <button
        type="button"
        onClick={() => folderInput.current?.click()}
        title="Import every file of these types in a folder and its subfolders; other files are skipped"
      >
        Import folder
      </button>
      <input
        ref={filesInput}
        type="file"
        multiple
        accept={IMPORT_ACCEPT}
        hidden
        aria-label="Choose files to import"
        data-testid="import-files-input"
        onChange={picked}
      />
      <input
        ref={folderInput}
        type="file"
        multiple
        hidden
        aria-label="Choose a folder to import"
        data-testid="import-folder-input"
        onChange={picked}
      />
      {busy && <span className="busy-dot" aria-hidden="true" />}
    </div>
  )
}
