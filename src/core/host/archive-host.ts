import type { RestoreResult } from '../../shared/backups'
import { contract, type Channel, type InputOf, type OutputOf } from '../../shared/contract'
import { CasebookError, type Envelope, type ErrorCode } from '../../shared/errors'
import {
  NO_KEYCHAIN,
  type ArchiveRecovery,
  type IdleLockMinutes,
  type KeychainState,
  type LockState,
} from '../../shared/lock-state'
import { archiveRecovery } from '../backup/archive-recovery'
import { restoreListedBackup } from '../backup/restore-backup'
import { checkPassphrase } from '../db/archive-encryption'
import { archiveEncryption, normalisePassphrase } from '../db/encryption-state'
import type { ArchiveKeychain } from './archive-keychain'
import { startCoreHost, type CoreHost, type CoreHostOptions } from './core-host'
import type { KeyChangeOutcome } from './passphrase-change'

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
  /** The OS keychain for this archive's passphrase (the desktop app only). */
  keychain?: ArchiveKeychain
}

/** The engine host the shells talk to: a core host that can be locked, unlocked and recovered (issue 6). */
export interface ArchiveHost {
  invokeRaw(channel: string, input: unknown): Promise<Envelope<unknown>>
  invoke<C extends Channel>(channel: C, input: InputOf<C>): Promise<Envelope<OutputOf<C>>>
  lockState(): LockState
  close(): Promise<void>
}

const LOCKED_MESSAGE = 'This archive is locked: unlock it with its passphrase.'
const WRONG_PASSPHRASE = 'Wrong passphrase. Nothing was written to the archive.'
const WRONG_FOR_BACKUP =
  'The passphrase does not open this backup (or the backup is damaged). Nothing was changed.'
/** The wait after wrong passphrases doubles at most this many times (1 s → 32 s by default). */
const MAX_BACKOFF_DOUBLINGS = 5

type Failure = { ok: false; error: { code: ErrorCode; message: string } }
const failure = (code: ErrorCode, message: string): Failure => ({ ok: false, error: { code, message } })
const failureOf = (error: unknown): Failure =>
  failure(error instanceof CasebookError ? error.code : 'internal', (error as Error).message)
const isWrongKey = (error: unknown) => error instanceof CasebookError && error.code === 'locked'
const isRefusal = (error: unknown) => error instanceof CasebookError && error.code === 'archive_refused'

/**
 * Starts the engine host for an archive. An encrypted archive with no passphrase given (and none in the OS
 * keychain) starts *locked*: no engine runs and every operation is refused with the code 'locked' until
 * 'archive.unlock' brings the right passphrase. Locking (by 'archive.lock' or after the idle time the
 * archive sets) ends the worker thread, so the key and every decrypted page in its memory go with it. The
 * idle clock runs here, not in the UI, so a page that hangs or is left open cannot keep the archive open;
 * 'archive.lockState' (which the UI polls) does not count as use. A passphrase given at start that is wrong
 * still rejects: a script that set CASEBOOK_PASSPHRASE wants to hear so.
 *
 * An archive the engine refuses (damaged, foreign, from a newer Casebook) does not stop the host: it stays
 * *refused*, having written nothing, and tells the UI why and which backups it could restore instead
 * ('archive.recover').
 */
export async function startArchiveHost(options: ArchiveHostOptions): Promise<ArchiveHost> {
  const { workerFile, archivePath, nativeBinding, passphrase, keychain } = options
  const now = options.now ?? Date.now
  const wrongDelayMs = options.wrongPassphraseDelayMs ?? 1000
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  // Wrong passphrases in a row. Unlocks run one at a time, so parallel guesses queue behind the delay.
  let wrongInARow = 0
  // Copied out so that no closure keeps `options`, and with it the start passphrase, alive.
  const idleLockMsOverride = options.idleLockMsOverride
  const idleCheckMs = options.idleCheckMs ?? 15_000
  const kind = archiveEncryption(archivePath)
  // Whether the archive has a key; set again when a restore replaces it with a backup.
  let encrypted = kind === 'encrypted' || (passphrase !== undefined && passphrase !== '' && kind !== 'plain')

  let core: CoreHost | null = null
  // Set while the engine refuses the archive: why, and the backups that could replace it.
  let refusal: ArchiveRecovery | null = null
  let idleLockMinutes: IdleLockMinutes | null = null
  let lastUse = now()
  let inFlight = 0
  let closed = false
  // Unlock, lock, recover and close one at a time: an idle lock must not race a slow unlock.
  let transitions: Promise<unknown> = Promise.resolve()
  const serially = <T>(step: () => Promise<T>): Promise<T> => {
    const next = transitions.then(step, step)
    transitions = next.catch(() => undefined)
    return next
  }

  const keychainState = (): KeychainState => {
    if (!keychain || !encrypted) return NO_KEYCHAIN
    const { available, reason } = keychain.availability()
    return { available, reason, remembered: available && keychain.recall() !== undefined }
  }

  const state = (): LockState => ({
    state: core ? 'open' : refusal ? 'refused' : 'locked',
    encrypted,
    idleLockMinutes: encrypted ? idleLockMinutes : null,
    recovery: core
      ? null
      : (refusal ?? archiveRecovery(archivePath, null, { nativeBinding, canLook: !encrypted })),
    keychain: keychainState(),
  })

  /** Opens the engine; a refusal leaves the host refused (and returns), any other failure throws. */
  const open = async (key: string | undefined, restored?: RestoreResult) => {
    try {
      const started = await startCoreHost({
        workerFile,
        archivePath,
        nativeBinding,
        passphrase: key,
        restored,
      })
      const reply = await started.invoke('archive.lockState', {})
      if (reply.ok) idleLockMinutes = reply.value.idleLockMinutes
      core = started
      refusal = null
      lastUse = now()
    } catch (error) {
      if (!isRefusal(error)) throw error
      // The passphrase, when there is one, is right (a wrong one is 'locked'): it lets the backups be checked.
      refusal = archiveRecovery(archivePath, (error as Error).message, {
        nativeBinding,
        passphrase: key,
        canLook: !encrypted || key !== undefined,
      })
    }
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

  /** The answer to a wrong passphrase: after a delay that doubles with each one in a row. */
  const wrongPassphrase = async (message: string): Promise<Failure> => {
    wrongInARow++
    await sleep(wrongDelayMs * 2 ** Math.min(wrongInARow - 1, MAX_BACKOFF_DOUBLINGS))
    return failure('locked', message)
  }

  /** Keeps or forgets the passphrase in the OS keychain as the unlock asked; a keychain failure is not fatal. */
  const rememberAsAsked = (key: string, remember: boolean | undefined) => {
    if (!keychain || remember === undefined || !keychain.availability().available) return
    try {
      if (remember) keychain.remember(key)
      else keychain.forget()
    } catch (error) {
      console.error(`Casebook: the keychain could not keep the passphrase: ${(error as Error).message}`)
    }
  }

  const unlock = (input: unknown): Promise<Envelope<unknown>> =>
    serially(async () => {
      const parsed = contract['archive.unlock'].input.safeParse(input ?? {})
      if (!parsed.success) return failure('invalid_input', 'give the passphrase')
      if (core) return { ok: true, value: state() } as const
      if (refusal) return failure('archive_refused', refusal.reason ?? 'the archive was refused')
      try {
        await open(parsed.data.passphrase)
        wrongInARow = 0
        if (core) rememberAsAsked(parsed.data.passphrase, parsed.data.remember)
        return { ok: true, value: state() } as const
      } catch (error) {
        if (isWrongKey(error)) return wrongPassphrase(WRONG_PASSPHRASE)
        // The engine's own message names the file, never the passphrase.
        return failureOf(error)
      }
    })

  const recover = (input: unknown): Promise<Envelope<unknown>> =>
    serially(async () => {
      const parsed = contract['archive.recover'].input.safeParse(input ?? {})
      if (!parsed.success) return failure('invalid_input', parsed.error.issues[0]?.message ?? 'bad input')
      if (core)
        return failure('invalid_input', 'the archive is open: restore a backup from the Backups dialog')
      const { file } = parsed.data
      // The backup's own state decides whether a key is needed: a plain archive whose first page was wiped
      // looks encrypted, and its user has no passphrase to give.
      const backupEncrypted = archiveEncryption(file) === 'encrypted'
      const key = backupEncrypted ? normalisePassphrase(parsed.data.passphrase) : undefined
      if (backupEncrypted && key === undefined)
        return failure('invalid_input', "give the archive's passphrase: its backups are encrypted with it")
      try {
        // The key is tried on the backup first, with the same back-off as an unlock: a restore must not
        // become a way to guess passphrases at speed.
        if (key !== undefined) checkPassphrase(file, key, { nativeBinding })
      } catch (error) {
        if (isWrongKey(error)) return wrongPassphrase(WRONG_FOR_BACKUP)
        return failureOf(error)
      }
      try {
        // Copies a file in this thread: a restore is rare, and nothing else can run on a closed archive.
        const restored = restoreListedBackup(archivePath, file, { nativeBinding, passphrase: key })
        wrongInARow = 0
        encrypted = backupEncrypted
        await open(key, restored)
        return { ok: true, value: state() } as const
      } catch (error) {
        return failureOf(error)
      }
    })

  /**
   * Sets, changes or removes the passphrase through the engine (which converts the archive with itself
   * closed), then follows the new state: whether the archive can lock, and the keychain, which keeps the
   * new passphrase only if it kept the old one.
   */
  const changePassphrase = (running: CoreHost, input: unknown): Promise<Envelope<unknown>> =>
    serially(async () => {
      const envelope = await running.invokeRaw('archive.passphrase.set', input)
      lastUse = now()
      if (!envelope.ok) {
        if (envelope.error.code === 'locked') return wrongPassphrase(envelope.error.message)
        return envelope
      }
      wrongInARow = 0
      const outcome = envelope.value as KeyChangeOutcome
      const next = (input as { next?: string }).next
      const remembered = keychainState().remembered
      encrypted = outcome.encrypted
      const reply = await running.invoke('archive.lockState', {})
      if (reply.ok) idleLockMinutes = reply.value.idleLockMinutes
      if (remembered) rememberAsAsked(next ?? '', next !== undefined)
      const { backupsConverted, backupsRemoved, backupsLeft } = outcome
      return { ok: true, value: { state: state(), backupsConverted, backupsRemoved, backupsLeft } } as const
    })

  const forgetKey = (): Envelope<unknown> => {
    try {
      keychain?.forget()
    } catch (error) {
      return failureOf(error)
    }
    return { ok: true, value: state() }
  }

  const invokeRaw = async (channel: string, input: unknown): Promise<Envelope<unknown>> => {
    if (closed) return failure('internal', 'the archive is closed')
    await lockIfIdle()
    if (channel === 'archive.lockState') return { ok: true, value: state() }
    if (channel === 'archive.unlock') return unlock(input)
    if (channel === 'archive.recover') return recover(input)
    if (channel === 'archive.keychain.forget') return forgetKey()
    if (channel === 'archive.lock') {
      if (!encrypted)
        return failure('invalid_input', 'this archive has no passphrase, so it cannot be locked')
      await lock()
      return { ok: true, value: state() }
    }
    const running = core
    if (!running)
      return refusal
        ? failure('archive_refused', refusal.reason ?? 'the archive was refused')
        : failure('locked', LOCKED_MESSAGE)
    if (channel === 'archive.passphrase.set') return changePassphrase(running, input)
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

  await openAtStart()
  const idleClock = setInterval(() => void lockIfIdle(), idleCheckMs)
  idleClock.unref()

  /**
   * A plain archive, or a passphrase given at start, opens now. Else a passphrase the keychain remembers is
   * tried; one that no longer opens the archive (changed elsewhere) is forgotten, and the archive waits locked.
   */
  async function openAtStart() {
    if (!encrypted || (passphrase !== undefined && passphrase !== '')) return open(passphrase)
    const remembered = keychain?.availability().available ? keychain.recall() : undefined
    if (remembered === undefined) return
    try {
      await open(remembered)
    } catch (error) {
      if (!isWrongKey(error)) throw error
      keychain?.forget()
    }
  }

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
