// Opens one legacy JSON file defensively and streams its records: regular files (or links that stay inside the
// data folder), strict UTF-8 (UTF-16 named as such), BOM skipped, empty files recognised, one record parsed at a
// time so memory follows the largest record and not the file, and every problem a one-line message with the line
// and column.
import { closeSync, lstatSync, openSync, readSync, realpathSync, statSync } from 'node:fs'
import { join, sep } from 'node:path'
import { UserError } from '../../shared/errors'
import type { JsonObject, JsonValue } from '../base/record-codec'
import { lineAndColumnAt, scanProblem, utf8BomLength } from './json-file-place'
import { fileReader, JsonScanner, withScanner, type ByteRange } from './json-scanner'
import { parseValue, readRange } from './json-value'
import { salvageLayout } from './salvage-scan'
import type { DocumentShape, LegacyDocument, LegacyRecord, LegacySourceFile, ListKeys } from './legacy-files'

/** The largest single value (one record, or a document without a record list) this version parses. */
export const MAX_VALUE_BYTES = 512 * 1024 * 1024

function unreadable(path: string, problem: string, fix: string, cause?: unknown): UserError {
  return new UserError('LEGACY_UNREADABLE', `${path} ${problem}. ${fix}`, { cause })
}

function cannotRead(path: string, error: unknown): UserError {
  const code = (error as NodeJS.ErrnoException).code
  return unreadable(path, `cannot be read (${code})`, "Check the file's permissions, then try again.", error)
}

/**
 * The path to read for a legacy file: the file itself, or the target of a link that stays inside the data folder.
 * Null when there is no such entry at all. A file in a subfolder (`conversations/<id>.json`) is checked the same
 * way, since the folder itself may be a link.
 */
function resolveLegacyPath(dataDir: string, path: string, inSubfolder: boolean): string | null {
  let link
  try {
    link = lstatSync(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw cannotRead(path, error)
  }
  if (!link.isSymbolicLink() && !inSubfolder) return path
  let target: string
  try {
    target = realpathSync(path)
  } catch (error) {
    throw unreadable(
      path,
      'is a link to a file that does not exist',
      'Restore the file it points to, or remove the link, then try again.',
      error
    )
  }
  const root = realpathSync(dataDir)
  if (!target.startsWith(root + sep)) {
    throw unreadable(
      path,
      link.isSymbolicLink()
        ? `is a link to ${target}, outside the data folder`
        : `is reached through a linked folder, at ${target}, outside the data folder`,
      'Copy the file into the data folder instead of linking to it, then try again.'
    )
  }
  return target
}

/** The way forward an invalid-JSON message ends with (the migration names its salvage instead). */
export const REPAIR_FIX = 'Repair the file or move it out of the data folder, then try again.'

function invalidJson(path: string, source: string, offset: number, what: string, cause?: unknown): UserError {
  return new UserError(
    'LEGACY_INVALID_JSON',
    `${path} is not valid JSON (${lineAndColumnAt(source, offset)}: ${what}). ${REPAIR_FIX}`,
    { cause }
  )
}

function notUtf8(path: string, cause: unknown): UserError {
  return new UserError(
    'LEGACY_INVALID_JSON',
    `${path} is not valid UTF-8 text. Save it as UTF-8 (or restore it from a copy), then try again.`,
    { cause }
  )
}

interface Member {
  range: ByteRange
  /** The value's first byte: '[' or '{' for lists and maps. */
  opens: number
  /** Items of a candidate list (distinct keys of a candidate map). */
  count: number
}

interface Layout {
  shape: DocumentShape
  listKey: string | null
  list: Member | null
  extra: [string, ByteRange][]
  raw: ByteRange | null
}

/** One pass over the bytes, parsing nothing but keys: where the record list is and what else the file holds. */
function scanLayout(scanner: JsonScanner, keys: ListKeys): Layout {
  scanner.maxCapture = MAX_VALUE_BYTES
  const first = scanner.skipWhitespace()
  if (first < 0) return { shape: 'empty', listKey: null, list: null, extra: [], raw: null }
  if (keys.whole) {
    const range = scanner.skipValue('a JSON value')
    scanner.expectEnd()
    return { shape: 'single', listKey: null, list: { range, opens: first, count: 1 }, extra: [], raw: null }
  }
  if (first === 0x5b) {
    const start = scanner.pos
    const count = scanner.countArrayItems()
    scanner.expectEnd()
    return {
      shape: 'array',
      listKey: null,
      list: { range: { start, end: scanner.pos }, opens: first, count },
      extra: [],
      raw: null
    }
  }
  if (first !== 0x7b) {
    const raw = scanner.skipValue('a JSON value')
    scanner.expectEnd()
    return { shape: 'raw', listKey: null, list: null, extra: [], raw }
  }
  const start = scanner.pos
  const arrays = new Set(keys.arrays)
  const maps = new Set(keys.maps ?? [])
  // JSON.parse keeps the last value of a repeated key at the place of the first: so does this map.
  const members = new Map<string, Member>()
  let opens = 0
  let count = 0
  const readValue = (key: string): ByteRange => {
    opens = scanner.skipWhitespace()
    count = 0
    const valueStart = scanner.pos
    if (opens === 0x5b && arrays.has(key)) {
      count = scanner.countArrayItems()
      return { start: valueStart, end: scanner.pos }
    }
    if (opens === 0x7b && maps.has(key)) {
      const names = new Set<string>()
      for (const member of scanner.objectMembers()) names.add(member.key)
      count = names.size
      return { start: valueStart, end: scanner.pos }
    }
    return scanner.skipValue('a value')
  }
  for (const member of scanner.objectMembers(readValue))
    members.set(member.key, { range: member.value, opens, count })
  scanner.expectEnd()
  const pick = (candidates: readonly string[], open: number): string | null =>
    candidates.find((key) => members.get(key)?.opens === open) ?? null
  const mapKey = pick(keys.maps ?? [], 0x7b)
  const listKey = mapKey ?? pick(keys.arrays, 0x5b)
  if (listKey === null)
    return { shape: 'raw', listKey: null, list: null, extra: [], raw: { start, end: scanner.pos } }
  const extra = [...members]
    .filter(([key]) => key !== listKey)
    .map(([key, m]): [string, ByteRange] => [key, m.range])
  return { shape: mapKey ? 'map' : 'object', listKey, list: members.get(listKey)!, extra, raw: null }
}

function* streamRecords(source: string, shape: DocumentShape, listStart: number): Generator<LegacyRecord> {
  const fd = openSync(source, 'r')
  try {
    const scanner = new JsonScanner(fileReader(fd), listStart)
    scanner.maxCapture = MAX_VALUE_BYTES
    if (shape === 'single') {
      const range = scanner.skipValue('a JSON value')
      yield { position: 0, value: parseValue(scanner.slice(range), range.start), end: range.end }
      return
    }
    if (shape !== 'map') {
      let position = 0
      for (const item of scanner.arrayItems())
        yield { position: position++, value: parseValue(scanner.slice(item), item.start), end: item.end }
      return
    }
    // A map's repeated key keeps its first place and its last value, as JSON.parse does. Maps are small (MCP
    // servers), so they are gathered before they are given out.
    const records = new Map<string, LegacyRecord>()
    for (const { key, value } of scanner.objectMembers()) {
      const parsed = parseValue(scanner.slice(value), value.start)
      const earlier = records.get(key)
      records.set(key, {
        position: earlier?.position ?? records.size,
        value: parsed,
        mapKey: key,
        end: value.end
      })
    }
    yield* records.values()
  } finally {
    closeSync(fd)
  }
}

/** Parses a value the layout scan found (the scan has refused any longer than MAX_VALUE_BYTES). */
function valueAt(source: string, range: ByteRange): JsonValue {
  return parseValue(readRange(source, range), range.start)
}

/** True when the file's bytes up to `end` are UTF-8 (a sequence cut off at `end` counts as fine). */
function utf8UpTo(source: string, end: number): boolean {
  const decoder = new TextDecoder('utf-8', { fatal: true })
  const fd = openSync(source, 'r')
  try {
    const buffer = Buffer.allocUnsafe(1 << 20)
    for (let at = 0; at < end;) {
      const n = readSync(fd, buffer, 0, Math.min(buffer.length, end - at), at)
      if (n === 0) break
      decoder.decode(buffer.subarray(0, n), { stream: true })
      at += n
    }
    return true
  } catch {
    return false
  } finally {
    closeSync(fd)
  }
}

/** Maps the scanner's errors to one-line messages naming the file and the place. */
function explained<T>(path: string, source: string, body: () => T): T {
  try {
    return body()
  } catch (error) {
    const problem = scanProblem(error)
    // Text in another encoding breaks the JSON too: name the encoding, which is the problem to fix.
    if (problem?.kind === 'syntax')
      throw utf8UpTo(source, problem.offset + 4)
        ? invalidJson(path, source, problem.offset, problem.what, error)
        : notUtf8(path, error)
    if (problem?.kind === 'not-utf8') throw notUtf8(path, error)
    if (problem?.kind === 'too-large')
      throw unreadable(
        path,
        `holds a value at ${lineAndColumnAt(source, problem.offset)} longer than ${problem.limit / 1024 ** 2} MB, more than this version can read in one piece`,
        'Check that it really is your Personal Agent data; keep the old app until an update reads it.',
        error
      )
    if (error instanceof UserError) throw error
    throw cannotRead(path, error)
  }
}

function* explainedRecords(
  path: string,
  source: string,
  shape: DocumentShape,
  listStart: number
): Generator<LegacyRecord> {
  const records = explained(path, source, () => streamRecords(source, shape, listStart))
  for (;;) {
    const next = explained(path, source, () => records.next())
    if (next.done) return
    yield next.value
  }
}

/**
 * Opens `<dir>/<file>` and scans it once (nothing but keys is parsed); returns null when the file does not exist.
 * The records stream from the file each time they are iterated.
 */
/** A legacy file opened for reading: the path named in messages, the path read, its size and BOM length. */
interface OpenedSource {
  path: string
  source: string
  size: number
  bom: number
}

/** Resolves and checks `<dir>/<file>` (regular file, not UTF-16); null when it does not exist. */
function openSource(dir: string, file: LegacySourceFile): OpenedSource | null {
  const path = join(dir, file)
  const source = resolveLegacyPath(dir, path, file.includes('/'))
  if (source === null) return null
  let stats
  try {
    stats = statSync(source)
  } catch (error) {
    throw cannotRead(path, error)
  }
  if (!stats.isFile()) {
    throw unreadable(
      path,
      'is not a regular file',
      'Move it out of the data folder or replace it with the JSON file, then try again.'
    )
  }
  const head = explained(path, source, () => readRange(source, { start: 0, end: Math.min(3, stats.size) }))
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw new UserError(
      'LEGACY_INVALID_JSON',
      `${path} is UTF-16 text. Save it as UTF-8 (any text editor can), then try again.`
    )
  }
  return { path, source, size: stats.size, bom: utf8BomLength(head) }
}

/** The other top-level members, parsed. */
function topExtraOf(path: string, source: string, extra: [string, ByteRange][]): JsonObject {
  return Object.fromEntries(
    extra.map(([key, range]) => [key, explained(path, source, () => valueAt(source, range))])
  )
}

/**
 * Opens `<dir>/<file>` and scans it once (nothing but keys is parsed); returns null when the file does not exist.
 * The records stream from the file each time they are iterated.
 */
export function openLegacyDocument(
  dir: string,
  file: LegacySourceFile,
  keys: ListKeys,
  /** Hears how far the scan has read into the file. */
  onScan: ((offset: number) => void) | null = null
): LegacyDocument | null {
  const opened = openSource(dir, file)
  if (opened === null) return null
  const { path, source, bom } = opened
  const stats = { size: opened.size }
  const layout = explained(path, source, () =>
    withScanner(source, bom, (scanner) => scanLayout(scanner, keys), onScan)
  )
  const topExtra = topExtraOf(path, source, layout.extra)
  const raw = layout.raw ? explained(path, source, () => valueAt(source, layout.raw!)) : undefined
  const listStart = layout.list?.range.start ?? null
  const records: Iterable<LegacyRecord> =
    listStart === null
      ? []
      : { [Symbol.iterator]: () => explainedRecords(path, source, layout.shape, listStart) }
  return {
    file,
    dir,
    shape: layout.shape,
    listKey: layout.listKey,
    topExtra,
    listStart,
    count: layout.list?.count ?? 0,
    bytes: stats.size,
    records,
    ...(raw === undefined ? {} : { raw })
  }
}

/**
 * Opens a damaged `<dir>/<file>` for a salvage (`salvage-scan.ts`): its records are the ones kept, parsed again one
 * at a time as they are iterated; `damaged` names the runs set aside. Null when the file does not exist.
 */
export function openSalvagedDocument(
  dir: string,
  file: LegacySourceFile,
  keys: ListKeys,
  onScan: ((offset: number) => void) | null = null
): LegacyDocument | null {
  const opened = openSource(dir, file)
  if (opened === null) return null
  const { path, source, size, bom } = opened
  const layout = explained(path, source, () => salvageLayout(source, bom, size, keys, MAX_VALUE_BYTES))
  onScan?.(size)
  const kept = layout.records
  const records: Iterable<LegacyRecord> = {
    *[Symbol.iterator]() {
      for (const { range, position } of kept)
        yield { position, value: explained(path, source, () => valueAt(source, range)), end: range.end }
    }
  }
  return {
    file,
    dir,
    shape: layout.shape ?? 'empty',
    listKey: layout.listKey,
    topExtra: topExtraOf(path, source, layout.extra),
    listStart: null,
    count: kept.length,
    bytes: size,
    records,
    damaged: layout.damaged
  }
}

/**
 * The records of a document another thread has opened, streamed from `listStart` without scanning the file again.
 * The file is the same bytes (a verified backup), so the place the scan found still holds.
 */
export function recordsAt(
  dir: string,
  file: LegacySourceFile,
  shape: DocumentShape,
  listStart: number
): Iterable<LegacyRecord> {
  const path = join(dir, file)
  return {
    [Symbol.iterator]: () => {
      const source = resolveLegacyPath(dir, path, file.includes('/'))
      if (source === null) throw unreadable(path, 'has disappeared', 'Check the disk, then try again.')
      return explainedRecords(path, source, shape, listStart)
    }
  }
}
