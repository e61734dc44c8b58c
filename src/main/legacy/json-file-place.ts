// Where a streamed JSON file breaks: the scanner's problems told apart, a byte offset's line and column, the BOM.
import { closeSync, openSync, readSync } from 'node:fs'
import { InvalidUtf8Error, JsonSyntaxError, ValueTooLargeError } from './json-scanner'

/** A problem the scanner found at a byte offset of the file. */
export type ScanProblem =
  | { kind: 'syntax'; offset: number; what: string }
  | { kind: 'not-utf8'; offset: number }
  | { kind: 'too-large'; offset: number; limit: number }

/** The scanner's problem `error` stands for, or null when it is another error (a read failing, a UserError). */
export function scanProblem(error: unknown): ScanProblem | null {
  if (error instanceof JsonSyntaxError) return { kind: 'syntax', offset: error.offset, what: error.what }
  if (error instanceof InvalidUtf8Error) return { kind: 'not-utf8', offset: error.offset }
  if (error instanceof ValueTooLargeError)
    return { kind: 'too-large', offset: error.offset, limit: error.limit }
  return null
}

/** The 1-based line of a byte offset and the offset its line starts at. */
function lineOf(path: string, offset: number): { line: number; lineStart: number } {
  const fd = openSync(path, 'r')
  try {
    const buffer = Buffer.allocUnsafe(1 << 20)
    let line = 1
    let lineStart = 0
    for (let at = 0; at < offset;) {
      const n = readSync(fd, buffer, 0, Math.min(buffer.length, offset - at), at)
      if (n === 0) break
      for (let i = buffer.indexOf(0x0a); i >= 0 && i < n; i = buffer.indexOf(0x0a, i + 1)) {
        line += 1
        lineStart = at + i + 1
      }
      at += n
    }
    return { line, lineStart }
  } finally {
    closeSync(fd)
  }
}

/** The line (from 1) of a byte offset: no more is read than the bytes before it. */
export function lineAt(path: string, offset: number): number {
  return lineOf(path, offset).line
}

/** "line L, column C" (both from 1, the column in characters) of a byte offset. */
export function lineAndColumnAt(path: string, offset: number): string {
  const { line, lineStart } = lineOf(path, offset)
  const fd = openSync(path, 'r')
  try {
    const head = Buffer.allocUnsafe(offset - lineStart)
    readSync(fd, head, 0, head.length, lineStart)
    const column = head.toString('utf8').replace(/^\uFEFF/, '').length + 1
    return `line ${line}, column ${column}`
  } finally {
    closeSync(fd)
  }
}

/** 3 when the bytes start with UTF-8's byte-order mark, else 0. */
export function utf8BomLength(head: Buffer): number {
  return head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0
}
