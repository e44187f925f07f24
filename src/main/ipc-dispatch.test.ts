import { describe, expect, it, vi } from 'vitest'
import { contract } from '../shared/contract'
import type { Engine } from '../core/engine'
import { openTempEngine } from '../core/testing/temp-archive'
import { dispatchInvoke, isTrustedSender, type SenderFacts } from './ipc-dispatch'

const fromWindow: SenderFacts = { frameUrl: 'casebook://app/index.html', isMainFrame: true, webContentsId: 7 }

describe('isTrustedSender', () => {
  it('trusts the top frame of our window on an app page', () => {
    expect(isTrustedSender(fromWindow, 7)).toBe(true)
  })

  it('refuses other webContents, iframes, foreign pages and a missing window', () => {
    expect(isTrustedSender({ ...fromWindow, webContentsId: 8 }, 7)).toBe(false)
    expect(isTrustedSender({ ...fromWindow, isMainFrame: false }, 7)).toBe(false)
    expect(isTrustedSender({ ...fromWindow, frameUrl: 'https://example.com/' }, 7)).toBe(false)
    expect(isTrustedSender({ ...fromWindow, frameUrl: 'casebook://app.evil/index.html' }, 7)).toBe(false)
    expect(isTrustedSender({ ...fromWindow, frameUrl: undefined }, 7)).toBe(false)
    expect(isTrustedSender(fromWindow, undefined)).toBe(false)
  })
})

describe('dispatchInvoke', () => {
  const ok = { ok: true as const, value: { articleCount: 0 } }

  it('forwards a contract channel and its raw input to the engine', async () => {
    const invokeRaw = vi.fn(async () => ok)
    await expect(dispatchInvoke(true, 'archive.info', {}, invokeRaw)).resolves.toEqual(ok)
    expect(invokeRaw).toHaveBeenCalledWith('archive.info', {})
  })

  it('answers an untrusted sender with an error envelope without reaching the engine', async () => {
    const invokeRaw = vi.fn(async () => ok)
    const envelope = await dispatchInvoke(false, 'archive.info', {}, invokeRaw)
    expect(envelope).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(invokeRaw).not.toHaveBeenCalled()
  })

  it('refuses channels outside the contract, including inherited object keys', async () => {
    const invokeRaw = vi.fn(async () => ok)
    for (const channel of ['archive.drop', '__proto__', 'toString', 42, undefined]) {
      const envelope = await dispatchInvoke(true, channel, {}, invokeRaw)
      expect(envelope, String(channel)).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    }
    expect(invokeRaw).not.toHaveBeenCalled()
  })

  it('turns an engine exception into an internal error envelope', async () => {
    const envelope = await dispatchInvoke(true, 'archive.info', {}, async () => {
      throw new Error('worker gone')
    })
    expect(envelope).toEqual({
      ok: false,
      error: { code: 'internal', message: 'The archive engine failed: worker gone' },
    })
  })
})

describe('every operation of the contract, through the IPC dispatcher to a real engine', () => {
  it('refuses an untrusted sender and parses the input of each one before it does anything', async () => {
    const t = openTempEngine()
    try {
      const invokeRaw = async (channel: string, input: unknown) => t.engine.dispatch(channel, input)
      const before = archiveCounts(t.engine)
      for (const channel of Object.keys(contract)) {
        const untrusted = await dispatchInvoke(false, channel, {}, invokeRaw)
        expect(untrusted, channel).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
        // No operation takes a bare string, a number or an array as its input.
        for (const input of ['x', 42, []]) {
          const envelope = await dispatchInvoke(true, channel, input, invokeRaw)
          expect(envelope, `${channel} with ${JSON.stringify(input)}`).toMatchObject({
            ok: false,
            error: { code: 'invalid_input' },
          })
        }
      }
      expect(archiveCounts(t.engine)).toEqual(before)
    } finally {
      t.cleanup()
    }
  })
})

/** Rows of every table that holds the user's data: what a refused call must leave as it was. */
function archiveCounts(engine: Engine): Record<string, number> {
  const tables = engine.db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search_%'")
    .pluck()
    .all() as string[]
  return Object.fromEntries(
    tables.map((name) => [name, engine.db.prepare(`SELECT count(*) FROM "${name}"`).pluck().get() as number]),
  )
}
