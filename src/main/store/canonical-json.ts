// Canonical JSON (object keys sorted at every level) and its sha256: "JSON-equal, key order aside" as a hash.
// Iterative, so a hostile record nested 100k levels deep is hashed like any other.
import { createHash } from 'node:crypto'
import type { JsonValue } from './record-codec'
import { stringifyIterative } from './safe-json'

export function canonicalJson(value: JsonValue): string {
  return stringifyIterative(value, true)
}

export function contentHash(value: JsonValue): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex')
}
