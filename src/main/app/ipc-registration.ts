// The one registration of the IPC table, used by both transports (Electron's ipcMain, the `serve` bridge's router):
// every channel's request validated and answered by the host controller, inside the IpcResult envelope.
import { IPC_CHANNELS, type IpcChannel, type IpcResult } from '../../shared/ipc'
import { unknownRequest } from '../../shared/ipc-schema'
import { toIpcResult } from './ipc-envelope'

/** One channel's answer to a request as it came over the wire. `admit` (the transport's own check of who is asking)
 * runs first, inside the envelope: when it throws, nothing else runs. */
export type IpcAnswer = (req: unknown, admit?: () => void) => Promise<IpcResult<unknown>>

/** How a transport takes a channel's answer: `ipcMain.handle`, or the bridge's router. */
export type RegisterChannel = (channel: IpcChannel, answer: IpcAnswer) => void

/** What answers the requests: validates each against its channel's schema, then calls the handler (HostController). */
export interface IpcDispatcher {
  dispatch(channel: IpcChannel, req: unknown): Promise<unknown>
}

/** Registers every channel of the contract with the transport; `onUnexpected` logs errors not meant for the user. */
export function registerIpcChannels(
  register: RegisterChannel,
  dispatcher: IpcDispatcher,
  onUnexpected: (channel: IpcChannel, error: unknown) => void
): void {
  for (const channel of IPC_CHANNELS) {
    register(channel, (req, admit) =>
      toIpcResult(
        () => {
          admit?.()
          return dispatcher.dispatch(channel, req)
        },
        (error) => onUnexpected(channel, error)
      )
    )
  }
}

/** The answer to a channel the contract does not have (for a transport that routes by name itself). */
export function answerUnknown(channel: unknown): Promise<IpcResult<never>> {
  return toIpcResult(() => {
    throw unknownRequest(channel)
  })
}
