// Reads what can be read of a damaged legacy file (cut short by a crash, or with a run of bad bytes): every complete
// record before the damage, and after it only from a record boundary found with certainty; the damaged bytes are
// named by their offsets, never guessed at.
import { closeSync, openSync, readSync } from 'node:fs'
import { isPlainObject, type JsonValue } from '../base/record-codec'
import { scanProblem } from './json-file-place'
import { fileReader, JsonScanner, type ByteRange } from './json-scanner'
import { parseValue } from './json-value'
import type { DamagedRange, ListKeys } from './legacy-files'

/** A kept record: its bytes and its place in the list (set-aside runs take places too). */
export interface KeptRecord {
  range: ByteRange
  position: number
}

export interface SalvageLayout {
  /** 'object' when the list sits under `listKey`, 'array' for a bare list; null when no list was reached. */
  shape: 'object' | 'array' | null
  listKey: string | null
  records: KeptRecord[]
  /** The other top-level members read before the damage. */
  extra: [string, ByteRange][]
  damaged: DamagedRange[]
}

const OPEN_OBJECT = 0x7b
const CLOSE_OBJECT = 0x7d
const OPEN_ARRAY = 0x5b
const CLOSE_ARRAY = 0x5d
const COMMA = 0x2c
const QUOTE = 0x22
const COLON = 0x3a

/** A problem of the file's bytes (syntax, not UTF-8) at an offset; any other error is not damage and is rethrown. */
function damageOf(error: unknown): { offset: number; what: string } {
  const problem = scanProblem(error)
  if (problem?.kind === 'syntax') return { offset: problem.offset, what: problem.what }
  if (problem?.kind === 'not-utf8') return { offset: problem.offset, what: 'bytes that are not UTF-8' }
  throw error
}

/** The keys every record read so far has: a record found after damage must have them all. */
class RecordStructure {
  private keys: Set<string> | null = null
  private objects = true

  note(value: JsonValue): void {
    if (!isPlainObject(value)) {
      this.objects = false
      return
    }
    const own = Object.keys(value)
    this.keys = this.keys === null ? new Set(own) : new Set(own.filter((key) => this.keys!.has(key)))
  }

  matches(value: JsonValue): boolean {
    if (!this.objects || this.keys === null || this.keys.size === 0 || !isPlainObject(value)) return false
    for (const key of this.keys) if (!Object.hasOwn(value, key)) return false
    return true
  }
}

/**
 * Offsets of the '{' of every `}` `,` `{` sequence (whitespace allowed between) from `from` on, streamed in chunks.
 */
function* boundaries(fd: number, from: number): Generator<number> {
  const buffer = Buffer.allocUnsafe(1 << 20)
  // 0: looking for '}'; 1: after '}' (whitespace); 2: after '},' (whitespace).
  let state = 0
  for (let at = from; ;) {
    const n = readSync(fd, buffer, 0, buffer.length, at)
    if (n === 0) return
    for (let i = 0; i < n; i++) {
      const byte = buffer[i]!
      if (byte === CLOSE_OBJECT) state = 1
      else if (state === 1 && byte === COMMA) state = 2
      else if (state === 2 && byte === OPEN_OBJECT) {
        yield at + i
        state = 0
      } else if (!(state > 0 && (byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09))) state = 0
    }
    at += n
  }
}

/** Walks one list, keeping every record that reads whole, and resuming after damage only at a certain boundary. */
class ListSalvage {
  readonly records: KeptRecord[] = []
  readonly damaged: DamagedRange[] = []
  private readonly structure = new RecordStructure()
  private position = 0

  constructor(
    private readonly fd: number,
    private readonly size: number,
    private readonly maxCapture: number
  ) {}

  private scannerAt(offset: number): JsonScanner {
    const scanner = new JsonScanner(fileReader(this.fd), offset)
    scanner.maxCapture = this.maxCapture
    return scanner
  }

  /** Reads one record at the scanner's place; returns its range and value. */
  private readRecord(scanner: JsonScanner): { range: ByteRange; value: JsonValue } {
    const range = scanner.skipValue('a list item')
    return { range, value: parseValue(scanner.slice(range), range.start) }
  }

  private keep(range: ByteRange, value: JsonValue): void {
    this.structure.note(value)
    this.records.push({ range, position: this.position++ })
  }

  /**
   * The first boundary after `from` where a record of the list's structure reads whole and is followed by ',' or
   * ']': the scanner stands after that record. Null when there is none.
   */
  private resume(from: number): { scanner: JsonScanner; range: ByteRange; value: JsonValue } | null {
    for (const start of boundaries(this.fd, from)) {
      const scanner = this.scannerAt(start)
      try {
        const { range, value } = this.readRecord(scanner)
        if (!this.structure.matches(value)) continue
        const next = scanner.skipWhitespace()
        if (next === COMMA || next === CLOSE_ARRAY) return { scanner, range, value }
      } catch (error) {
        damageOf(error)
      }
    }
    return null
  }

  /**
   * Walks the list whose '[' is at `scanner.pos`. Returns the scanner after its ']' when the list ends cleanly, or
   * null when damage ran to the end of the file (then everything from the damage on is set aside).
   */
  walk(scanner: JsonScanner): JsonScanner | null {
    scanner.expect(OPEN_ARRAY, "expected '['")
    if (scanner.skipWhitespace() === CLOSE_ARRAY) {
      scanner.pos += 1
      return scanner
    }
    for (;;) {
      let damageAt = scanner.pos
      try {
        const { range, value } = this.readRecord(scanner)
        this.keep(range, value)
        const next = scanner.skipWhitespace()
        damageAt = scanner.pos
        if (next === CLOSE_ARRAY) {
          scanner.pos += 1
          return scanner
        }
        if (next !== COMMA) scanner.expect(COMMA, "expected ',' or ']' after a list item")
        scanner.pos += 1
        scanner.skipWhitespace()
      } catch (error) {
        const { what } = damageOf(error)
        const resumed = this.resume(damageAt)
        const end = resumed ? resumed.range.start : this.size
        this.damaged.push({
          start: damageAt,
          end: resumed ? this.endOfRun(damageAt, end) : end,
          position: this.position++,
          what
        })
        if (!resumed) return null
        this.keep(resumed.range, resumed.value)
        scanner = resumed.scanner
        if (scanner.peekByte() === CLOSE_ARRAY) {
          scanner.pos += 1
          return scanner
        }
        scanner.pos += 1
        scanner.skipWhitespace()
      }
    }
  }

  /** The set-aside run ends with the '}' of the boundary before `recordStart` (the ',' between is punctuation). */
  private endOfRun(from: number, recordStart: number): number {
    const bytes = Buffer.allocUnsafe(recordStart - from)
    readSync(this.fd, bytes, 0, bytes.length, from)
    return from + bytes.lastIndexOf(CLOSE_OBJECT) + 1
  }
}

/**
 * Salvages the file at `source` (its JSON starting at `start`, after any BOM) for the record list `keys` names. A
 * map-shaped or single-record file has no record boundary to resume at: its damage sets the rest of it aside.
 */
export function salvageLayout(
  source: string,
  start: number,
  size: number,
  keys: ListKeys,
  maxCapture: number
): SalvageLayout {
  const fd = openSync(source, 'r')
  try {
    const list = new ListSalvage(fd, size, maxCapture)
    const layout: SalvageLayout = {
      shape: null,
      listKey: null,
      records: list.records,
      extra: [],
      damaged: list.damaged
    }
    const scanner = new JsonScanner(fileReader(fd), start)
    scanner.maxCapture = maxCapture
    const setAsideFrom = (offset: number, what: string): SalvageLayout => {
      layout.damaged.push({
        start: offset,
        end: size,
        position: list.records.length + list.damaged.length,
        what
      })
      return layout
    }
    const first = scanner.skipWhitespace()
    if (keys.whole || (first !== OPEN_ARRAY && first !== OPEN_OBJECT))
      return setAsideFrom(scanner.pos, 'the file is damaged')
    if (first === OPEN_ARRAY) {
      layout.shape = 'array'
      const after = list.walk(scanner)
      if (after === null) return layout
      try {
        after.expectEnd()
      } catch (error) {
        setAsideFrom(after.pos, damageOf(error).what)
      }
      return layout
    }
    const arrays = new Set(keys.arrays)
    let at = scanner.pos
    let scan = scanner
    try {
      scan.expect(OPEN_OBJECT, "expected '{'")
      for (let firstMember = true; ; firstMember = false) {
        const byte = scan.skipWhitespace()
        at = scan.pos
        if (byte === CLOSE_OBJECT && firstMember) {
          scan.pos += 1
          break
        }
        if (byte !== QUOTE) scan.expect(QUOTE, 'expected a quoted key')
        const keyRange = scan.skipValue('a key')
        const key = String(parseValue(scan.slice(keyRange), keyRange.start))
        scan.expect(COLON, "expected ':' after a key")
        if (layout.shape === null && arrays.has(key) && scan.skipWhitespace() === OPEN_ARRAY) {
          layout.shape = 'object'
          layout.listKey = key
          const after = list.walk(scan)
          if (after === null) return layout
          scan = after
        } else {
          const value = scan.skipValue('a value')
          parseValue(scan.slice(value), value.start)
          layout.extra.push([key, value])
        }
        const next = scan.skipWhitespace()
        at = scan.pos
        if (next === CLOSE_OBJECT) {
          scan.pos += 1
          break
        }
        scan.expect(COMMA, "expected ',' or '}' after a value")
      }
      scan.skipWhitespace()
      at = scan.pos
      scan.expectEnd()
    } catch (error) {
      const { what } = damageOf(error)
      if (layout.shape !== null) return setAsideFrom(at, what)
      // No list was reached: nothing can be kept apart from the damage, so the whole file is set aside.
      layout.extra = []
      return setAsideFrom(start, what)
    }
    return layout
  } finally {
    closeSync(fd)
  }
}
