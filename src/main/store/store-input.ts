// The stores' guard on the ids they look up (a string, else INVALID_INPUT; an unknown one is NOT_FOUND), their
// NOT_FOUND error, and the decoding of stored timestamps. The fields of what they are given are checked against the
// IPC contract's own schemas (record-input.ts).
import { isoFromValue } from './message-text'
import { UserError } from '../../shared/errors'

export function notFound(what: string, uid: string): UserError {
  return new UserError(
    'NOT_FOUND',
    `${what} ${uid} was not found. It may have been deleted; refresh the list.`
  )
}

/**
 * The words a conversation list is filtered by, trimmed ('' for none). Not a form field: any text is safe here (the
 * stores quote it as words), so nothing but its type is refused.
 */
export function listQuery(value: unknown): string {
  if (value === undefined || value === null) return ''
  if (typeof value !== 'string') throw new UserError('INVALID_INPUT', 'query must be a string.')
  return value.toWellFormed().trim()
}

/** An id to look up (a string; an unknown one is the caller's NOT_FOUND). */
export function requireId(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new UserError('INVALID_INPUT', `${field} must be a string id.`)
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
