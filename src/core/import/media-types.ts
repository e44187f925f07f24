import { extensionOf } from '../../shared/import-formats'

/** The media type a kept source file is given back with (an export, "open the original"). */
const MEDIA_TYPES: Record<string, string> = {
  '.txt': 'text/plain',
  '.text': 'text/plain',
  '.md': 'text/markdown',
  '.markdown': 'text/markdown',
  '.html': 'text/html',
  '.htm': 'text/html',
  '.xhtml': 'application/xhtml+xml',
  '.pdf': 'application/pdf',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.epub': 'application/epub+zip',
  '.mhtml': 'multipart/related',
  '.mht': 'multipart/related',
  '.eml': 'message/rfc822',
  '.mbox': 'application/mbox',
  '.zip': 'application/zip',
}

export function mediaTypeOf(fileName: string): string {
  return MEDIA_TYPES[extensionOf(fileName)] ?? 'application/octet-stream'
}
