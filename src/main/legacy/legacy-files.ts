// The legacy data files of the old Personal Agent, and the shape a parsed legacy document takes.
import type { JsonObject, JsonValue } from '../base/record-codec'

export const CONVERSATIONS_FILE = 'conversations.json'
export const MODELS_FILE = 'models.json'
export const MCP_FILE = 'mcp_config.json'
export const LEGACY_FILES = [CONVERSATIONS_FILE, MODELS_FILE, MCP_FILE] as const
export type LegacyFileName = (typeof LEGACY_FILES)[number]

/**
 * Folders some old versions kept conversations in, one JSON file each: `conversations/<id>.json` holds one
 * conversation; `sessions/<hash>.json` holds a workspace's list of them (a bare list, or `{"conversations": [...]}`).
 */
export const CONVERSATION_FOLDERS = ['conversations', 'sessions'] as const
export type ConversationFolder = (typeof CONVERSATION_FOLDERS)[number]
/** A file of a conversation folder, named by its path relative to the data folder (always with '/'). */
export type ConversationFolderFile = `${ConversationFolder}/${string}.json`
/** Any legacy source file, named relative to the data folder. */
export type LegacySourceFile = LegacyFileName | ConversationFolderFile

export function isConversationFolderFile(file: string): file is ConversationFolderFile {
  const slash = file.indexOf('/')
  return (
    slash > 0 &&
    (CONVERSATION_FOLDERS as readonly string[]).includes(file.slice(0, slash)) &&
    file.indexOf('/', slash + 1) < 0 &&
    file.length > slash + 1 + '.json'.length &&
    file.endsWith('.json')
  )
}

export function folderOf(file: ConversationFolderFile): ConversationFolder {
  return file.slice(0, file.indexOf('/')) as ConversationFolder
}

/** True for files whose records are conversations: conversations.json and every conversation folder file. */
export function holdsConversations(file: LegacySourceFile): boolean {
  return file === CONVERSATIONS_FILE || isConversationFolderFile(file)
}

/**
 * - object: `{ "<listKey>": [records…], …topExtra }`
 * - array: a bare top-level array of records
 * - map: `{ "<listKey>": { name: record, … }, …topExtra }` (Claude Desktop's mcpServers, VS Code's servers)
 * - empty: a zero-length or whitespace-only file
 * - raw: valid JSON that holds no record list; kept whole and given back as it was
 * - single: the whole document is one record (`conversations/<id>.json`)
 */
export type DocumentShape = 'object' | 'array' | 'map' | 'empty' | 'raw' | 'single'

export interface LegacyRecord {
  position: number
  value: JsonValue
  /** The record's key in a map-shaped document. */
  mapKey?: string
  /** The file offset just past the record's bytes (for progress in bytes). */
  end: number
}

/** A run of a damaged file's bytes set aside by a salvage: [start, end), its place among the list's records, and
 * the damage found at its start. */
export interface DamagedRange {
  start: number
  end: number
  position: number
  what: string
}

export interface LegacyDocument {
  file: LegacySourceFile
  /** The folder the file was opened in (the data folder, or a backup). */
  dir: string
  shape: DocumentShape
  listKey: string | null
  topExtra: JsonObject
  /** The file offset where the record list starts (null when there is none): see `recordsAt`. */
  listStart: number | null
  /** How many records the list holds (counted by the scan, before any is parsed). */
  count: number
  /** The size of the file in bytes. */
  bytes: number
  /** The records in order, parsed one at a time as the file streams past; every pass reads the file again. */
  records: Iterable<LegacyRecord>
  /** The whole parsed value, when shape is 'raw'. */
  raw?: JsonValue
  /** Present when the file was salvaged: the damaged runs set aside (`records` holds what was kept). */
  damaged?: DamagedRange[]
}

/** The parts of a document that name a record's place (`recordPath`) and stream its records. */
export type RecordSource = Pick<LegacyDocument, 'file' | 'shape' | 'listKey' | 'records'>

/** Keys that may hold a file's record list. */
export interface ListKeys {
  /** Keys that may hold an array of records, in order of preference. */
  arrays: readonly string[]
  /** Keys that may hold a name→record map (preferred over the arrays). */
  maps?: readonly string[]
  /** The whole document is one record (shape 'single'); `arrays` and `maps` are not looked at. */
  whole?: boolean
}

/** JSON path of a record, as reports show it: `$.conversations[3]`, `$[3]`, `$.mcpServers["git"]`. */
export function recordPath(doc: Pick<LegacyDocument, 'shape' | 'listKey'>, record: LegacyRecord): string {
  if (doc.shape === 'single') return '$'
  if (doc.shape === 'map') return `$.${doc.listKey}[${JSON.stringify(record.mapKey)}]`
  if (doc.shape === 'object') return `$.${doc.listKey}[${record.position}]`
  return `$[${record.position}]`
}
