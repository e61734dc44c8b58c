// Field edits on a legacy record that can be taken back exactly (a field that was absent becomes absent again).
import type { JsonObject, JsonValue } from '../../base/record-codec'

/** New values by field; `undefined` removes the field. */
export type FieldChanges = Record<string, JsonValue | undefined>

/** What the fields held before: `undefined` for a field that was absent. */
export type FieldSnapshot = Record<string, JsonValue | undefined>

function put(record: JsonObject, key: string, value: JsonValue | undefined): void {
  if (value === undefined) delete record[key]
  else Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true })
}

/** Applies the changes and returns what they replaced. */
export function setFields(record: JsonObject, changes: FieldChanges): FieldSnapshot {
  const before: FieldSnapshot = {}
  for (const [key, value] of Object.entries(changes)) {
    before[key] = Object.hasOwn(record, key) ? record[key] : undefined
    put(record, key, value)
  }
  return before
}

export function restoreFields(record: JsonObject, before: FieldSnapshot): void {
  for (const [key, value] of Object.entries(before)) put(record, key, value)
}
