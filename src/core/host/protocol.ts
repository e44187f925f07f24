import type { Envelope, ErrorInfo } from '../../shared/errors'
import type { RestoreResult } from '../../shared/backups'
import type { ArchiveInfo } from '../../shared/model'

/** What the host sends into the core worker. */
export interface RequestMessage {
  id: number
  channel: string
  input: unknown
}

/** What the core worker sends back: once ready or failed, then one reply per request. */
export type WorkerMessage =
  | { type: 'ready'; info: ArchiveInfo }
  | { type: 'failed'; error: ErrorInfo }
  | { type: 'reply'; id: number; envelope: Envelope<unknown> }

export interface CoreWorkerData {
  archivePath: string
  /** Path of a driver addon built for this runtime's ABI (Electron keeps its own). */
  nativeBinding?: string
  /** The archive's passphrase when it is encrypted. Kept in memory only: never logged, never in a message back. */
  passphrase?: string
  /** The restore the host just made of a refused or locked archive, logged once the archive opens. */
  restored?: RestoreResult
}
