import { contextBridge, ipcRenderer } from 'electron'
import { IPC_INVOKE_CHANNEL } from '../shared/contract'
import type { Envelope } from '../shared/errors'

/**
 * The renderer's only door to the engine: `window.casebook.invoke(channel, input)`. Nothing of Node or
 * Electron is exposed, not even ipcRenderer itself; main checks the sender and the channel, and the
 * engine parses the input against the contract.
 */
contextBridge.exposeInMainWorld('casebook', {
  invoke: (channel: string, input: unknown): Promise<Envelope<unknown>> =>
    ipcRenderer.invoke(IPC_INVOKE_CHANNEL, channel, input),
})
