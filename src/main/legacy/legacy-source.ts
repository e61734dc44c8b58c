// Opens the legacy files of a folder (the data folder, or a backup) as streamed LegacyDocuments, and counts what
// they hold.
import {
  CONVERSATIONS_FILE,
  MCP_FILE,
  MODELS_FILE,
  holdsConversations,
  isConversationFolderFile,
  type LegacyDocument,
  type LegacyFileName,
  type LegacySourceFile,
  type ListKeys
} from './legacy-files'
import { openLegacyDocument, openSalvagedDocument } from './legacy-document'
import { UserError } from '../../shared/errors'
import { isPlainObject, type JsonValue } from '../base/record-codec'

export const LIST_KEYS: Record<LegacyFileName, ListKeys> = {
  [CONVERSATIONS_FILE]: { arrays: ['conversations'] },
  [MODELS_FILE]: { arrays: ['profiles'] },
  // `servers` is a list in the old app's files, and a name→server map in VS Code's (and so in files copied from it).
  [MCP_FILE]: { arrays: ['servers'], maps: ['mcpServers', 'servers'] }
}

/** `conversations/<id>.json` is one conversation; `sessions/<hash>.json` is read like conversations.json. */
export function listKeysOf(file: LegacySourceFile): ListKeys {
  if (!isConversationFolderFile(file)) return LIST_KEYS[file]
  return file.startsWith('conversations/') ? { arrays: [], whole: true } : LIST_KEYS[CONVERSATIONS_FILE]
}

export interface LegacySource {
  documents: Partial<Record<LegacySourceFile, LegacyDocument>>
}

/** Opens one file; `salvaged` opens a damaged one for a salvage (its kept records, and the runs set aside). */
export function readLegacyDocument(
  dir: string,
  file: LegacySourceFile,
  onScan: ((offset: number) => void) | null = null,
  salvaged = false
): LegacyDocument | null {
  return (salvaged ? openSalvagedDocument : openLegacyDocument)(dir, file, listKeysOf(file), onScan)
}

/**
 * For a salvage: the file as it is when every record of it parses, else (it is not valid JSON) what can be read of
 * it. Parses every record once to tell.
 */
export function readOrSalvage(
  dir: string,
  file: LegacySourceFile,
  onScan: ((offset: number) => void) | null = null
): LegacyDocument | null {
  try {
    const doc = readLegacyDocument(dir, file, onScan)
    for (const record of doc?.records ?? []) void record
    return doc
  } catch (error) {
    if (!(error instanceof UserError && error.code === 'LEGACY_INVALID_JSON')) throw error
    return readLegacyDocument(dir, file, onScan, true)
  }
}

/**
 * Opens each file (one scan that checks its structure and counts its records; records are not parsed yet).
 * `onScan` hears the bytes scanned so far, over all the files.
 */
export function readLegacySource(
  dir: string,
  files: readonly LegacySourceFile[],
  onScan: (bytes: number) => void = () => {},
  /** Salvage damaged files instead of refusing them. */
  salvage = false
): LegacySource {
  const documents: Partial<Record<LegacySourceFile, LegacyDocument>> = {}
  let passed = 0
  for (const file of files) {
    const scanned = (offset: number): void => onScan(passed + offset)
    const doc = salvage ? readOrSalvage(dir, file, scanned) : readLegacyDocument(dir, file, scanned)
    if (doc) {
      documents[file] = doc
      passed += doc.bytes
    }
  }
  return { documents }
}

/** The documents whose records are conversations, conversations.json first. */
export function conversationDocuments(source: LegacySource): LegacyDocument[] {
  return Object.values(source.documents).filter(
    (doc): doc is LegacyDocument => doc !== undefined && holdsConversations(doc.file)
  )
}

/** Messages in one document: parses every record (a full pass over the file; a record that is not JSON throws). */
export function documentMessages(doc: LegacyDocument): number {
  let messages = 0
  for (const record of doc.records) messages += messageCount(record.value)
  return messages
}

/** Record counts from the scan (the import's own counts are the exact ones). */
export function recordCounts(source: LegacySource): {
  conversations: number
  profiles: number
  mcp_servers: number
} {
  return {
    conversations: conversationDocuments(source).reduce((sum, doc) => sum + doc.count, 0),
    profiles: source.documents[MODELS_FILE]?.count ?? 0,
    mcp_servers: source.documents[MCP_FILE]?.count ?? 0
  }
}

/** How many messages a legacy conversation record holds (0 when it has no message list). */
export function messageCount(value: JsonValue): number {
  return isPlainObject(value) && Array.isArray(value['messages']) ? value['messages'].length : 0
}
