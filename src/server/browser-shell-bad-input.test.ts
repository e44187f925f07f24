import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_IMPORT_BYTES } from '../shared/contract'
import { TOKEN_HEADER } from '../shared/security'
import type { BrowserShell } from './browser-shell'
import { startTestShell } from './testing-shell'

let shell: BrowserShell
let stopShell: () => Promise<void>

beforeAll(async () => {
  ;({ shell, close: stopShell } = await startTestShell())
})

afterAll(() => stopShell())

/**
 * A raw POST, so the body can be anything and is streamed; resolves with the status and body the server
 * answered, even when it stops reading an over-long body half way.
 */
function post(channel: string, body: Buffer | string | (() => Iterable<Buffer>), type?: string) {
  return new Promise<{ status: number; body: string }>((done, fail) => {
    const headers: Record<string, string> = { [TOKEN_HEADER]: shell.token }
    if (type !== undefined) headers['content-type'] = type
    const req = request(`${shell.origin}/api/${channel}`, { method: 'POST', headers })
    req.on('response', (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }))
    })
    // Writing on after the server has answered may fail; the answer is what is tested.
    req.on('error', (error) => fail(error))
    if (typeof body !== 'function') return req.end(body)
    let answered = false
    req.on('response', () => (answered = true))
    const chunks = body()[Symbol.iterator]()
    const pump = () => {
      for (let next = chunks.next(); !next.done && !answered; next = chunks.next())
        if (!req.write(next.value)) return void req.once('drain', pump)
      req.end()
    }
    pump()
  })
}

describe('the browser shell under bad requests', () => {
  it('answers a body that is not JSON with 400 and an envelope saying why', async () => {
    for (const body of ['{not json', '\u0000\u0001', '[', '"unterminated', Buffer.from([0xff, 0xfe, 0x00])]) {
      const answer = await post('articles.list', body, 'application/json')
      expect(answer.status).toBe(400)
      expect(JSON.parse(answer.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    }
  })

  it('answers a wrong content type with 400, naming the type to use', async () => {
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const answer = await post('articles.list', '{}', type)
      expect(answer.status).toBe(400)
      expect(JSON.parse(answer.body)).toMatchObject({
        ok: false,
        error: { code: 'invalid_input', message: expect.stringContaining('application/json') },
      })
    }
    expect((await post('articles.list', '{}', 'application/json; charset=utf-8')).status).toBe(200)
  })

  it('answers a body over the limit with 413, and keeps serving', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x61)
    const total = Math.ceil((MAX_IMPORT_BYTES * 4) / 3 / chunk.length) + 4
    const answer = await post(
      'import.file',
      function* () {
        yield Buffer.from('{"name":"big.txt","contentBase64":"')
        for (let i = 0; i < total; i++) yield chunk
        yield Buffer.from('"}')
      },
      'application/json',
    ).catch((error: Error) => ({ status: -1, body: error.message }))
    expect(answer.status).toBe(413)
    expect(JSON.parse(answer.body)).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('50 MB') },
    })
    expect((await post('articles.list', '{}', 'application/json')).status).toBe(200)
  })

  it('answers unknown and odd operation names with an envelope', async () => {
    for (const channel of ['no.such', '__proto__', 'constructor', '..%2f..%2fetc', '%00', 'a'.repeat(2000)]) {
      const answer = await post(channel, '{}', 'application/json')
      expect(answer.status).toBeLessThan(500)
      if (answer.status === 200)
        expect(JSON.parse(answer.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    }
  })
})
