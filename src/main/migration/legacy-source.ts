// Reads the legacy files of a folder (the data folder, or a backup) into LegacyDocuments, and counts what they hold.
import {
  CONVERSATIONS_FILE,
  MCP_FILE,
  MODELS_FILE,
  type LegacyDocument,
  type LegacyFileName
} from '../legacy/legacy-files'
import { readLegacyJson } from '../legacy/read-legacy-json'
import { splitDocument, type ListKeys } from '../legacy/split-document'
import { isPlainObject } from '../store/record-codec'

export const LIST_KEYS: Record<LegacyFileName, ListKeys> = {
  [CONVERSATIONS_FILE]: { arrays: ['conversations'] },
  [MODELS_FILE]: { arrays: ['profiles'] },
  [MCP_FILE]: { arrays: ['servers'], maps: ['mcpServers'] }
}

export interface LegacySource {
  documents: Partial<Record<LegacyFileName, LegacyDocument>>
}

export function readLegacyDocument(dir: string, file: LegacyFileName): LegacyDocument | null {
  const parsed = readLegacyJson(dir, file)
  return parsed ? splitDocument(file, parsed, LIST_KEYS[file]) : null
}

export function readLegacySource(dir: string, files: readonly LegacyFileName[]): LegacySource {
  const documents: Partial<Record<LegacyFileName, LegacyDocument>> = {}
  for (const file of files) {
    const doc = readLegacyDocument(dir, file)
    if (doc) documents[file] = doc
  }
  return { documents }
}

/** Rough counts for plans and progress totals (the import's own counts are the exact ones). */
export function roughCounts(source: LegacySource): {
  conversations: number
  messages: number
  profiles: number
  mcp_servers: number
} {
  const conversations = source.documents[CONVERSATIONS_FILE]?.records ?? []
  let messages = 0
  for (const record of conversations) {
    if (isPlainObject(record.value) && Array.isArray(record.value['messages']))
      messages += record.value['messages'].length
  }
  return {
    conversations: conversations.length,
    messages,
    profiles: source.documents[MODELS_FILE]?.records.length ?? 0,
    mcp_servers: source.documents[MCP_FILE]?.records.length ?? 0
  }
}
