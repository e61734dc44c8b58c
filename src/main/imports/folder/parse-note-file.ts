// Reads one file of a notes folder into notes: a JSON object or array of objects, Markdown with front matter, plain
// text, or CSV with a header row. Pure (bytes in, notes out), so it runs the same in a parsing worker. A file or a
// part of it that cannot be used is quarantined verbatim with a reason naming the place; nothing is dropped.
import { basename, extname } from 'node:path'
import { jsonErrorPlace } from '../../legacy/json-error-place'
import { isPlainObject, type JsonObject, type JsonValue } from '../../base/record-codec'
import { parseJsonText } from '../../base/json-text'
import { parseCsv } from './csv-text'
import { splitFrontMatter } from './front-matter'
import { noteFromRecord, recordKey, type NoteFormat, type NoteItem, type ParsedFile } from './note-item'

export interface NoteFileInput {
  bytes: Uint8Array
  /** Path relative to the folder, for titles and messages. */
  rel: string
  format: NoteFormat
  /** The file's modification time (ISO), the created_at of notes that have none. */
  mtime: string
}

const EXTENSIONS: Record<string, NoteFormat> = {
  '.json': 'json',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.txt': 'text',
  '.text': 'text',
  '.csv': 'csv'
}

export function noteFormatOf(name: string): NoteFormat | null {
  return EXTENSIONS[extname(name).toLowerCase()] ?? null
}

function fileTitle(rel: string): string {
  const name = basename(rel)
  return name.slice(0, name.length - extname(name).length) || name
}

/** UTF-8 (a BOM is dropped) or UTF-16 with its BOM; null when the bytes are not valid text. */
function decode(bytes: Uint8Array): string | null {
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xfe)
      return new TextDecoder('utf-16le', { fatal: true }).decode(bytes.subarray(2))
    if (bytes[0] === 0xfe && bytes[1] === 0xff)
      return new TextDecoder('utf-16be', { fatal: true }).decode(bytes.subarray(2))
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    return null
  }
}

function whole(input: NoteFileInput, raw: string, reason: string): ParsedFile {
  return { items: [], quarantined: [{ key: '#file', raw, reason: `${input.rel}: ${reason}` }], warnings: [] }
}

function withTime(item: NoteItem, mtime: string): NoteItem {
  return item.createdAt === null ? { ...item, createdAt: mtime } : item
}

function parseJsonFile(input: NoteFileInput, text: string): ParsedFile {
  let value: JsonValue
  try {
    value = parseJsonText(text)
  } catch (error) {
    const why = (error instanceof Error ? error.message : String(error)).split(/ in JSON| at position/)[0]
    return whole(
      input,
      text,
      `invalid JSON at ${jsonErrorPlace(text)} (${why}); fix the file, then import again`
    )
  }
  const title = fileTitle(input.rel)
  if (isPlainObject(value))
    return {
      items: [withTime(noteFromRecord(value, title, recordKey(value, 0)), input.mtime)],
      quarantined: [],
      warnings: []
    }
  if (!Array.isArray(value))
    return whole(
      input,
      text,
      `holds ${value === null ? 'null' : typeof value}; a notes file holds one object or a list of objects`
    )
  const out: ParsedFile = { items: [], quarantined: [], warnings: [] }
  const seen = new Set<string>()
  value.forEach((entry, index) => {
    if (!isPlainObject(entry)) {
      out.quarantined.push({
        key: `#${index}`,
        raw: JSON.stringify(entry),
        reason: `${input.rel}: item ${index} is ${entry === null ? 'null' : Array.isArray(entry) ? 'a list' : typeof entry}, not an object`
      })
      return
    }
    let key = recordKey(entry, index)
    // Two items with the same id: the second keeps its place as its key, so both are imported.
    if (seen.has(key)) {
      out.warnings.push(`${input.rel}: item ${index} repeats ${key}; imported as #${index}`)
      key = `#${index}`
    }
    seen.add(key)
    out.items.push(withTime(noteFromRecord(entry, `${title} #${index + 1}`, key), input.mtime))
  })
  return out
}

/** `created_at` from Obsidian's `created` (else `date`) when the front matter has none; likewise `updated_at`. */
function firstDate(fields: JsonObject, names: readonly string[]): JsonObject {
  if (fields[names[0]!] !== undefined) return {}
  const value = names.map((name) => fields[name]).find((v) => typeof v === 'string' || typeof v === 'number')
  return value === undefined ? {} : { [names[0]!]: value }
}

function parseMarkdown(input: NoteFileInput, text: string): ParsedFile {
  const front = splitFrontMatter(text)
  const fields: JsonObject = front.fields ? { ...front.fields } : {}
  const heading = /^#\s+(.+)$/m.exec(front.body)
  // The note's own times: `created`/`date` and `updated`/`modified` (Obsidian's), kept under their names as well.
  const record: JsonObject = {
    ...fields,
    ...firstDate(fields, ['created_at', 'created', 'date']),
    ...firstDate(fields, ['updated_at', 'updated', 'modified']),
    content: front.body
  }
  if (front.problems.length > 0 && front.raw !== null) record['metadata'] = { front_matter: front.raw }
  const title = heading ? heading[1]!.trim() : fileTitle(input.rel)
  const item = noteFromRecord(record, title, recordKey(fields, 0))
  return {
    items: [withTime(item, input.mtime)],
    quarantined: [],
    warnings: front.problems.map((problem) => `${input.rel}: ${problem}`)
  }
}

function parseText(input: NoteFileInput, text: string): ParsedFile {
  const item = noteFromRecord({ title: fileTitle(input.rel), content: text }, fileTitle(input.rel), '#0')
  return { items: [withTime(item, input.mtime)], quarantined: [], warnings: [] }
}

function parseCsvFile(input: NoteFileInput, text: string): ParsedFile {
  const { records, unclosedQuoteLine } = parseCsv(text)
  const out: ParsedFile = { items: [], quarantined: [], warnings: [] }
  if (unclosedQuoteLine !== null)
    return whole(
      input,
      text,
      `a quoted field opened on line ${unclosedQuoteLine} never closes; fix the quote, then import again`
    )
  const header = records[0]
  if (!header) return out
  const names = header.fields.map((name) => name.trim())
  const title = fileTitle(input.rel)
  records.slice(1).forEach((row, index) => {
    if (row.fields.length !== names.length) {
      out.quarantined.push({
        key: `row:${index + 1}`,
        raw: row.fields.join(','),
        reason: `${input.rel}: line ${row.line} has ${row.fields.length} fields, the header has ${names.length}`
      })
      return
    }
    const record: JsonObject = {}
    names.forEach((name, column) => {
      const value = row.fields[column]!
      if (name === 'metadata' && value.trim().startsWith('{')) {
        try {
          record[name] = parseJsonText(value)
          return
        } catch {
          // Not JSON after all: kept as text.
        }
      }
      record[name] = value
    })
    const key = recordKey(record, index + 1).replace(/^#/, 'row:')
    out.items.push(withTime(noteFromRecord(record, `${title} row ${index + 1}`, key), input.mtime))
  })
  return out
}

export function parseNoteFile(input: NoteFileInput): ParsedFile {
  const text = decode(input.bytes)
  if (text === null)
    return whole(
      input,
      `base64:${Buffer.from(input.bytes).toString('base64')}`,
      'is not valid UTF-8 text; save it as UTF-8, then import again'
    )
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  if (body.trim() === '')
    return { items: [], quarantined: [], warnings: [`${input.rel}: empty file, nothing to import`] }
  switch (input.format) {
    case 'json':
      return parseJsonFile(input, body)
    case 'markdown':
      return parseMarkdown(input, body)
    case 'text':
      return parseText(input, body)
    case 'csv':
      return parseCsvFile(input, body)
  }
}
