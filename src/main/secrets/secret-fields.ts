// Finds the secrets in a record by the one rule of shared/secret-policy (values under secret names: api_key, *_KEY,
// *_TOKEN, *_SECRET, *_AUTH, *PASSWORD*, *CREDENTIAL*, Authorization, …; and URLs with credentials), lifts them out for
// the keychain (a URL keeps its redacted form in the record), and puts them back by JSON pointer when a legacy file is
// written again. `${input:…}` and `${env:…}` references are not secrets and stay where they are.
import { rawNumberText } from '../base/json-text'
import { escapePointerSegment, pointerSegments } from '../base/json-pointer'
import { isPlainObject, type JsonObject, type JsonValue } from '../base/record-codec'
import { classifyValue, redactUrlCredentials } from '../../shared/secret-policy'

const MAX_DEPTH = 32

export interface LiftedSecret {
  /** RFC 6901 pointer into the record, e.g. `/api_key` or `/env/GITHUB_TOKEN`. */
  pointer: string
  value: string
}

function lift(value: JsonValue, pointer: string, depth: number, out: LiftedSecret[]): JsonValue {
  if (depth > MAX_DEPTH || rawNumberText(value) !== null) return value
  if (Array.isArray(value))
    return value.map((item, i) => {
      const itemPointer = `${pointer}/${i}`
      // A URL argument (`["--url", "https://user:pass@host"]`) is secret by its credentials alone.
      if (classifyValue('', item) !== 'url') return lift(item, itemPointer, depth + 1, out)
      out.push({ pointer: itemPointer, value: item as string })
      return redactUrlCredentials(item as string)!
    })
  if (!isPlainObject(value)) return value
  const entries: [string, JsonValue][] = []
  // A `{ "name": "Authorization", "value": "Bearer …" }` pair: its value is secret by the name it holds.
  const pairName = typeof value['name'] === 'string' ? value['name'] : null
  for (const [key, item] of Object.entries(value)) {
    const itemPointer = `${pointer}/${escapePointerSegment(key)}`
    const name = key === 'value' && pairName !== null ? pairName : key
    const kind = typeof item === 'string' ? classifyValue(name, item) : 'plain'
    if (kind !== 'plain') out.push({ pointer: itemPointer, value: item as string })
    if (kind === 'url') entries.push([key, redactUrlCredentials(item as string)!])
    else if (kind === 'plain') entries.push([key, lift(item, itemPointer, depth + 1, out)])
  }
  return Object.fromEntries(entries)
}

/** Returns the record without its secret values, and the values with their pointers. */
export function liftSecrets(record: JsonValue): { stripped: JsonValue; secrets: LiftedSecret[] } {
  const secrets: LiftedSecret[] = []
  const stripped = lift(record, '', 0, secrets)
  return { stripped, secrets }
}

/**
 * Puts a secret back at its pointer (the containing object must exist, as it did when the secret was lifted); a URL's
 * redacted form is replaced by the URL as written.
 */
export function placeSecret(record: JsonValue, pointer: string, value: string): void {
  const segments = pointerSegments(pointer)
  const last = segments.pop()
  let node: JsonValue = record
  for (const segment of segments) {
    if (Array.isArray(node)) node = node[Number(segment)]!
    else if (isPlainObject(node)) node = node[segment]!
    else return
  }
  if (last === undefined) return
  if (Array.isArray(node)) node[Number(last)] = value
  else if (isPlainObject(node))
    Object.defineProperty(node, last, { value, enumerable: true, writable: true, configurable: true })
}

/** A value with its secrets put back (placeSecret each); a secret at the empty pointer is the whole value. */
export function placeSecrets(value: JsonValue, placed: readonly LiftedSecret[]): JsonValue {
  const whole = placed.find((secret) => secret.pointer === '')
  if (whole) return whole.value
  for (const secret of placed) placeSecret(value, secret.pointer, secret.value)
  return value
}

export type { JsonObject }
