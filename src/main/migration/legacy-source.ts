// Opens the legacy files of a folder (the data folder, or a backup) as streamed LegacyDocuments, and counts what
// they hold.
import {
  CONVERSATIONS_FILE,
  MCP_FILE,
  MODELS_FILE,
  type LegacyDocument,
  type LegacyFileName,
  type ListKeys
} from '../legacy/legacy-files'
import { openLegacyDocument } from '../legacy/legacy-document'
import { isPlainObject } from '../store/record-codec'

export const LIST_KEYS: Record<LegacyFileName, ListKeys> = {
  [CONVERSATIONS_FILE]: { arrays: ['conversations'] },
  [MODELS_FILE]: { arrays: ['profiles'] },
  [MCP_FILE]: { arrays: ['servers'], maps: ['mcpServers'] }
}

export interface LegacySource {
  documents: Partial<Record<LegacyFileName, LegacyDocument>>
}

export function readLegacyDocument(
  dir: string,
  file: LegacyFileName,
  onScan: ((offset: number) => void) | null = null
): LegacyDocument | null {
  return openLegacyDocument(dir, file, LIST_KEYS[file], onScan)
}

/**
 * Opens each file (one scan that checks its structure and counts its records; records are not parsed yet).
 * `onScan` hears the bytes scanned so far, over all the files.
 */
export function readLegacySource(
  dir: string,
  files: readonly LegacyFileName[],
  onScan: (bytes: number) => void = () => {}
): LegacySource {
  const documents: Partial<Record<LegacyFileName, LegacyDocument>> = {}
  let passed = 0
  for (const file of files) {
    const doc = readLegacyDocument(dir, file, (offset) => onScan(passed + offset))
    if (doc) {
      documents[file] = doc
      passed += doc.bytes
    }
  }
  return { documents }
}

/** Messages in conversations.json: parses every record (a full pass over the file). */
export function countMessages(source: LegacySource): number {
  let messages = 0
  for (const record of source.documents[CONVERSATIONS_FILE]?.records ?? []) {
    if (isPlainObject(record.value) && Array.isArray(record.value['messages']))
      messages += record.value['messages'].length
  }
  return messages
}

/** Record counts from the scan (the import's own counts are the exact ones). */
export function recordCounts(source: LegacySource): {
  conversations: number
  profiles: number
  mcp_servers: number
} {
  return {
    conversations: source.documents[CONVERSATIONS_FILE]?.count ?? 0,
    profiles: source.documents[MODELS_FILE]?.count ?? 0,
    mcp_servers: source.documents[MCP_FILE]?.count ?? 0
  }
}
