import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { resolve, sep } from 'node:path'
import type { CoreHost } from '../core/host/core-host'
import { MAX_IMPORT_BYTES } from '../shared/contract'
import { contentTypeFor, UI_SECURITY_HEADERS } from '../shared/served-files'
import { checkRequest, pageCookieName } from './request-guard'

/** JSON bodies carry files as base64 (4/3 of the bytes) plus a little framing. */
const MAX_BODY_BYTES = Math.ceil((MAX_IMPORT_BYTES * 4) / 3) + 64 * 1024

/** The UI's headers, and no caching: the token-bearing page must not linger in a disk cache. */
const SECURITY_HEADERS: Record<string, string> = { ...UI_SECURITY_HEADERS, 'cache-control': 'no-store' }

export interface BrowserShellOptions {
  /** The engine host (a locking ArchiveHost in serve.ts; a plain CoreHost does too). */
  host: Pick<CoreHost, 'invokeRaw'>
  /** The built renderer (out/renderer). */
  staticDir: string
  port?: number
}

export interface BrowserShell {
  url: string
  origin: string
  token: string
  close(): Promise<void>
}

function send(
  response: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  extra: Record<string, string> = {},
) {
  // No keep-alive at all: a POST that Chromium sends on a kept-alive socket just as the server's idle timer
  // closes it fails as ERR_EMPTY_RESPONSE and is not retried. Closing after the API's answers was not
  // enough: the sockets that loaded the page's files were kept alive and reused by the next POSTs (an
  // import in e2e under load failed so). A new loopback connection costs well under a millisecond.
  response.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, connection: 'close', ...extra })
  response.end(body)
}

/** A body refused before it was parsed, with the status to answer it with. */
class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    request.on('data', (chunk: Buffer) => {
      if (size > MAX_BODY_BYTES) return
      size += chunk.length
      // Over the limit: the rest of the body is read and dropped, and the 413 answered once it has all
      // come. Destroying the socket at once left the client with a reset instead of an answer (found by
      // fuzzing); answering before the body ended did the same, since every answer closes its connection.
      if (size > MAX_BODY_BYTES) chunks.length = 0
      else chunks.push(chunk)
    })
    request.on('end', () => {
      if (size > MAX_BODY_BYTES) reject(new BodyError(413, 'the request is larger than 50 MB'))
      else resolveBody(Buffer.concat(chunks).toString('utf8'))
    })
    request.on('error', reject)
  })
}

/**
 * The browser shell: the same UI and the same engine as the desktop app, served on 127.0.0.1 only,
 * behind a random token printed at start. Every operation is one POST /api/<channel> route derived from
 * the contract; the engine parses the input.
 */
export async function startBrowserShell(options: BrowserShellOptions): Promise<BrowserShell> {
  const secrets = {
    token: randomBytes(24).toString('base64url'),
    pageKey: randomBytes(24).toString('base64url'),
  }
  const { token } = secrets
  const staticRoot = resolve(options.staticDir)
  let port = 0

  const serveStatic = async (pathname: string, response: ServerResponse, setCookie: boolean) => {
    const relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname.slice(1))
    const file = resolve(staticRoot, relative)
    if (file !== staticRoot && !file.startsWith(staticRoot + sep))
      return send(response, 404, 'text/plain', 'not found')
    let body: Buffer
    try {
      body = await readFile(file)
    } catch {
      if (pathname === '/') {
        return send(
          response,
          503,
          'text/plain; charset=utf-8',
          'The UI is not built: run "npm run serve" again.',
        )
      }
      return send(response, 404, 'text/plain', 'not found')
    }
    const extra: Record<string, string> = {}
    if (setCookie) {
      extra['set-cookie'] = `${pageCookieName(port)}=${secrets.pageKey}; Path=/; HttpOnly; SameSite=Strict`
    }
    send(response, 200, contentTypeFor(file), body, extra)
  }

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`)
    const verdict = checkRequest(request, url, port, secrets)
    if (!verdict.ok) return send(response, verdict.status, 'text/plain; charset=utf-8', verdict.reason)

    if (url.pathname.startsWith('/api/')) {
      if (request.method !== 'POST') return send(response, 405, 'text/plain', 'use POST', { allow: 'POST' })
      const channel = url.pathname.slice('/api/'.length)
      let input: unknown
      try {
        // The UI sends JSON; any other declared type is a caller's mistake, said so rather than guessed at.
        const type = (request.headers['content-type'] ?? 'application/json').split(';')[0]?.trim()
        if (type?.toLowerCase() !== 'application/json' && type !== '')
          throw new BodyError(400, `send the input as JSON (content-type: application/json), not ${type}`)
        const body = await readBody(request)
        input = body ? JSON.parse(body) : {}
      } catch (error) {
        const envelope = { ok: false, error: { code: 'invalid_input', message: (error as Error).message } }
        const status = error instanceof BodyError ? error.status : 400
        return send(response, status, 'application/json', JSON.stringify(envelope))
      }
      const envelope = await options.host.invokeRaw(channel, input)
      return send(response, 200, 'application/json', JSON.stringify(envelope))
    }
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return send(response, 405, 'text/plain', 'method not allowed')
    return serveStatic(url.pathname, response, verdict.via === 'query')
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: Error) => {
      if (!response.headersSent) send(response, 500, 'text/plain', error.message)
      else response.destroy()
    })
  })
  await new Promise<void>((done, fail) => {
    server.once('error', fail)
    server.listen(options.port ?? 0, '127.0.0.1', () => done())
  })
  port = (server.address() as AddressInfo).port
  const origin = `http://127.0.0.1:${port}`
  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections()
        server.close(() => done())
      }),
  }
}
