// Decides which legacy records the app can use and which go to quarantine (kept verbatim, listed in the report).
import { isPlainObject, type JsonObject, type JsonValue } from '../base/record-codec'
import { nestsDeeperThan } from '../base/safe-json'
import { jsonNumber } from '../base/json-text'

/** Deeper records are kept verbatim in quarantine: no legitimate chat record nests anywhere near this. */
export const MAX_RECORD_DEPTH = 256

function tooDeep(value: JsonValue): string | null {
  return nestsDeeperThan(value, MAX_RECORD_DEPTH) ? `nested more than ${MAX_RECORD_DEPTH} levels deep` : null
}

/** Epoch ms for a legacy timestamp: ISO-ish strings, epoch milliseconds (or seconds) as numbers; null when absent. */
export function parseTimestamp(value: JsonValue | undefined): number | null | 'invalid' {
  if (value === undefined || value === null) return null
  const number = jsonNumber(value)
  if (number !== null) {
    if (!Number.isFinite(number)) return 'invalid'
    return Math.abs(number) < 1e11 ? number * 1000 : number
  }
  if (typeof value === 'string') {
    if (value.trim() === '') return null
    const ms = Date.parse(value)
    return Number.isNaN(ms) ? 'invalid' : ms
  }
  return 'invalid'
}

function badDate(record: JsonObject, keys: readonly string[]): string | null {
  for (const key of keys) {
    if (parseTimestamp(record[key]) === 'invalid')
      return `${key} is not a date (${JSON.stringify(record[key]).slice(0, 40)})`
  }
  return null
}

/** The ids met so far and where (a Map, or a registry that also knows other files' ids). */
export interface IdRegistry {
  get(id: string): string | undefined
  set(id: string, path: string): unknown
}

/** Checks a record with a required string id. `seen` maps ids to the path where they were first seen. */
function idProblem(record: JsonObject, seen: IdRegistry, path: string): string | null {
  const id = record['id']
  if (id === undefined) return 'missing id'
  if (typeof id !== 'string' || id.trim() === '')
    return `id is not a non-empty string (${JSON.stringify(id)})`
  const first = seen.get(id)
  if (first !== undefined) return `duplicate id "${id}" (first seen at ${first})`
  seen.set(id, path)
  return null
}

export function conversationProblem(value: JsonValue, seen: IdRegistry, path: string): string | null {
  if (!isPlainObject(value)) return `a conversation must be an object, found ${describe(value)}`
  const problem =
    tooDeep(value) ?? idProblem(value, seen, path) ?? badDate(value, ['created_at', 'updated_at'])
  if (problem) return problem
  if (value['title'] !== undefined && value['title'] !== null && typeof value['title'] !== 'string')
    return 'title is not a string'
  return null
}

export function messageProblem(value: JsonValue): string | null {
  if (!isPlainObject(value)) return `a message must be an object, found ${describe(value)}`
  if (value['role'] !== undefined && typeof value['role'] !== 'string') return 'role is not a string'
  return badDate(value, ['created_at'])
}

export function profileProblem(value: JsonValue, seen: Map<string, string>, path: string): string | null {
  if (!isPlainObject(value)) return `a profile must be an object, found ${describe(value)}`
  return tooDeep(value) ?? idProblem(value, seen, path)
}

export function mcpServerProblem(
  value: JsonValue,
  seen: Map<string, string>,
  path: string,
  mapKey?: string
): string | null {
  if (!isPlainObject(value)) return `an MCP server must be an object, found ${describe(value)}`
  if (mapKey !== undefined) return tooDeep(value)
  const deep = tooDeep(value)
  if (deep) return deep
  return idProblem(value, seen, path)
}

function describe(value: JsonValue): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return `a ${typeof value}`
}
