import { useCallback, useRef, useState } from 'react'
import { MAX_IMPORT_BYTES } from '../../../shared/contract'
import { FILES_IN_FLIGHT, IN_FLIGHT_BYTES, runInFlight } from '../../../shared/run-in-flight'
import type { ImportResult } from '../../../shared/model'
import { call } from './api'
import { bytesToBase64 } from './base64'
import { skippedResult, type PickedFile } from './file-collect'

export interface ImportState {
  /** True while any batch is queued or being sent. */
  running: boolean
  /** Files in every batch of this report (sent or skipped), and how many of them are dealt with. */
  total: number
  done: number
  /** Name of the file being sent now. */
  current: string | null
  /** Every file's outcome since the report was last dismissed, in the order they were dealt with. */
  results: ImportResult[]
  /** When the first file of this report was sent (ms since the epoch), for the rate and the time left. */
  startedAt: number | null
  /** The user cancelled: the files not yet sent are listed as not imported. */
  cancelled: boolean
  /** Files a cancel left unsent that Resume sends (the window still holds them). */
  resumable: number
  /** When the state last changed (ms since the epoch): the rate is taken at that moment. */
  updatedAt: number
}

const IDLE: ImportState = {
  running: false,
  total: 0,
  done: 0,
  current: null,
  results: [],
  startedAt: null,
  cancelled: false,
  resumable: 0,
  updatedAt: 0,
}

/** What a file left unsent by a cancel is reported with: Resume (or importing the same files again) goes on. */
export const CANCELLED_MESSAGE = 'not imported: the import was cancelled'

/** How a batch is imported: `versionOf` makes its file a new version of that article. */
export interface ImportOptions {
  versionOf?: string
}

async function importOne(picked: PickedFile, options: ImportOptions): Promise<ImportResult> {
  const skipped = skippedResult(picked)
  if (skipped) return skipped
  if (picked.file.size > MAX_IMPORT_BYTES) {
    // Reading a huge file into memory only to have it refused would stall the window for nothing.
    return { file: picked.name, status: 'failed', message: 'the file is larger than 50 MB' }
  }
  try {
    const bytes = new Uint8Array(await picked.file.arrayBuffer())
    return await call('import.file', {
      name: picked.name,
      contentBase64: bytesToBase64(bytes),
      ...(options.versionOf ? { versionOf: options.versionOf } : {}),
    })
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return { file: picked.name, status: 'failed', message }
  }
}

/**
 * Sends a few files at a time (FILES_IN_FLIGHT, at most IN_FLIGHT_BYTES of them): the engine reads them on its threads, one per core, and
 * stores those finished together in one commit; a few at a time keeps memory bounded (each file is read
 * whole here) and the progress honest. Batches started while one runs are queued behind it and
 * join the same report; the report keeps every outcome until the user dismisses it.
 */
export function useImport(onFinished: (results: ImportResult[]) => void): {
  state: ImportState
  start: (files: PickedFile[], options?: ImportOptions) => void
  dismiss: () => void
  cancel: () => void
  resume: () => void
} {
  const [state, setState] = useState<ImportState>(IDLE)
  const queue = useRef<Promise<void>>(Promise.resolve())
  /** Batches queued or running: the report says "finished" only when none is left. */
  const pending = useRef(0)

  /** Set by cancel(): every queued batch stops before its next file. */
  const cancelling = useRef(false)
  /** The files a cancel left unsent, with their batch's options, for resume(). */
  const unsent = useRef<Array<{ picked: PickedFile; options: ImportOptions }>>([])

  const start = useCallback(
    (files: PickedFile[], options: ImportOptions = {}) => {
      if (files.length === 0) return
      if (pending.current === 0) {
        cancelling.current = false
        // A new import after a cancel: what the cancel left is no longer offered (importing those files
        // again still goes on where it stopped).
        unsent.current = []
      }
      pending.current++
      // Counted at once, so the progress covers a queued batch before its turn comes.
      setState((s) => ({
        ...s,
        running: true,
        total: s.total + files.length,
        startedAt: s.startedAt ?? Date.now(),
        cancelled: false,
        resumable: unsent.current.length,
      }))
      queue.current = queue.current.then(async () => {
        // This batch's outcomes, for the caller to act on (refresh an article that got a new version).
        const batch: ImportResult[] = []
        try {
          const cancelled = (picked: PickedFile) => {
            const left: ImportResult = { file: picked.name, status: 'skipped', message: CANCELLED_MESSAGE }
            batch.push(left)
            unsent.current.push({ picked, options })
            setState((s) => ({
              ...s,
              done: s.done + 1,
              results: [...s.results, left],
              cancelled: true,
              resumable: unsent.current.length,
            }))
          }
          await runInFlight(
            files,
            FILES_IN_FLIGHT,
            async (picked) => {
              setState((s) => ({ ...s, current: picked.name, updatedAt: Date.now() }))
              const result = await importOne(picked, options)
              // An mbox's messages and an e-mail's attachments are listed after their file, one line each.
              const lines = [result, ...partsOf(result)]
              batch.push(...lines)
              setState((s) => ({
                ...s,
                done: s.done + 1,
                results: [...s.results, ...lines],
                updatedAt: Date.now(),
              }))
            },
            {
              stopped: () => cancelling.current,
              skip: cancelled,
              sizeOf: (picked) => picked.file.size,
              maxSize: IN_FLIGHT_BYTES,
            },
          )
        } finally {
          pending.current--
          if (pending.current === 0) setState((s) => ({ ...s, running: false, current: null }))
          onFinished(batch)
        }
      })
    },
    [onFinished],
  )

  const dismiss = useCallback(() => {
    setState((s) => {
      if (s.running) return s
      unsent.current = []
      return IDLE
    })
  }, [])
  // The files being read finish (each is committed or not as a whole); the rest are not sent.
  const cancel = useCallback(() => {
    cancelling.current = true
  }, [])

  /**
   * Sends the files a cancel left unsent, in the same report: their "cancelled" lines give way to their
   * outcomes. The files already in are not sent again.
   */
  const resume = useCallback(() => {
    const left = unsent.current
    if (left.length === 0) return
    unsent.current = []
    setState((s) => ({
      ...s,
      results: s.results.filter((r) => !(r.status === 'skipped' && r.message === CANCELLED_MESSAGE)),
      total: s.total - left.length,
      done: s.done - left.length,
      cancelled: false,
      resumable: 0,
      // The pause since the last file does not count against the rate and the time left.
      startedAt: s.startedAt === null ? null : s.startedAt + Math.max(0, Date.now() - s.updatedAt),
    }))
    // One batch per set of options (a new version's file keeps its article), in the order they were left.
    const batches = new Map<string, { options: ImportOptions; files: PickedFile[] }>()
    for (const { picked, options } of left) {
      const key = options.versionOf ?? ''
      const batch = batches.get(key) ?? { options, files: [] }
      batch.files.push(picked)
      batches.set(key, batch)
    }
    for (const { files, options } of batches.values()) start(files, options)
  }, [start])
  return { state, start, dismiss, cancel, resume }
}

function partsOf(result: ImportResult): ImportResult[] {
  return (result.parts ?? []).flatMap((part) => [part, ...partsOf(part)])
}
