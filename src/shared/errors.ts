/** Error codes that travel across every process boundary inside a result envelope. */
export const ERROR_CODES = [
  'invalid_input',
  'not_found',
  'conflict',
  'unsupported_file',
  'bad_file',
  'archive_refused',
  /** The archive is encrypted and no passphrase, or a wrong one, was given; nothing was written to it. */
  'locked',
  /** The archive opened but a stored record fails its check (a text no longer matching its SHA-256). */
  'damaged',
  'internal',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export interface ErrorInfo {
  code: ErrorCode
  message: string
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo }

/** An expected failure with a message fit to show a user; anything else is reported as 'internal'. */
export class CasebookError extends Error {
  readonly code: ErrorCode
  constructor(code: ErrorCode, message: string) {
    super(message)
    this.name = 'CasebookError'
    this.code = code
  }
}
