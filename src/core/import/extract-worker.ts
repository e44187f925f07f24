import { parentPort } from 'node:worker_threads'
import { describeFailure, extractForImport } from './extract-for-import'
import type { ExtractionReply, ExtractionRequest, ThreadMessage } from './extraction-pool'

/**
 * An extraction thread of the import pool: reads one file at a time (parsing, Readability, pdf.js, language
 * detection) and sends back what the archive's thread stores. It never sees the archive.
 */
const port = parentPort
if (!port) throw new Error('extract-worker.ts must run as a worker thread')
// The pool sends the next file before this one is done (so the thread never waits for the archive's busy
// thread to hand it one); files are still read one after the other, in the order sent.
let reading: Promise<void> = Promise.resolve()
port.on('message', (request: ExtractionRequest) => {
  // read() answers every failure itself; were it ever to throw, the next files must still be read.
  reading = reading.then(() => read(request)).catch(() => undefined)
})

async function read(request: ExtractionRequest): Promise<void> {
  let reply: ExtractionReply
  try {
    reply = { id: request.id, extracted: await extractForImport(request.fileName, request.bytes) }
  } catch (error) {
    reply = { id: request.id, failure: describeFailure(error) }
  }
  // Copied, not transferred: an attachment's bytes may be a view into a buffer shared with others.
  try {
    port?.postMessage(reply)
  } catch (error) {
    port?.postMessage({ id: request.id, failure: describeFailure(error) } satisfies ExtractionReply)
  }
}
// Its modules are loaded (from source, compiled: seconds): the pool may send it files now.
port.postMessage({ ready: true } satisfies ThreadMessage)
