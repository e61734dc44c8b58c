// A byte-level JSON scanner over a file read in chunks: finds where values, keys and list items begin and end
// (tracking strings and escapes) without parsing them, so a legacy file of any size is read in bounded memory.
import { isUtf8 } from 'node:buffer'
import { closeSync, openSync, readSync } from 'node:fs'

const CHUNK_BYTES = 4 << 20

const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN_OBJECT = 0x7b
const CLOSE_OBJECT = 0x7d
const OPEN_ARRAY = 0x5b
const CLOSE_ARRAY = 0x5d
const COMMA = 0x2c
const COLON = 0x3a

/** A structural problem at a byte offset of the file; the reader turns it into a line and column. */
export class JsonSyntaxError extends Error {
  constructor(
    readonly offset: number,
    readonly what: string
  ) {
    super(what)
  }
}

export function isJsonWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09
}

function isValueStart(byte: number): boolean {
  return (
    byte === OPEN_OBJECT ||
    byte === OPEN_ARRAY ||
    byte === QUOTE ||
    byte === 0x2d || // -
    (byte >= 0x30 && byte <= 0x39) ||
    byte === 0x74 || // t
    byte === 0x66 || // f
    byte === 0x6e // n
  )
}

function isScalarEnd(byte: number): boolean {
  return byte === COMMA || byte === CLOSE_ARRAY || byte === CLOSE_OBJECT || isJsonWhitespace(byte)
}

export function describeByte(byte: number): string {
  if (byte < 0) return 'the end of the file'
  if (byte >= 0x20 && byte < 0x7f) return `'${String.fromCharCode(byte)}'`
  return `byte 0x${byte.toString(16).padStart(2, '0')}`
}

/** Reads up to `length` bytes at file `position` into `buffer` at `offset`; returns how many (0 at the end). */
export type ReadAt = (buffer: Buffer, offset: number, length: number, position: number) => number

export function fileReader(fd: number): ReadAt {
  return (buffer, offset, length, position) => readSync(fd, buffer, offset, length, position)
}

/** A byte range of the file: [start, end). */
export interface ByteRange {
  start: number
  end: number
}

/**
 * Reads a file through a sliding window. `pos` is the file offset of the next byte to look at; bytes from `mark`
 * on (when set) stay in the window, so a value being captured can be sliced out whole once its end is found.
 */
export class JsonScanner {
  private buf: Buffer
  private view: Buffer
  /** File offset of buf[0]. */
  private base = 0
  private eof = false
  pos: number
  private mark = -1

  constructor(
    private readonly read: ReadAt,
    start = 0,
    chunkBytes = CHUNK_BYTES
  ) {
    this.buf = Buffer.allocUnsafe(chunkBytes * 2)
    this.view = this.buf.subarray(0, 0)
    this.base = start
    this.pos = start
    this.chunk = chunkBytes
  }

  private readonly chunk: number
  /** Hears how far into the file reading has got, after every chunk. */
  onRead: ((offset: number) => void) | null = null
  /** The longest value the window may hold: a longer one is refused before it is read whole. */
  maxCapture = Number.POSITIVE_INFINITY

  /** The size of the window's buffer: what the scan holds in memory. */
  get windowBytes(): number {
    return this.buf.length
  }

  /** Reads the next chunk into the window; false at the end of the file. */
  private fill(): boolean {
    if (this.eof) return false
    const keep = this.mark >= 0 ? Math.min(this.mark, this.pos) : this.pos
    const drop = keep - this.base
    let len = this.view.length
    if (drop > 0) {
      this.buf.copy(this.buf, 0, drop, len)
      len -= drop
      this.base = keep
    }
    if (this.mark >= 0 && this.base + len - this.mark > this.maxCapture)
      throw new ValueTooLargeError(this.mark, this.maxCapture)
    if (this.buf.length - len < this.chunk) {
      const wanted = Math.max(this.buf.length * 2, len + this.chunk)
      const grown = Buffer.allocUnsafe(
        Math.min(wanted, Math.max(len + this.chunk, this.maxCapture + 2 * this.chunk))
      )
      this.buf.copy(grown, 0, 0, len)
      this.buf = grown
    }
    const n = this.read(this.buf, len, this.buf.length - len, this.base + len)
    if (n === 0) this.eof = true
    this.view = this.buf.subarray(0, len + n)
    this.onRead?.(this.base + this.view.length)
    return n > 0
  }

  /** The byte at `pos`, or -1 at the end of the file. */
  peekByte(): number {
    if (this.pos - this.base >= this.view.length && !this.fill()) return -1
    return this.view[this.pos - this.base]!
  }

  /** Skips JSON whitespace and returns the next byte (not consumed), or -1 at the end of the file. */
  skipWhitespace(): number {
    for (;;) {
      let i = this.pos - this.base
      const view = this.view
      while (i < view.length && isJsonWhitespace(view[i]!)) i++
      this.pos = this.base + i
      if (i < view.length) return view[i]!
      if (!this.fill()) return -1
    }
  }

  /** Consumes `byte` after optional whitespace, or throws naming what was found instead. */
  expect(byte: number, what: string): void {
    const found = this.skipWhitespace()
    if (found !== byte) throw new JsonSyntaxError(this.pos, `${what}, found ${describeByte(found)}`)
    this.pos += 1
  }

  /**
   * Skips one value starting at `pos` (after whitespace) and returns its byte range. Nested brackets are counted,
   * not matched: the value's own parse finds any mismatch inside it.
   */
  skipValue(context: string): ByteRange {
    const first = this.skipWhitespace()
    if (first < 0 || !isValueStart(first))
      throw new JsonSyntaxError(this.pos, `expected ${context}, found ${describeByte(first)}`)
    const start = this.pos
    const previousMark = this.mark
    if (previousMark < 0) this.mark = start
    try {
      return {
        start,
        end:
          first === OPEN_OBJECT || first === OPEN_ARRAY || first === QUOTE
            ? this.skipNested(start)
            : this.skipScalar()
      }
    } finally {
      this.mark = previousMark
    }
  }

  private skipScalar(): number {
    for (;;) {
      let i = this.pos - this.base
      const view = this.view
      while (i < view.length && !isScalarEnd(view[i]!)) i++
      this.pos = this.base + i
      if (i < view.length || !this.fill()) return this.pos
    }
  }

  private skipNested(start: number): number {
    let depth = 0
    let inString = false
    let i = start - this.base
    for (;;) {
      let view = this.view
      if (i >= view.length) {
        this.pos = this.base + i
        if (!this.fill()) throw new JsonSyntaxError(this.pos, 'the file ends too early')
        i = this.pos - this.base
        view = this.view
      }
      if (inString) {
        const quote = view.indexOf(QUOTE, i)
        if (quote < 0) {
          i = view.length
          continue
        }
        let k = quote - 1
        while (view[k] === BACKSLASH) k--
        i = quote + 1
        if ((quote - 1 - k) % 2 === 1) continue
        inString = false
        if (depth === 0) {
          this.pos = this.base + i
          return this.pos
        }
        continue
      }
      const byte = view[i]!
      i++
      if (byte === QUOTE) inString = true
      else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) depth++
      else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
        depth--
        if (depth === 0) {
          this.pos = this.base + i
          return this.pos
        }
      }
    }
  }

  /** The bytes of a range still held in the window (a view: copy it before the scanner moves on). */
  slice(range: ByteRange): Buffer {
    if (range.start < this.base) throw new Error('the range has left the scan window')
    return this.view.subarray(range.start - this.base, range.end - this.base)
  }

  /** Consumes `open`, and `close` too when the container is empty (then returns true). */
  private opens(open: number, close: number): boolean {
    this.expect(open, `expected '${String.fromCharCode(open)}'`)
    if (this.skipWhitespace() !== close) return false
    this.pos += 1
    return true
  }

  /** Consumes the ',' after an item, or the closing bracket (then returns true). */
  private closesAfter(close: number, what: string): boolean {
    const next = this.skipWhitespace()
    if (next < 0) throw new JsonSyntaxError(this.pos, 'the file ends too early')
    this.pos += 1
    if (next === close) return true
    if (next === COMMA) return false
    throw new JsonSyntaxError(
      this.pos - 1,
      `expected ',' or '${String.fromCharCode(close)}' after ${what}, found ${describeByte(next)}`
    )
  }

  /** Walks the items of the array at `pos`; each item's bytes are in the window until the walk moves on. */
  *arrayItems(): Generator<ByteRange> {
    if (this.opens(OPEN_ARRAY, CLOSE_ARRAY)) return
    do yield this.skipValue('a list item')
    while (!this.closesAfter(CLOSE_ARRAY, 'a list item'))
  }

  /** Skips the array at `pos` and returns how many items it holds. */
  countArrayItems(): number {
    let count = 0
    const walk = this.arrayItems()
    while (!walk.next().done) count++
    return count
  }

  /**
   * Walks the members of the object at `pos`. Each key is decoded before its value is read, so no key has to stay
   * in the window while a long value streams past; `readValue` consumes the value (by default it skips it).
   */
  *objectMembers(
    readValue: (key: string) => ByteRange = () => this.skipValue('a value')
  ): Generator<{ key: string; value: ByteRange }> {
    if (this.opens(OPEN_OBJECT, CLOSE_OBJECT)) return
    do {
      if (this.skipWhitespace() !== QUOTE)
        throw new JsonSyntaxError(this.pos, `expected a quoted key, found ${describeByte(this.peekByte())}`)
      const keyRange = this.skipValue('a key')
      const key = parseKey(this.slice(keyRange), keyRange.start)
      this.expect(COLON, "expected ':' after a key")
      this.skipWhitespace()
      yield { key, value: readValue(key) }
    } while (!this.closesAfter(CLOSE_OBJECT, 'a value'))
  }

  /** Throws unless only whitespace is left. */
  expectEnd(): void {
    const next = this.skipWhitespace()
    if (next >= 0)
      throw new JsonSyntaxError(this.pos, `unexpected ${describeByte(next)} after the end of the JSON`)
  }
}

/** A value that starts at `offset` and runs past the scanner's limit. */
export class ValueTooLargeError extends Error {
  constructor(
    readonly offset: number,
    readonly limit: number
  ) {
    super('value too large')
  }
}

/** Bytes that are not UTF-8, at a byte offset of the file. */
export class InvalidUtf8Error extends Error {
  constructor(readonly offset: number) {
    super('not valid UTF-8')
  }
}

/** Strict UTF-8 decoding of bytes that start at file offset `offset`. */
export function decodeUtf8(bytes: Buffer, offset: number): string {
  if (!isUtf8(bytes)) throw new InvalidUtf8Error(offset)
  return bytes.toString('utf8')
}

function parseKey(bytes: Buffer, offset: number): string {
  try {
    return JSON.parse(decodeUtf8(bytes, offset)) as string
  } catch (error) {
    if (error instanceof InvalidUtf8Error) throw error
    throw new JsonSyntaxError(offset, 'a key is not a valid JSON string')
  }
}

/** Opens `path`, runs `body` with a scanner starting at `start`, and closes the file. */
export function withScanner<T>(
  path: string,
  start: number,
  body: (scanner: JsonScanner) => T,
  onRead: ((offset: number) => void) | null = null
): T {
  const fd = openSync(path, 'r')
  try {
    const scanner = new JsonScanner(fileReader(fd), start)
    scanner.onRead = onRead
    return body(scanner)
  } finally {
    closeSync(fd)
  }
}
