import type { ExportedFile } from '../../../shared/model'

/** How long the Blob URL of a download lives: revoking it at once may cancel a download not yet started. */
const REVOKE_AFTER_MS = 60_000

/**
 * Offers an exported file as a download: a Blob URL clicked through an `<a download>`, which saves the file
 * without navigating the app and without any network request.
 */
export function downloadFile(file: ExportedFile): void {
  downloadBytes(file.fileName, file.mimeType, file.content)
}

/** The same for any content: text or a file's bytes (an imported original). */
export function downloadBytes(
  fileName: string,
  mimeType: string,
  content: string | Uint8Array<ArrayBuffer>,
): void {
  const url = URL.createObjectURL(new Blob([content], { type: mimeType }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.hidden = true
  document.body.append(link)
  link.click()
  link.remove()
  window.setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS)
}
