import type { Channel, InputOf, OutputOf } from '../../../shared/contract'
import type { Envelope, ErrorCode } from '../../../shared/errors'
import { TOKEN_HEADER } from '../../../shared/security'

/** What Electron's preload exposes on `window.casebook` (see src/preload). */
export interface PreloadBridge {
  invoke(channel: string, input: unknown): Promise<Envelope<unknown>>
}

declare global {
  interface Window {
    casebook?: PreloadBridge
  }
}

/** An error the engine reported, with a message fit to show the user. */
export class ApiError extends Error {
  readonly code: ErrorCode
  constructor(code: ErrorCode, message: string) {
    super(message)
    this.name = 'ApiError'
    this.code = code
  }
}

/** The browser shell prints a URL with `?token=`; every API request carries it back. */
function browserToken(): string {
  return new URLSearchParams(window.location.search).get('token') ?? ''
}

async function viaHttp(channel: string, input: unknown): Promise<Envelope<unknown>> {
  let response: Response
  try {
    response = await fetch(`/api/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: browserToken() },
      body: JSON.stringify(input),
    })
  } catch {
    return { ok: false, error: { code: 'internal', message: 'Casebook is not running: start it again.' } }
  }
  if (response.status === 401) {
    return { ok: false, error: { code: 'invalid_input', message: 'Open Casebook with the link it printed.' } }
  }
  // The shell answers with a JSON envelope; its guards (403, 421) and crashes (500) answer in plain text.
  const isJson = (response.headers.get('content-type') ?? '').toLowerCase().includes('application/json')
  if (!isJson) return failure(`Casebook refused the request (${response.status})`, await reasonOf(response))
  try {
    return (await response.json()) as Envelope<unknown>
  } catch {
    return failure(`Casebook sent an answer that could not be read (${response.status})`, '')
  }
}

/** The plain-text reason a refusal gave, shortened to fit an error line. */
async function reasonOf(response: Response): Promise<string> {
  const text = await response.text().catch(() => '')
  const line = text.replace(/\s+/g, ' ').trim()
  return line.length > 200 ? `${line.slice(0, 199)}…` : line
}

function failure(what: string, reason: string): Envelope<unknown> {
  return { ok: false, error: { code: 'internal', message: reason ? `${what}: ${reason}` : `${what}.` } }
}

const lockListeners = new Set<() => void>()
/** The operations that take a passphrase, whose 'locked' answer means "wrong passphrase". */
const PASSPHRASE_CHANNELS = new Set<string>(['archive.unlock', 'archive.recover', 'archive.passphrase.set'])

/**
 * Called whenever the engine host answers 'locked' (idle lock, or locked from elsewhere), so the lock screen
 * replaces the app on its next request whatever part of the UI made it. Returns the unsubscribe function.
 */
export function onLocked(listener: () => void): () => void {
  lockListeners.add(listener)
  return () => lockListeners.delete(listener)
}

/** Calls one operation of the contract in whichever shell hosts the UI. */
export async function call<C extends Channel>(channel: C, input: InputOf<C>): Promise<OutputOf<C>> {
  const envelope = window.casebook
    ? await window.casebook.invoke(channel, input)
    : await viaHttp(channel, input)
  // A wrong passphrase is the answer of the form that sent it, not news that the archive locked.
  if (!envelope.ok && envelope.error.code === 'locked' && !PASSPHRASE_CHANNELS.has(channel))
    for (const listener of lockListeners) listener()
  if (!envelope.ok) throw new ApiError(envelope.error.code, envelope.error.message)
  return envelope.value as OutputOf<C>
}
