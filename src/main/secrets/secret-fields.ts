// Finds the values under secret names in a record (the one rule of shared/secret-policy: api_key, *_KEY, *_TOKEN,
// *_SECRET, *_AUTH, *PASSWORD*, *CREDENTIAL*, Authorization, …), lifts them out for the keychain, and puts them back by
// JSON pointer when a legacy file is written again.
import { rawNumberText } from '../base/json-text'
import { escapePointerSegment, pointerSegments } from '../base/json-pointer'
import { isPlainObject, type JsonObject, type JsonValue } from '../base/record-codec'
import { isSecretName } from '../../shared/secret-policy'

const MAX_DEPTH = 32

export interface LiftedSecret {
  /** RFC 6901 pointer into the record, e.g. `/api_key` or `/env/GITHUB_TOKEN`. */
  pointer: string
  value: string
}

function lift(value: JsonValue, pointer: string, depth: number, out: LiftedSecret[]): JsonValue {
  if (depth > MAX_DEPTH || rawNumberText(value) !== null) return value
  if (Array.isArray(value)) return value.map((item, i) => lift(item, `${pointer}/${i}`, depth + 1, out))
  if (!isPlainObject(value)) return value
  const entries: [string, JsonValue][] = []
  for (const [key, item] of Object.entries(value)) {
    const itemPointer = `${pointer}/${escapePointerSegment(key)}`
    if (typeof item === 'string' && item !== '' && isSecretName(key))
      out.push({ pointer: itemPointer, value: item })
    else entries.push([key, lift(item, itemPointer, depth + 1, out)])
  }
  return Object.fromEntries(entries)
}

/** Returns the record without its secret values, and the values with their pointers. */
export function liftSecrets(record: JsonValue): { stripped: JsonValue; secrets: LiftedSecret[] } {
  const secrets: LiftedSecret[] = []
  const stripped = lift(record, '', 0, secrets)
  return { stripped, secrets }
}

/** Puts a secret back at its pointer (the containing object must exist, as it did when the secret was lifted). */
export function placeSecret(record: JsonValue, pointer: string, value: string): void {
  const segments = pointerSegments(pointer)
  const last = segments.pop()
  let node: JsonValue = record
  for (const segment of segments) {
    if (Array.isArray(node)) node = node[Number(segment)]!
    else if (isPlainObject(node)) node = node[segment]!
    else return
  }
  if (last !== undefined && isPlainObject(node))
    Object.defineProperty(node, last, { value, enumerable: true, writable: true, configurable: true })
}

export type { JsonObject }
