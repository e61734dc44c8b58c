// Canonical JSON (object keys sorted at every level) and its sha256: "JSON-equal, key order aside" as a hash.
// A recursive serialiser that leaves strings and numbers to the native JSON.stringify, with the iterative one as the
// fallback when a hostile record nests deeper than the call stack allows.
import { createHash } from 'node:crypto'
import type { JsonValue } from './record-codec'
import { stringifyIterative } from './safe-json'

interface RawJsonCheck {
  isRawJSON(value: unknown): boolean
}
const isRawJson = (JSON as unknown as RawJsonCheck).isRawJSON

function sortedJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object' || isRawJson(value)) return JSON.stringify(value)
  if (Array.isArray(value)) {
    let out = '['
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + sortedJson(value[i]!)
    return out + ']'
  }
  const keys = Object.keys(value).sort()
  let out = '{'
  for (let i = 0; i < keys.length; i++)
    out += (i > 0 ? ',' : '') + JSON.stringify(keys[i]) + ':' + sortedJson(value[keys[i]!]!)
  return out + '}'
}

export function canonicalJson(value: JsonValue): string {
  try {
    return sortedJson(value)
  } catch (error) {
    if (error instanceof RangeError) return stringifyIterative(value, true)
    throw error
  }
}

export function contentHash(value: JsonValue): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex')
}
