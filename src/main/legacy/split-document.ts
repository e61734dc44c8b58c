// Turns a parsed legacy file into a LegacyDocument: finds the record list (array or name→record map) and keeps
// every other top-level key verbatim.
import { isPlainObject, type JsonObject, type JsonValue } from '../store/record-codec'
import type { LegacyDocument, LegacyFileName } from './legacy-files'
import type { ParsedLegacyJson } from './read-legacy-json'

export interface ListKeys {
  /** Keys that may hold an array of records, in order of preference. */
  arrays: readonly string[]
  /** Keys that may hold a name→record map. */
  maps?: readonly string[]
}

function withoutKey(object: JsonObject, key: string): JsonObject {
  return Object.fromEntries(Object.entries(object).filter(([k]) => k !== key))
}

export function splitDocument(
  file: LegacyFileName,
  parsed: ParsedLegacyJson,
  keys: ListKeys
): LegacyDocument {
  if (parsed.kind === 'empty') return { file, shape: 'empty', listKey: null, topExtra: {}, records: [] }
  const value: JsonValue = parsed.value
  if (Array.isArray(value)) {
    return {
      file,
      shape: 'array',
      listKey: null,
      topExtra: {},
      records: value.map((v, position) => ({ position, value: v }))
    }
  }
  if (isPlainObject(value)) {
    for (const key of keys.maps ?? []) {
      const map = value[key]
      if (isPlainObject(map)) {
        const records = Object.entries(map).map(([mapKey, v], position) => ({ position, value: v, mapKey }))
        return { file, shape: 'map', listKey: key, topExtra: withoutKey(value, key), records }
      }
    }
    for (const key of keys.arrays) {
      const list = value[key]
      if (Array.isArray(list)) {
        const records = list.map((v, position) => ({ position, value: v }))
        return { file, shape: 'object', listKey: key, topExtra: withoutKey(value, key), records }
      }
    }
  }
  return { file, shape: 'raw', listKey: null, topExtra: {}, records: [], raw: value }
}
