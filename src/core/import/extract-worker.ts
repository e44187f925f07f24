import { parentPort } from 'node:worker_threads'
import { describeFailure, extractForImport } from './extract-for-import'
import type { ExtractionReply, ExtractionRequest, ThreadMessage } from './extraction-pool'

/**
 * An extraction thread of the import pool: reads one file at a time (parsing, Readability, pdf.js, language
 * detection) and sends back what the archive's thread stores. It never sees the archive.
 */
const port = parentPort
if (!port) throw new Error('extract-worker.ts must run as a worker thread')
port.on('message', (request: ExtractionRequest) => {
  void extractForImport(request.fileName, request.bytes).then(
    (extracted) => {
      const reply: ExtractionReply = { id: request.id, extracted }
      // Copied, not transferred: an attachment's bytes may be a view into a buffer shared with others.
      port.postMessage(reply)
    },
    (error: unknown) =>
      port.postMessage({ id: request.id, failure: describeFailure(error) } satisfies ExtractionReply),
  )
})
// Its modules are loaded (from source, compiled: seconds): the pool may send it files now.
port.postMessage({ ready: true } satisfies ThreadMessage)
