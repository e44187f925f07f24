import { parentPort } from 'node:worker_threads'
import { suggestEntities } from './suggest-entities'
import type { SuggestionReply, SuggestionRequest } from './suggestion-thread'

/**
 * The thread entity suggestions are made on, so that the engine's thread keeps answering while compromise or
 * Az reads a long article (seconds). It never sees the archive: text in, suggestions out.
 */
const port = parentPort
if (!port) throw new Error('suggest-worker.ts must run as a worker thread')
port.on('message', (request: SuggestionRequest) => {
  let reply: SuggestionReply
  try {
    reply = { id: request.id, suggestions: suggestEntities(request.text, request.language) }
  } catch (error) {
    reply = { id: request.id, error: (error as Error).message }
  }
  port.postMessage(reply)
})
