// Opaque keyset cursors for paged lists (the sort key of the last row seen) and page-size clamping.
import { UserError } from '../../shared/errors'

/** `kind` tags a cursor with its list so a cursor from one list is never accepted by another. */
export function encodeCursor(kind: string, values: readonly number[]): string {
  return Buffer.from(JSON.stringify([kind, ...values]), 'utf8').toString('base64url')
}

function invalidCursor(): UserError {
  return new UserError(
    'INVALID_INPUT',
    'The list position (cursor) is not valid for this list. Reload the list from the start.'
  )
}

/** The cursor's `arity` integers, or INVALID_INPUT for anything that is not a cursor of this kind. */
export function decodeCursor(kind: string, cursor: unknown, arity: number): number[] {
  if (typeof cursor !== 'string') throw invalidCursor()
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw invalidCursor()
  }
  if (!Array.isArray(parsed) || parsed.length !== arity + 1 || parsed[0] !== kind) throw invalidCursor()
  const values = parsed.slice(1) as unknown[]
  if (!values.every((v): v is number => Number.isSafeInteger(v))) throw invalidCursor()
  return values
}

/** A whole number in [1, max]; undefined, NaN or non-numbers give the default. */
export function clampLimit(limit: unknown, fallback: number, max: number): number {
  if (typeof limit !== 'number' || Number.isNaN(limit)) return fallback
  return Math.min(max, Math.max(1, Math.floor(limit)))
}
