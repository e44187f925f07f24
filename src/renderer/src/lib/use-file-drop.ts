import { useEffect, useState } from 'react'
import { dragHasFiles, filesFromDrop, type PickedFile } from './file-collect'

/**
 * Accepts files and folders dropped anywhere on the window. Returns whether files are being dragged over it,
 * so the window can say where they will go. Text dragged inside the reader is left alone.
 */
export function useFileDrop(
  onFiles: (files: PickedFile[]) => void,
  onError: (error: unknown) => void,
): boolean {
  const [dragging, setDragging] = useState(false)

  useEffect(() => {
    // dragenter/dragleave fire for every child element crossed; only the count tells when the drag left the window.
    let depth = 0
    const enter = (event: DragEvent): void => {
      if (!dragHasFiles(event.dataTransfer)) return
      event.preventDefault()
      depth++
      setDragging(true)
    }
    const over = (event: DragEvent): void => {
      if (!dragHasFiles(event.dataTransfer)) return
      // Without preventDefault on dragover the browser would open the file instead of dropping it here.
      event.preventDefault()
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy'
    }
    const leave = (event: DragEvent): void => {
      if (!dragHasFiles(event.dataTransfer)) return
      depth = Math.max(0, depth - 1)
      if (depth === 0) setDragging(false)
    }
    const drop = (event: DragEvent): void => {
      if (!dragHasFiles(event.dataTransfer) || !event.dataTransfer) return
      event.preventDefault()
      depth = 0
      setDragging(false)
      filesFromDrop(event.dataTransfer).then(onFiles, onError)
    }
    window.addEventListener('dragenter', enter)
    window.addEventListener('dragover', over)
    window.addEventListener('dragleave', leave)
    window.addEventListener('drop', drop)
    return () => {
      window.removeEventListener('dragenter', enter)
      window.removeEventListener('dragover', over)
      window.removeEventListener('dragleave', leave)
      window.removeEventListener('drop', drop)
    }
  }, [onFiles, onError])

  return dragging
}
