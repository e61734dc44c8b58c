// Canonical JSON (object keys sorted at every level) and its sha256: "JSON-equal, key order aside" as a hash.
import { createHash } from 'node:crypto'
import { isPlainObject, type JsonValue } from './record-codec'

export function canonicalJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (isPlainObject(value)) {
    const keys = Object.keys(value).sort()
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k]!)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

export function contentHash(value: JsonValue): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex')
}
