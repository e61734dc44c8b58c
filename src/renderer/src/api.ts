// Typed client over `window.api`: unwraps the IpcResult envelope and throws ApiError with the user-facing message.
import type { ErrorCode } from '../../shared/errors'
import type {
  IpcChannel,
  IpcEventName,
  IpcEvents,
  IpcRequest,
  IpcResponse,
  IpcResult
} from '../../shared/ipc'

/** An error from the main process, carrying the message meant for the user. */
export class ApiError extends Error {
  readonly code: ErrorCode
  constructor(code: ErrorCode, message: string) {
    super(message)
    this.name = 'ApiError'
    this.code = code
  }
}

const NO_BRIDGE_MESSAGE = 'This window is not connected to Personal Agent. Restart the app.'
const NO_ANSWER_MESSAGE = 'Personal Agent did not answer. Try again; if it keeps happening, restart the app.'

/** Channels whose request is `void` take no argument. */
type Args<C extends IpcChannel> = [IpcRequest<C>] extends [void] ? [] : [req: IpcRequest<C>]

export async function call<C extends IpcChannel>(channel: C, ...args: Args<C>): Promise<IpcResponse<C>> {
  if (typeof window.api?.invoke !== 'function') throw new ApiError('INTERNAL', NO_BRIDGE_MESSAGE)
  const req = args[0] as IpcRequest<C>
  let result: IpcResult<IpcResponse<C>>
  try {
    result = await window.api.invoke(channel, req)
  } catch {
    throw new ApiError('INTERNAL', NO_ANSWER_MESSAGE)
  }
  if (result.ok) return result.value
  throw new ApiError(result.error.code, result.error.message)
}

/** Listens to a main-process event; returns the unsubscribe function. */
export function subscribe<E extends IpcEventName>(
  event: E,
  listener: (payload: IpcEvents[E]) => void
): () => void {
  if (typeof window.api?.on !== 'function') return () => undefined
  return window.api.on(event, listener)
}

/** The text to show for any caught error. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message
  return 'Something went wrong; details are in the log.'
}

export function errorCode(error: unknown): ErrorCode {
  return error instanceof ApiError ? error.code : 'INTERNAL'
}
