import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron'
import type { CoreHost } from '../core/host/core-host'
import { IPC_INVOKE_CHANNEL } from '../shared/contract'
import { dispatchInvoke, isTrustedSender } from './ipc-dispatch'

/**
 * Registers the single IPC handler through which the renderer reaches the engine. One handler for the
 * whole contract (rather than one per operation) keeps main free of per-operation code: a new entry in
 * src/shared/contract.ts works here without an edit.
 */
export function registerInvokeHandler(
  host: Pick<CoreHost, 'invokeRaw'>,
  currentWindow: () => BrowserWindow | null,
): void {
  ipcMain.handle(IPC_INVOKE_CHANNEL, (event, channel: unknown, input: unknown) => {
    const window = currentWindow()
    const windowId = window && !window.isDestroyed() ? window.webContents.id : undefined
    return dispatchInvoke(isTrustedSender(senderFacts(event), windowId), channel, input, host.invokeRaw)
  })
}

function senderFacts(event: IpcMainInvokeEvent) {
  // senderFrame is null once the frame is gone or has navigated elsewhere: such a sender is never trusted.
  const frame = event.senderFrame
  return {
    frameUrl: frame?.url,
    isMainFrame: frame !== null && frame.parent === null,
    webContentsId: event.sender.id,
  }
}
