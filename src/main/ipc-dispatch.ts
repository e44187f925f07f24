import { isChannel } from '../shared/contract'
import type { Envelope } from '../shared/errors'
import { isAppUrl } from './request-policy'

/** What main knows about the frame that sent an IPC message. */
export interface SenderFacts {
  /** URL of the sending frame, or undefined when the frame is gone or navigated away. */
  frameUrl: string | undefined
  /** True when the sending frame is the top frame of its page, not an iframe inside it. */
  isMainFrame: boolean
  /** webContents id of the sender. */
  webContentsId: number
}

/**
 * Only the top frame of Casebook's own window, showing a page of the app protocol, may talk to the engine:
 * anything else (a stray webContents, an iframe, a page that got navigated) is refused.
 */
export function isTrustedSender(sender: SenderFacts, windowWebContentsId: number | undefined): boolean {
  return (
    windowWebContentsId !== undefined &&
    sender.webContentsId === windowWebContentsId &&
    sender.isMainFrame &&
    sender.frameUrl !== undefined &&
    isAppUrl(sender.frameUrl)
  )
}

export type InvokeRaw = (channel: string, input: unknown) => Promise<Envelope<unknown>>

/**
 * Checks sender and channel, then hands the untrusted input to the engine, which parses it with the
 * contract's zod schema. Always resolves with an envelope: the renderer never sees a rejected promise
 * (Electron would replace the message with a generic one).
 */
export async function dispatchInvoke(
  trusted: boolean,
  channel: unknown,
  input: unknown,
  invokeRaw: InvokeRaw,
): Promise<Envelope<unknown>> {
  if (!trusted) {
    return {
      ok: false,
      error: { code: 'invalid_input', message: 'This request did not come from Casebook’s window.' },
    }
  }
  if (!isChannel(channel)) {
    return {
      ok: false,
      error: { code: 'invalid_input', message: `Unknown operation: ${describe(channel)}.` },
    }
  }
  try {
    return await invokeRaw(channel, input)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return { ok: false, error: { code: 'internal', message: `The archive engine failed: ${message}` } }
  }
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 100)) : typeof value
}
