// The validation of the IPC contract: every request checked against its channel's zod schema before any handler
// runs, refused with one INVALID_INPUT line that names the place and what was expected, never a string's contents.
import type { z } from 'zod'
import { UserError } from './errors'
import { IPC_CHANNELS, IPC_TABLE, type IpcChannel, type IpcRequest } from './ipc'
import { describe, issueLine, oneLine, quote } from './schema-wording'

type RequestSchemas = { readonly [C in IpcChannel]: z.ZodType<IpcRequest<C>> }

/** One schema per channel, from the contract table (each entry's type is what the table infers for it). */
export const IPC_REQUEST_SCHEMAS: RequestSchemas = Object.fromEntries(
  IPC_CHANNELS.map((channel) => [channel, IPC_TABLE[channel].req])
) as unknown as RequestSchemas

const CHANNELS: ReadonlySet<string> = new Set(IPC_CHANNELS)

export function isIpcChannel(value: unknown): value is IpcChannel {
  return typeof value === 'string' && CHANNELS.has(value)
}

/** The refusal of a channel that is not in the contract. */
export function unknownRequest(channel: unknown): UserError {
  const shown = typeof channel === 'string' ? quote(channel, 60) : describe(channel)
  return new UserError('INVALID_INPUT', `Unknown request ${shown}.`)
}

/**
 * `value` checked against `schema`: a fresh, typed value, or INVALID_INPUT with one line `<label>: <json path> <what
 * is wrong>` that never repeats a string's contents or anything of a secret field.
 */
export function checkInput<T>(label: string, schema: z.ZodType<T>, value: unknown): T {
  let result: z.ZodSafeParseResult<T>
  try {
    result = schema.safeParse(value)
  } catch {
    // Something that could not even be read (it never happens with IPC or JSON payloads): still just refused.
    throw new UserError('INVALID_INPUT', `${label}: $ could not be read as a request`)
  }
  if (result.success) return result.data
  throw new UserError('INVALID_INPUT', oneLine(`${label}: ${issueLine(schema, value, result.error.issues)}`))
}

/** The request checked against its channel's schema (see `checkInput`); unknown channels are refused too. */
export function validateIpcRequest<C extends IpcChannel>(channel: C, value: unknown): IpcRequest<C> {
  if (!isIpcChannel(channel)) throw unknownRequest(channel)
  return checkInput(channel, IPC_REQUEST_SCHEMAS[channel], value)
}
