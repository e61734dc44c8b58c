// A note as a folder import reads it, before it becomes a knowledge item: the fields the seed formats share
// (id, title, content, url, type, tags, category, metadata, created_at), and what a file's parse gives back.
import { contentHash } from '../../base/canonical-json'
import { isPlainObject, type JsonObject, type JsonValue } from '../../base/record-codec'
import { jsonNumber, rawNumberText } from '../../base/json-text'

export type NoteFormat = 'json' | 'markdown' | 'text' | 'csv'

export interface NoteItem {
  /** Its place in the file: `id:<id>` when it has an id, else `#<index>` (array index or CSV data row). */
  key: string
  title: string
  content: string
  url: string | null
  type: string | null
  category: string | null
  tags: string[]
  /** Every other field of the source, kept as it was. */
  metadata: JsonObject
  createdAt: string | null
  updatedAt: string | null
  /** sha256 of the item as parsed: a re-import compares it to tell unchanged from changed. */
  hash: string
}

/** A part of a file that could not be used as a note, kept verbatim with the reason. */
export interface QuarantinedPart {
  key: string
  raw: string
  reason: string
}

export interface ParsedFile {
  items: NoteItem[]
  quarantined: QuarantinedPart[]
  /** Problems that did not stop the file (e.g. front matter that never closes). */
  warnings: string[]
}

const KNOWN = new Set([
  'id',
  'title',
  'content',
  'url',
  'type',
  'tags',
  'category',
  'metadata',
  'created_at',
  'updated_at'
])

/** The seed fields read as text: a value of another type is kept in `source_fields` as well. */
const TEXT_FIELDS = new Set(['id', 'title', 'url', 'type', 'category', 'created_at', 'updated_at'])

function text(value: JsonValue | undefined): string | null {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return rawNumberText(value)
}

/** Epoch seconds or milliseconds, or a date string, as ISO; anything else is kept as given. */
function timestamp(value: JsonValue | undefined): string | null {
  const number = jsonNumber(value)
  if (number !== null && Number.isFinite(number)) {
    const ms = Math.abs(number) < 1e11 ? number * 1000 : number
    const date = new Date(ms)
    return Number.isNaN(date.getTime()) ? text(value) : date.toISOString()
  }
  return text(value)
}

function tagList(value: JsonValue | undefined): string[] {
  if (Array.isArray(value))
    return value.map((tag) => text(tag)).filter((tag): tag is string => tag !== null && tag !== '')
  const single = text(value)
  if (single === null) return []
  return single
    .split(/[,;]/)
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '')
}

/**
 * A note from a record with the seed's fields. Fields that are present but not of the expected type, and every
 * unknown field, go to metadata (under `source_fields`), so nothing of the record is lost.
 */
export function noteFromRecord(record: JsonObject, fallbackTitle: string, key: string): NoteItem {
  const kept: JsonObject = {}
  for (const [name, value] of Object.entries(record))
    // A seed field of another type (`type: []`, `title: [a, b]`) is kept as written too.
    if (!KNOWN.has(name) || (TEXT_FIELDS.has(name) && value !== null && text(value) === null))
      kept[name] = value
  const metadata: JsonObject = isPlainObject(record['metadata']) ? { ...record['metadata'] } : {}
  if (record['metadata'] !== undefined && !isPlainObject(record['metadata']))
    kept['metadata'] = record['metadata']
  const content = record['content']
  let body = text(content)
  if (body === null && content !== undefined && content !== null) {
    body = JSON.stringify(content, null, 2)
    kept['content'] = content
  }
  if (Object.keys(kept).length > 0) metadata['source_fields'] = kept
  const title = text(record['title'])
  const note = {
    key,
    title: title !== null && title.trim() !== '' ? title : fallbackTitle,
    content: body ?? '',
    url: text(record['url']),
    type: text(record['type']),
    category: text(record['category']),
    tags: tagList(record['tags']),
    metadata,
    createdAt: timestamp(record['created_at']),
    updatedAt: timestamp(record['updated_at'])
  }
  return { ...note, hash: contentHash({ ...note, tags: note.tags, metadata: note.metadata }) }
}

/** The key of a record: its id when it has a usable one, else its place. */
export function recordKey(record: JsonObject, index: number): string {
  const id = text(record['id'])
  return id !== null && id !== '' ? `id:${id}` : `#${index}`
}
