// Parses one value's bytes of a legacy file (strict UTF-8; a syntax error points at its byte offset in the file), and
// reads a byte range of a file.
import { closeSync, openSync, readSync } from 'node:fs'
import { parseJsonText } from '../base/json-text'
import type { JsonValue } from '../base/record-codec'
import { jsonErrorIndex } from './json-error-place'
import { decodeUtf8, JsonSyntaxError, type ByteRange } from './json-scanner'

/** Parses the bytes of one value; a syntax error points at its place in the file. */
export function parseValue(bytes: Buffer, start: number): JsonValue {
  const text = decodeUtf8(bytes, start)
  try {
    return parseJsonText(text)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    // V8 gives a position for some errors only ("Unexpected token" comes with a snippet instead): find the place.
    const at = /at position (\d+)/.exec(message)
    const index = jsonErrorIndex(text) ?? (at ? Number(at[1]) : 0)
    const offset = start + Buffer.byteLength(text.slice(0, index))
    const what = message
      .replace(/\s*in JSON at position \d+.*$/s, '')
      .replace(/, (\.\.\.)?".*$/s, '')
      .replace(/^Unexpected end of JSON input$/, 'the file ends too early')
      .replace(/\s+/g, ' ')
    throw new JsonSyntaxError(offset, what)
  }
}

export function readRange(source: string, range: ByteRange): Buffer {
  const bytes = Buffer.allocUnsafe(range.end - range.start)
  const fd = openSync(source, 'r')
  try {
    for (let at = 0; at < bytes.length;) {
      const n = readSync(fd, bytes, at, bytes.length - at, range.start + at)
      if (n === 0) throw new JsonSyntaxError(range.start + at, 'the file ends too early')
      at += n
    }
  } finally {
    closeSync(fd)
  }
  return bytes
}
