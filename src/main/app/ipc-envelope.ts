// Wraps a handler call in the IpcResult envelope: user errors cross intact, anything else becomes a generic INTERNAL.
import type { IpcChannel, IpcHandlers, IpcRequest, IpcResult } from '../../shared/ipc'
import { isUserError, type ErrorCode, type ErrorPayload } from '../../shared/errors'

/** What the user sees for an error that was not meant for them; the details go to the log only. */
export const GENERIC_ERROR_MESSAGE = 'Something went wrong; details are in the log.'

const ERROR_CODES: Record<ErrorCode, true> = {
  USAGE: true,
  NOT_FOUND: true,
  INVALID_INPUT: true,
  LEGACY_UNREADABLE: true,
  LEGACY_INVALID_JSON: true,
  DISK_SPACE: true,
  KEYCHAIN_UNAVAILABLE: true,
  LOCKED: true,
  NEWER_SCHEMA: true,
  SCHEMA_CHECKSUM: true,
  BACKUP_MISMATCH: true,
  VERIFY_FAILED: true,
  WRONG_STATE: true,
  STORE_FAILED: true,
  INTERNAL: true,
  MCP_FAILED: true
}

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value)
}

/**
 * A UserError, or an error shaped like one (e.g. rebuilt after crossing a worker boundary, where `instanceof`
 * no longer holds): name 'UserError', a known code and a string message.
 */
function userErrorPayload(error: unknown): ErrorPayload | null {
  if (isUserError(error)) return { code: error.code, message: error.message }
  if (error instanceof Error && error.name === 'UserError') {
    const code: unknown = (error as Error & { code?: unknown }).code
    if (isErrorCode(code)) return { code, message: error.message }
  }
  return null
}

/** The payload the renderer may see for `error`. Never a stack trace or the raw message of an unexpected error. */
export function toErrorPayload(error: unknown): ErrorPayload {
  return userErrorPayload(error) ?? { code: 'INTERNAL', message: GENERIC_ERROR_MESSAGE }
}

/**
 * Runs `fn` and answers with `{ ok: true, value }`, or `{ ok: false, error }` when it throws. `onUnexpected` receives
 * errors that are not user errors so they can be logged; it is never allowed to turn the result into a rejection.
 */
export async function toIpcResult<T>(
  fn: () => T | Promise<T>,
  onUnexpected?: (error: unknown) => void
): Promise<IpcResult<T>> {
  try {
    return { ok: true, value: await fn() }
  } catch (error) {
    const payload = userErrorPayload(error)
    if (payload) return { ok: false, error: payload }
    try {
      onUnexpected?.(error)
    } catch {
      // Logging must never change the answer.
    }
    return { ok: false, error: { code: 'INTERNAL', message: GENERIC_ERROR_MESSAGE } }
  }
}

/** Calls the handler for `channel` with a request already checked against the channel's schema. */
export function callHandler<K extends IpcChannel>(
  handlers: Pick<IpcHandlers, K>,
  channel: K,
  req: unknown
): Promise<unknown> {
  const call = <C extends K>(c: C): Promise<unknown> => handlers[c](req as IpcRequest<C>)
  return call(channel)
}
