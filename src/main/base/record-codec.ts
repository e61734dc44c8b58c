// Splits a legacy JSON record into typed columns plus an "extra" JSON of everything else, and joins it back
// losslessly: a field goes to a column only when its value survives the column exactly.

import { parseJsonText, rawNumberText, type JsonObject, type JsonValue } from './json-text'

export type { JsonObject, JsonValue }
export type SqlValue = string | number | null

/**
 * - text: a well-formed string (lone surrogates cannot be stored as SQLite text, so such strings stay in extra)
 * - json: any value, stored as JSON text (timestamps keep their original form: string or number)
 * - bool: a boolean, stored as 0/1
 * - textList: an array of well-formed strings, stored as JSON text
 */
export type FieldKind = 'text' | 'json' | 'bool' | 'textList'

export interface FieldSpec {
  key: string
  column: string
  kind: FieldKind
}

/** A JSON object: not an array, and not a number whose text parseJsonText kept (a frozen `{rawJSON}` object). */
export function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && rawNumberText(value) === null
}

/** Text that should hold a JSON object: the object, or why it is not one (the parser's message, or another kind). */
export type JsonObjectText = { object: JsonObject } | { notJson: string } | { notObject: true }

export function jsonObjectText(text: string): JsonObjectText {
  let value: unknown
  try {
    value = parseJsonText(text)
  } catch (error) {
    return { notJson: error instanceof Error ? error.message : String(error) }
  }
  return isPlainObject(value) ? { object: value } : { notObject: true }
}

export function isText(value: unknown): value is string {
  return typeof value === 'string' && value.isWellFormed()
}

function encodeField(kind: FieldKind, value: JsonValue): SqlValue | undefined {
  switch (kind) {
    case 'text':
      return isText(value) ? value : undefined
    case 'json':
      return JSON.stringify(value)
    case 'bool':
      return typeof value === 'boolean' ? (value ? 1 : 0) : undefined
    case 'textList':
      return Array.isArray(value) && value.every(isText) ? JSON.stringify(value) : undefined
  }
}

function decodeField(kind: FieldKind, value: SqlValue): JsonValue {
  switch (kind) {
    case 'text':
      return value
    case 'bool':
      return value === 1
    case 'json':
    case 'textList':
      return parseJsonText(String(value))
  }
}

export interface SplitRecord {
  columns: Record<string, SqlValue>
  extra: string
}

/** Every spec'd column is present in `columns` (null when the field is absent or kept in extra). */
export function splitRecord(record: JsonObject, specs: readonly FieldSpec[]): SplitRecord {
  const columns: Record<string, SqlValue> = {}
  const taken = new Set<string>()
  for (const spec of specs) {
    columns[spec.column] = null
    if (!Object.hasOwn(record, spec.key)) continue
    const encoded = encodeField(spec.kind, record[spec.key]!)
    if (encoded === undefined) continue
    columns[spec.column] = encoded
    taken.add(spec.key)
  }
  const rest = Object.entries(record).filter(([key]) => !taken.has(key))
  return { columns, extra: JSON.stringify(Object.fromEntries(rest)) }
}

/** Rebuilds the record: extra's fields plus every non-null spec'd column. Safe for keys such as `__proto__`. */
export function joinRecord(
  row: Record<string, unknown>,
  specs: readonly FieldSpec[],
  extra: string
): JsonObject {
  const entries: [string, JsonValue][] = Object.entries(parseJsonText(extra) as JsonObject)
  for (const spec of specs) {
    const value = row[spec.column] as SqlValue | undefined
    if (value === null || value === undefined) continue
    entries.push([spec.key, decodeField(spec.kind, value)])
  }
  return Object.fromEntries(entries)
}
