// Reads the web version's localStorage export: one JSON object of key → value, each value normally JSON text (as the
// browser stored it). A bad file stops with one line naming the file, the place and the fix; nothing is written.
import { readFileSync, statSync } from 'node:fs'
import { UserError } from '../../../shared/errors'
import { jsonErrorPlace } from '../../legacy/json-error-place'
import { isPlainObject, type JsonValue } from '../../base/record-codec'
import { parseJsonText } from '../../base/json-text'

/** Browsers cap localStorage at a few megabytes per site; far larger is not an export of it. */
export const MAX_DUMP_BYTES = 256 * 1024 * 1024

export interface DumpEntry {
  key: string
  /** The stored string as it was (or, for a value that was not a string, its JSON text). */
  raw: string
  /** The value parsed from JSON text, or the plain string when it is not JSON; undefined never. */
  value: JsonValue
  /** True when the value was a string that is not JSON text (kept as a plain string). */
  plain: boolean
  /** True when the export held a non-string value here (an export tool that parsed it already). */
  parsedAlready: boolean
}

export function readDump(path: string): DumpEntry[] {
  let size: number
  try {
    size = statSync(path).size
  } catch {
    throw new UserError(
      'NOT_FOUND',
      `${path} cannot be read. Pass the file the web version's "Export" saved.`
    )
  }
  if (size > MAX_DUMP_BYTES)
    throw new UserError(
      'INVALID_INPUT',
      `${path} is ${size} bytes, far more than a browser's localStorage holds: it is not a web-version export.`
    )
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(path))
  } catch {
    throw new UserError(
      'INVALID_INPUT',
      `${path} is not UTF-8 text. Pass the JSON file the web version exported.`
    )
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  let parsed: JsonValue
  try {
    parsed = parseJsonText(text)
  } catch {
    throw new UserError(
      'LEGACY_INVALID_JSON',
      `${path} is not valid JSON (at ${jsonErrorPlace(text)}). Export it again from the web version, or fix the file there.`
    )
  }
  if (!isPlainObject(parsed))
    throw new UserError(
      'INVALID_INPUT',
      `${path} holds ${Array.isArray(parsed) ? 'a list' : typeof parsed}; a localStorage export is one object of key → value.`
    )
  return Object.entries(parsed).map(([key, stored]) => {
    if (typeof stored !== 'string')
      return { key, raw: JSON.stringify(stored), value: stored, plain: false, parsedAlready: true }
    try {
      return { key, raw: stored, value: parseJsonText(stored), plain: false, parsedAlready: false }
    } catch {
      return { key, raw: stored, value: stored, plain: true, parsedAlready: false }
    }
  })
}
