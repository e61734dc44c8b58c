// Preload bridge: exposes exactly `window.api` (RendererApi), limited to the channels and events of the IPC contract.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import type {
  IpcChannel,
  IpcEventName,
  IpcEvents,
  IpcRequest,
  IpcResponse,
  IpcResult,
  RendererApi
} from '../shared/ipc'
import { IPC_CHANNEL_NAMES, IPC_EVENT_NAMES } from '../shared/ipc-names'

const channels = IPC_CHANNEL_NAMES
const events: ReadonlySet<string> = new Set(IPC_EVENT_NAMES)

const api: RendererApi = {
  invoke<C extends IpcChannel>(channel: C, req: IpcRequest<C>): Promise<IpcResult<IpcResponse<C>>> {
    if (typeof channel !== 'string' || !channels.has(channel)) {
      return Promise.reject(new Error(`Unknown IPC channel: ${String(channel)}`))
    }
    return ipcRenderer.invoke(channel, req) as Promise<IpcResult<IpcResponse<C>>>
  },
  on<E extends IpcEventName>(event: E, listener: (payload: IpcEvents[E]) => void): () => void {
    if (typeof event !== 'string' || !events.has(event))
      throw new Error(`Unknown IPC event: ${String(event)}`)
    if (typeof listener !== 'function') throw new Error('The listener must be a function.')
    // The renderer never sees the IpcRendererEvent (it would expose `sender`).
    const wrapped = (_event: IpcRendererEvent, payload: IpcEvents[E]): void => listener(payload)
    ipcRenderer.on(event, wrapped)
    return () => {
      ipcRenderer.removeListener(event, wrapped)
    }
  }
}

contextBridge.exposeInMainWorld('api', api)
