// What the app adds to an exported conversation record beyond the legacy fields, all under one namespaced key
// ("x_personal_agent"), so the legacy files keep it verbatim and a later migration brings it back unchanged.
import { isPlainObject, type JsonObject, type JsonValue } from '../../base/record-codec'

export const APP_FIELDS_KEY = 'x_personal_agent'

/**
 * Adds `items` to the list `name` of the record's app object, after what it already holds (from an earlier
 * export, kept verbatim through a migration); the object's other entries stay as they are. Nothing to add: the
 * record is untouched.
 */
export function appendAppField(record: JsonObject, name: string, items: readonly JsonValue[]): void {
  if (items.length === 0) return
  const current = record[APP_FIELDS_KEY]
  // A value the key held that is not an object (not ours) is kept inside ours.
  const own: JsonObject = isPlainObject(current)
    ? current
    : current === undefined
      ? {}
      : { previous: current }
  const before = own[name]
  record[APP_FIELDS_KEY] = { ...own, [name]: [...(Array.isArray(before) ? before : []), ...items] }
}
