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

/** Where a chat reply stands: written while it streams, then complete, stopped by the user, failed, or cut off. */
export type ReplyStatus = 'streaming' | 'complete' | 'stopped' | 'error' | 'interrupted'

export interface ReplyUsage {
  inputTokens: number
  outputTokens: number
  /** True when the provider gave no usage and the counts are estimated from the text. */
  estimated: boolean
}

/** A stored message with what chat knows of it; the reply fields are null for messages that are not chat replies. */
export interface ChatMessage extends MessageView {
  status: ReplyStatus | null
  model: string | null
  profileId: string | null
  finishReason: string | null
  usage: ReplyUsage | null
  error: string | null
}

export interface ReplyStart {
  model: string
  profileId: string
}

export interface ReplyEnd {
  status: Exclude<ReplyStatus, 'streaming'>
  text: string
  finishReason?: string | null
  usage?: ReplyUsage | null
  /** The one-line error, for status 'error'. */
  error?: string | null
}

/**
 * What a chat turn asks of the conversation store: the whole history for a request, and a reply written while it
 * streams, owned by this process until it ends. A reply whose writer died is marked 'interrupted' when its
 * conversation is next read.
 */
export interface ChatTranscriptStore {
  /** Every message of the conversation, oldest first. */
  transcript(conversationUid: string): ChatMessage[]
  /** Appends an empty assistant reply marked 'streaming'. */
  startReply(conversationUid: string, start: ReplyStart): ChatMessage
  /** Saves the reply's text so far (and that its writer is alive). */
  saveReplyText(messageUid: string, text: string): void
  finishReply(messageUid: string, end: ReplyEnd): ChatMessage
  /** Marks 'interrupted' every reply left 'streaming' by a writer that is gone; returns how many. */
  markInterruptedReplies(conversationUid?: string): number
}

/** A profile as a chat request needs it; the fields beyond the columns come from the profile's legacy record. */
export interface ProfileChatSettings {
  id: string
  name: string
  provider: string
  model: string
  baseUrl: string | null
  temperature: number | null
  maxTokens: number | null
  systemPrompt: string | null
}

/** The profile settings and the key (from the keychain, for the request only) that a chat turn reads. */
export interface ChatProfileSource {
  chatSettings(uid: string): ProfileChatSettings
  /** The default profile's id (without reading any key), or null when there are no profiles. */
  defaultId(): string | null
  apiKey(uid: string): Promise<string | null>
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

/** What connecting to an MCP server needs, its secret env values and headers filled in from the keychain. Only for
 * the connect itself: it is never shown, logged or stored. */
export interface McpConnectionConfig {
  id: string
  name: string
  /** As stored: `stdio`, `sse`, `http`, `streamable-http`, …; an unknown one is refused at connect time. */
  transport: string
  command: string | null
  args: string[]
  env: Record<string, string>
  url: string | null
  headers: Record<string, string>
  /** The record's other fields (timeouts, `cwd`, …) as stored; secrets are never among them. */
  settings: Record<string, unknown>
}

export interface McpConnectionSource {
  connection(uid: string): Promise<McpConnectionConfig>
}

export interface Store {
  readonly backend: StorageBackend
  /** Chat's methods refuse on the json backend (chat needs the SQLite store). */
  readonly conversations: ConversationStore & ChatTranscriptStore
  readonly profiles: ProfileStore & ChatProfileSource
  readonly mcp: McpStore & McpConnectionSource
  /** Writes, errors and fallbacks on each side since the store was opened (see StoreStats for the kept totals). */
  counters(): StoreCounters
  /** Makes every pending write durable (the hybrid mirror); a no-op for backends that write through. `force`: the
   * database was changed by someone else (an import), so the mirror is written even with no change of its own. */
  flush(options?: { force?: boolean }): Promise<void>
  /** Flushes, then releases files and connections. */
  close(): Promise<void>
}
