// What the stores check of the ids and conversation fields direct callers give them (types only: lengths and keys are
// the IPC boundary's), their NOT_FOUND error, and the decoding of stored timestamps.
import { isoFromValue } from './message-text'
import { UserError } from '../../shared/errors'

export function notFound(what: string, uid: string): UserError {
  return new UserError(
    'NOT_FOUND',
    `${what} ${uid} was not found. It may have been deleted; refresh the list.`
  )
}

function invalid(field: string, expected: string): UserError {
  return new UserError('INVALID_INPUT', `${field} must be ${expected}.`)
}

export function requireObject(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(field, 'an object')
  return value as Record<string, unknown>
}

/** A string, made well-formed (SQLite text cannot hold lone surrogates). */
export function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string') throw invalid(field, 'a string')
  return value.toWellFormed()
}

/** undefined = not given; null = cleared. */
export function optionalNullableString(value: unknown, field: string): string | null | undefined {
  if (value === undefined || value === null) return value
  return requireString(value, field)
}

/** An id to look up (a string; an unknown one is the caller's NOT_FOUND). */
export function requireId(value: unknown, field: string): string {
  if (typeof value !== 'string') throw invalid(field, 'a string id')
  return value
}

/**
 * A timestamp column (the original value as JSON text) in ISO form: a JSON string as it is, a number as epoch
 * milliseconds, anything else (or an out-of-range number) null.
 */
export function isoFromStored(text: string | null): string | null {
  if (text === null) return null
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return null
  }
  return isoFromValue(value)
}
