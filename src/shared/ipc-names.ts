// The contract's channel and event names where the table itself is not loaded (the preload and the renderer): fixed
// at build time from IPC_TABLE by electron.vite.config.ts, so that neither bundle carries the schemas or zod.
import type { IpcChannel, IpcEventName } from './ipc'

declare const __IPC_CHANNELS__: readonly IpcChannel[]
declare const __IPC_EVENTS__: readonly IpcEventName[]

export const IPC_CHANNEL_NAMES: ReadonlySet<string> = new Set(__IPC_CHANNELS__)
export const IPC_EVENT_NAMES: readonly IpcEventName[] = __IPC_EVENTS__
