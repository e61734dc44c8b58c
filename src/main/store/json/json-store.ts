// The json backend: the legacy files (and the conversation folders of older versions) are the live store, read
// once and rewritten atomically on every change. The app runs on it after a rollback, and on the hybrid backend's
// mirror when SQLite cannot be read.
import { conversationFolderFiles } from '../../legacy/conversation-folders'
import { CONVERSATIONS_FILE, MCP_FILE, MODELS_FILE } from '../../legacy/legacy-files'
import type { StoreStats } from '../store-stats'
import type { Store } from '../store'
import { NO_AGENTS, NO_CHAT_PROFILES, NO_CHAT_TRANSCRIPT } from './json-chat'
import { JsonConversationStore } from './json-conversations'
import { JsonDocument } from './json-document'
import { JsonMcpStore } from './json-mcp'
import { NO_MCP_CONNECTIONS } from './json-mcp-connections'
import { JsonProfileStore } from './json-profiles'

/** Opens the legacy files of `dataDir`; an unreadable file fails with its one-line reason (line and column). */
export function openJsonStore(dataDir: string, stats: StoreStats): Store {
  const conversations = [
    JsonDocument.open(dataDir, CONVERSATIONS_FILE, 'conversations', stats),
    // Older versions kept conversations one file each, or one file per workspace: they stay where they are.
    ...conversationFolderFiles(dataDir).map((file) =>
      JsonDocument.open(dataDir, file, 'conversations', stats)
    )
  ]
  const models = JsonDocument.open(dataDir, MODELS_FILE, 'profiles', stats)
  const mcp = JsonDocument.open(dataDir, MCP_FILE, 'servers', stats)
  return {
    backend: 'json',
    // The instances keep their own methods; chat's are added as refusals.
    conversations: Object.assign(new JsonConversationStore(conversations), NO_CHAT_TRANSCRIPT),
    profiles: Object.assign(new JsonProfileStore(models), NO_CHAT_PROFILES),
    mcp: Object.assign(new JsonMcpStore(mcp), NO_MCP_CONNECTIONS),
    agents: NO_AGENTS,
    counters: () => stats.totals(),
    flush: async () => stats.save(),
    close: async () => stats.save()
  }
}
