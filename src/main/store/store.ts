// The Store: what the app asks of its storage, whichever backend holds the data (sqlite, json or hybrid).
import type {
  ConversationSummary,
  McpServerInput,
  McpServerView,
  MessageView,
  Page,
  ProfileInput,
  ProfileView,
  StorageBackend,
  StoreCounters
} from '../../shared/types'

export interface ConversationListOptions {
  cursor?: string | null
  limit?: number
  /** Matches titles containing it, or messages containing it (as a phrase on SQLite, as a substring on JSON). */
  query?: string | null
}

export interface MessageListOptions {
  cursor?: string | null
  limit?: number
}

export interface NewConversation {
  title: string
  profileId?: string | null
}

export interface NewMessage {
  role: string
  content: string
}

/** Conversations newest first (by last activity), with their messages in their original order. */
export interface ConversationStore {
  list(options?: ConversationListOptions): Page<ConversationSummary>
  get(uid: string): ConversationSummary
  messages(uid: string, options?: MessageListOptions): Page<MessageView>
  create(input: NewConversation): ConversationSummary
  rename(uid: string, title: string): ConversationSummary
  appendMessage(uid: string, message: NewMessage): MessageView
  delete(uid: string): Promise<void>
}

/** Model profiles in their original order; API keys are only ever shown masked. */
export interface ProfileStore {
  list(): Promise<ProfileView[]>
  get(uid: string): Promise<ProfileView>
  getDefault(): Promise<ProfileView | null>
  create(input: ProfileInput): Promise<ProfileView>
  update(uid: string, patch: Partial<ProfileInput>): Promise<ProfileView>
  setDefault(uid: string): void | Promise<void>
  delete(uid: string): Promise<void>
}

/** MCP server setups in their original order; secret-looking env values are only ever shown masked. */
export interface McpStore {
  list(): Promise<McpServerView[]>
  get(uid: string): Promise<McpServerView>
  create(input: McpServerInput): Promise<McpServerView>
  update(uid: string, patch: Partial<McpServerInput>): Promise<McpServerView>
  setEnabled(uid: string, enabled: boolean): void | Promise<void>
  delete(uid: string): Promise<void>
}

export interface Store {
  readonly backend: StorageBackend
  readonly conversations: ConversationStore
  readonly profiles: ProfileStore
  readonly mcp: McpStore
  /** Writes, errors and fallbacks on each side since the store was opened (see StoreStats for the kept totals). */
  counters(): StoreCounters
  /** Makes every pending write durable (the hybrid mirror); a no-op for backends that write through. `force`: the
   * database was changed by someone else (an import), so the mirror is written even with no change of its own. */
  flush(options?: { force?: boolean }): Promise<void>
  /** Flushes, then releases files and connections. */
  close(): Promise<void>
}
