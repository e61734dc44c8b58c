// Walks the conversations of a chat export (`conversations.json`, a JSON list) one at a time with the streaming
// scanner, so a large export is never held as one string: each item is parsed on its own and handed on. A file of
// one conversation (a browser exporter's ChatGPT conversation, a Claude API dump) is that one item. A broken file
// stops with one line naming it, the line and the fix.
import { closeSync, openSync, readSync } from 'node:fs'
import { UserError } from '../../../shared/errors'
import { lineAt, scanProblem, utf8BomLength } from '../../legacy/json-file-place'
import { decodeUtf8, fileReader, JsonScanner, withScanner, type ByteRange } from '../../legacy/json-scanner'
import type { JsonValue } from '../../base/record-codec'
import { parseJsonText } from '../../base/json-text'

/** One conversation of the export: parsed, or (when its bytes are not JSON) its text kept to quarantine. */
export type ExportItem =
  | { index: number; value: JsonValue; raw: string }
  | { index: number; value: null; raw: string; error: string }

const OPEN_ARRAY = 0x5b
const OPEN_OBJECT = 0x7b

function bomLength(path: string): number {
  const fd = openSync(path, 'r')
  try {
    const head = Buffer.alloc(3)
    return utf8BomLength(head.subarray(0, readSync(fd, head, 0, 3, 0)))
  } finally {
    closeSync(fd)
  }
}

function userError(path: string, error: unknown): unknown {
  const problem = scanProblem(error)
  if (problem === null) return error
  const what =
    problem.kind === 'syntax'
      ? problem.what
      : problem.kind === 'not-utf8'
        ? 'bytes that are not UTF-8'
        : 'a conversation larger than 512 MB'
  return new UserError(
    'LEGACY_INVALID_JSON',
    `${path} is not valid JSON at line ${lineAt(path, problem.offset)} (${what}). Download the export again; nothing was imported.`
  )
}

/** The conversations of the export, in order, each parsed on its own (the file is read in chunks). */
export function* exportItems(path: string, onBytes?: (offset: number) => void): Generator<ExportItem> {
  let fd: number
  let start: number
  try {
    start = bomLength(path)
    fd = openSync(path, 'r')
  } catch {
    throw new UserError('NOT_FOUND', `${path} cannot be read. Pass the conversations.json of the export.`)
  }
  try {
    const scanner = new JsonScanner(fileReader(fd), start)
    scanner.onRead = onBytes ?? null
    scanner.maxCapture = 512 * 1024 * 1024
    const item = (range: ByteRange, index: number): ExportItem => {
      const raw = decodeUtf8(scanner.slice(range), range.start)
      try {
        return { index, value: parseJsonText(raw), raw }
      } catch (error) {
        if (!(error instanceof SyntaxError)) throw error
        return { index, value: null, raw, error: `conversation ${index} is not valid JSON` }
      }
    }
    const first = scanner.skipWhitespace()
    if (first === OPEN_OBJECT) yield item(scanner.skipValue('a conversation'), 0)
    else if (first !== OPEN_ARRAY)
      throw new UserError(
        'INVALID_INPUT',
        `${path} holds neither a list of conversations (starting with "[") nor one conversation (starting with "{"). Pass the conversations.json of a ChatGPT or Claude export.`
      )
    else {
      let index = 0
      for (const range of scanner.arrayItems()) yield item(range, index++)
    }
    scanner.expectEnd()
  } catch (error) {
    throw userError(path, error)
  } finally {
    closeSync(fd)
  }
}

/** Checks the whole file's structure and counts its conversations, parsing none: run first, so a file broken near
 * its end stops before anything is written. */
export function countExportItems(path: string): number {
  let count = 0
  try {
    withScanner(path, bomLength(path), (scanner) => {
      const first = scanner.skipWhitespace()
      if (first === OPEN_OBJECT) {
        scanner.skipValue('a conversation')
        count = 1
      } else if (first === OPEN_ARRAY) count = scanner.countArrayItems()
      else return
      scanner.expectEnd()
    })
  } catch (error) {
    throw userError(path, error)
  }
  return count
}
