import { contract, type Channel, type InputOf, type OutputOf } from '../../shared/contract'
import { CasebookError, type Envelope } from '../../shared/errors'
import type { IdleLockMinutes, LockState } from '../../shared/lock-state'
import { archiveEncryption } from '../db/encryption-state'
import { startCoreHost, type CoreHost, type CoreHostOptions } from './core-host'

export interface ArchiveHostOptions extends CoreHostOptions {
  /** Milliseconds since the epoch; injectable so tests can jump past the idle time. */
  now?: () => number
  /** How often the idle clock looks; it also looks before every request. */
  idleCheckMs?: number
  /**
   * How long the first wrong passphrase waits before its answer, against guessing at speed; each further
   * wrong one in a row waits twice as long, up to 32 times this.
   */
  wrongPassphraseDelayMs?: number
  /** Waits `ms`; injectable so tests can see the delays without waiting them. */
  sleep?: (ms: number) => Promise<void>
  /** Overrides the archive's idle-lock setting (tests and demos that cannot wait minutes). */
  idleLockMsOverride?: number
}

/** The engine host the shells talk to: a core host that can be locked and unlocked (issue 6). */
export interface ArchiveHost {
  invokeRaw(channel: string, input: unknown): Promise<Envelope<unknown>>
  invoke<C extends Channel>(channel: C, input: InputOf<C>): Promise<Envelope<OutputOf<C>>>
  lockState(): LockState
  close(): Promise<void>
}

const LOCKED_MESSAGE = 'This archive is locked: unlock it with its passphrase.'
const WRONG_PASSPHRASE = 'Wrong passphrase. Nothing was written to the archive.'
/** The wait after wrong passphrases doubles at most this many times (1 s → 32 s by default). */
const MAX_BACKOFF_DOUBLINGS = 5

/**
 * Starts the engine host for an archive. An encrypted archive with no passphrase given starts *locked*: no
 * engine runs and every operation is refused with the code 'locked' until 'archive.unlock' brings the right
 * passphrase. Locking (by 'archive.lock' or after the idle time the archive sets) ends the worker thread, so
 * the key and every decrypted page in its memory go with it. The idle clock runs here, not in the UI, so a
 * page that hangs or is left open cannot keep the archive open; 'archive.lockState' (which the UI polls)
 * does not count as use. A passphrase given at start that is wrong still rejects: a script that set
 * CASEBOOK_PASSPHRASE wants to hear so.
 */
export async function startArchiveHost(options: ArchiveHostOptions): Promise<ArchiveHost> {
  const { workerFile, archivePath, nativeBinding, passphrase } = options
  const now = options.now ?? Date.now
  const wrongDelayMs = options.wrongPassphraseDelayMs ?? 1000
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  // Wrong passphrases in a row. Unlocks run one at a time, so parallel guesses queue behind the delay.
  let wrongInARow = 0
  // Copied out so that no closure keeps `options`, and with it the start passphrase, alive.
  const idleLockMsOverride = options.idleLockMsOverride
  const idleCheckMs = options.idleCheckMs ?? 15_000
  const kind = archiveEncryption(archivePath)
  const encrypted =
    kind === 'encrypted' || (passphrase !== undefined && passphrase !== '' && kind !== 'plain')

  let core: CoreHost | null = null
  let idleLockMinutes: IdleLockMinutes | null = null
  let lastUse = now()
  let inFlight = 0
  let closed = false
  // Unlock, lock and close one at a time: an idle lock must not race a slow unlock.
  let transitions: Promise<unknown> = Promise.resolve()
  const serially = <T>(step: () => Promise<T>): Promise<T> => {
    const next = transitions.then(step, step)
    transitions = next.catch(() => undefined)
    return next
  }

  const state = (): LockState => ({
    state: core ? 'open' : 'locked',
    encrypted,
    idleLockMinutes: encrypted ? idleLockMinutes : null,
  })

  const open = async (key: string | undefined) => {
    const started = await startCoreHost({ workerFile, archivePath, nativeBinding, passphrase: key })
    const reply = await started.invoke('archive.lockState', {})
    if (reply.ok) idleLockMinutes = reply.value.idleLockMinutes
    core = started
    lastUse = now()
  }

  const lock = () =>
    serially(async () => {
      const running = core
      core = null
      await running?.close()
    })

  const idleLimitMs = () => idleLockMsOverride ?? (idleLockMinutes === null ? null : idleLockMinutes * 60_000)

  const lockIfIdle = async () => {
    const limit = idleLimitMs()
    // A long import in progress is use, however long it takes.
    if (!core || !encrypted || limit === null || inFlight > 0) return
    if (now() - lastUse >= limit) await lock()
  }

  const unlock = (input: unknown): Promise<Envelope<unknown>> =>
    serially(async () => {
      const parsed = contract['archive.unlock'].input.safeParse(input ?? {})
      if (!parsed.success)
        return { ok: false, error: { code: 'invalid_input', message: 'give the passphrase' } } as const
      if (core) return { ok: true, value: state() } as const
      try {
        await open(parsed.data.passphrase)
        wrongInARow = 0
        return { ok: true, value: state() } as const
      } catch (error) {
        if (error instanceof CasebookError && error.code === 'locked') {
          wrongInARow++
          await sleep(wrongDelayMs * 2 ** Math.min(wrongInARow - 1, MAX_BACKOFF_DOUBLINGS))
          return { ok: false, error: { code: 'locked', message: WRONG_PASSPHRASE } } as const
        }
        // A damaged archive and the like: the engine's own message names the file, never the passphrase.
        const code = error instanceof CasebookError ? error.code : 'internal'
        return { ok: false, error: { code, message: (error as Error).message } } as const
      }
    })

  const invokeRaw = async (channel: string, input: unknown): Promise<Envelope<unknown>> => {
    if (closed) return { ok: false, error: { code: 'internal', message: 'the archive is closed' } }
    await lockIfIdle()
    if (channel === 'archive.lockState') return { ok: true, value: state() }
    if (channel === 'archive.unlock') return unlock(input)
    if (channel === 'archive.lock') {
      if (!encrypted)
        return {
          ok: false,
          error: { code: 'invalid_input', message: 'this archive has no passphrase, so it cannot be locked' },
        }
      await lock()
      return { ok: true, value: state() }
    }
    const running = core
    if (!running) return { ok: false, error: { code: 'locked', message: LOCKED_MESSAGE } }
    lastUse = now()
    inFlight++
    try {
      const envelope = await running.invokeRaw(channel, input)
      if (channel === 'archive.idleLock.set' && envelope.ok)
        idleLockMinutes = (envelope.value as LockState).idleLockMinutes
      return envelope
    } finally {
      inFlight--
      lastUse = now()
    }
  }

  if (!encrypted || (passphrase !== undefined && passphrase !== '')) await open(passphrase)
  const idleClock = setInterval(() => void lockIfIdle(), idleCheckMs)
  idleClock.unref()

  return {
    invokeRaw,
    invoke: (channel, input) => invokeRaw(channel, input) as never,
    lockState: state,
    close: async () => {
      if (closed) return
      closed = true
      clearInterval(idleClock)
      await lock()
    },
  }
}
