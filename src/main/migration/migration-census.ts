// What a migration will move and what it will set aside (quarantine), worked out from the parsed legacy files with
// the import's own record checks and without writing anything: a dry run announces the counts the run reports.
import type { QuarantineEntry } from '../../shared/types'
import { CONVERSATIONS_FILE, MCP_FILE, MODELS_FILE } from '../legacy/legacy-files'
import { conversationDocuments, type LegacySource } from '../legacy/legacy-source'
import { ConversationIds } from './conversation-ids'
import { prepareConversation } from './conversation-rows'
import { configRecordCensus } from './load-config-records'
import { CONVERSATIONS_EXPECTED } from './load-conversations'
import { rawDocumentEntry, toEntry } from './quarantine-entries'

export interface MigrationCensus {
  conversations: number
  messages: number
  profiles: number
  mcp_servers: number
  /** In the order the run's report lists them. */
  setAside: QuarantineEntry[]
}

/** Conversations are checked in the run's order, with its id registry (an id seen in an earlier file is a duplicate). */
function conversationCensus(source: LegacySource, census: MigrationCensus): void {
  const primary = new Map<string, number>()
  const ids = new ConversationIds((id) => primary.get(id))
  for (const doc of conversationDocuments(source)) {
    census.setAside.push(...rawDocumentEntry(doc, CONVERSATIONS_EXPECTED))
    const seen = doc.file === CONVERSATIONS_FILE ? new Map<string, string>() : ids.forFile(doc.file)
    for (const record of doc.records) {
      const prepared = prepareConversation(doc, record, seen)
      if (prepared.kind === 'quarantined') {
        census.setAside.push(toEntry(prepared.place))
        continue
      }
      census.conversations += 1
      census.messages += prepared.messageCount
      for (const message of prepared.messages)
        if (message.kind === 'quarantined') census.setAside.push(toEntry(message.place))
      const uid = prepared.digest.uid
      if (doc.file === CONVERSATIONS_FILE && uid !== null) primary.set(uid, record.position)
    }
    if (doc.file === CONVERSATIONS_FILE) ids.importedPrimary(doc)
  }
}

export function migrationCensus(source: LegacySource): MigrationCensus {
  const census: MigrationCensus = { conversations: 0, messages: 0, profiles: 0, mcp_servers: 0, setAside: [] }
  conversationCensus(source, census)
  for (const [file, key] of [
    [MODELS_FILE, 'profiles'],
    [MCP_FILE, 'mcp_servers']
  ] as const) {
    const doc = source.documents[file]
    if (!doc) continue
    const { kept, setAside } = configRecordCensus(doc)
    census[key] = kept
    census.setAside.push(...setAside)
  }
  return census
}
