// The Store: what the app asks of its storage, whichever backend holds the data (sqlite, json or hybrid).
import type {
  ConversationSummary,
  McpServerInput,
  McpServerView,
  MessageView,
  Page,
  ProfileInput,
  ProfileView,
  ReplyStatus,
  ReplyUsage,
  StorageBackend,
  StoreCounters,
  ToolCallStatus,
  ToolCallView
} from '../../shared/types'
import type { AgentInput, AgentView } from '../../shared/agent-types'

export interface ConversationListOptions {
  cursor?: string | null
  limit?: number
  /** Matches titles containing it, or messages containing it (as a phrase on SQLite, as a substring on JSON). */
  query?: string | null
}

export interface MessageListOptions {
  cursor?: string | null
  limit?: number
  /** Pages from the end: the first page holds the newest `limit` messages, each next cursor leads to older ones.
   * Every page is in the original order. */
  fromEnd?: boolean
}

export interface NewConversation {
  title: string
  profileId?: string | null
  /** The agent it is started with; without a profileId the conversation takes the agent's profile. */
  agentId?: string | null
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

export type { ReplyStatus, ReplyUsage }

/** A stored message with what chat knows of it; the reply fields are null for messages that are not chat replies. */
export interface ChatMessage extends MessageView {
  status: ReplyStatus | null
  model: string | null
  profileId: string | null
  finishReason: string | null
  usage: ReplyUsage | null
  error: string | null
  /** A tool call's record (role `tool`), else null. */
  tool?: StoredToolCall | null
}

/** A conversation's active path as a request reads it: its newest messages whole, the older ones by their size. */
export interface RecentTranscript {
  /** Oldest first. */
  earlier: EarlierMessage[]
  /** Oldest first, after `earlier`. */
  recent: ChatMessage[]
}

/**
 * A message older than a request can send, with what a request takes of it: its role, its tool call, and its text
 * only when it is a system or tool message (or stored as parts), else its size.
 */
export interface EarlierMessage {
  id: string
  role: string
  tool: StoredToolCall | null
  /** Null for a user or assistant message, whose text is left unread. */
  text: string | null
  /** The text's length: in UTF-16 units when read, else in characters (code points), as SQLite counts them. */
  chars: number
  /** Whether the text is empty or whitespace only (as `String.prototype.trim` sees it). */
  blank: boolean
}

/** A stored tool call: what the card shows, and the name the model called it by (for the next request). */
export interface StoredToolCall extends ToolCallView {
  modelName: string
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
  /** The tools the reply called (kept with the reply; export writes them as the legacy `tool_calls`). */
  toolCalls?: ReplyToolCall[]
}

/** One call a reply made: the provider's id, the name the model used, and its arguments. */
export interface ReplyToolCall {
  callId: string
  modelName: string
  arguments: Record<string, unknown>
}

/** A tool call to store (as a message of role `tool` after the reply that made it), awaiting approval. */
export interface NewToolCall extends ReplyToolCall {
  serverId: string
  serverName: string
  tool: string
}

/** What changed of a tool call: its state, the arguments the user approved, its result text or its error. */
export interface ToolCallUpdate {
  status: ToolCallStatus
  arguments?: Record<string, unknown>
  /** The whole result, as the server gave it (stored uncapped). */
  result?: string
  error?: string | null
  durationMs?: number | null
}

/** A standing permission to run a tool without asking: in one conversation, or always (null conversation). */
export interface ToolGrant {
  id: string
  serverId: string
  tool: string
  /** Null: always; else the conversation it holds in. */
  conversationId: string | null
  createdAt: string
}

export type NewToolGrant = Omit<ToolGrant, 'id' | 'createdAt'>

/** The permissions chat asks before it runs a tool: grants, and the servers whose read-only tools run unasked. */
export interface ToolGrantStore {
  toolGrants(): ToolGrant[]
  /** Adds the grant (an equal one already there is returned as it is). */
  addToolGrant(grant: NewToolGrant): ToolGrant
  /** False when there was no such grant. */
  revokeToolGrant(grantId: string): boolean
  /** Servers (ids) whose tools marked `readOnlyHint` run without asking. */
  readOnlyServers(): string[]
  setReadOnlyDefault(serverId: string, allowed: boolean): void
}

/**
 * What a chat turn asks of the conversation store: the whole history for a request, and a reply written while it
 * streams, owned by this process until it ends. A reply whose writer died is marked 'interrupted' when its
 * conversation is next read.
 */
export interface ChatTranscriptStore extends ToolGrantStore {
  /** The messages of the conversation's active path (the versions shown), oldest first. */
  transcript(conversationUid: string): ChatMessage[]
  /**
   * The active path's newest messages, whole, read newest first until `enough` holds of the last one read; before
   * them, the older messages with the text of their system and tool messages only (what a request needs of them).
   */
  recentTranscript(conversationUid: string, enough: (message: ChatMessage) => boolean): RecentTranscript
  /** Appends an empty assistant reply marked 'streaming'; `replacing`: as a new version of that reply (regenerate). */
  startReply(conversationUid: string, start: ReplyStart, replacing?: string): ChatMessage
  /** Appends a tool call after the reply that made it, marked streaming (owned by this process) until it ends. */
  startToolCall(conversationUid: string, call: NewToolCall): ChatMessage
  /** Records the call's new state; an end state (done, error, denied, cancelled) ends its streaming mark. */
  updateToolCall(messageUid: string, update: ToolCallUpdate): ChatMessage
  /** Saves the reply's text so far (and that its writer is alive). */
  saveReplyText(messageUid: string, text: string): void
  finishReply(messageUid: string, end: ReplyEnd): ChatMessage
  /** Marks 'interrupted' every reply left 'streaming' by a writer that is gone; returns how many. */
  markInterruptedReplies(conversationUid?: string): number
  /** Whether the conversation awaits the title its first exchange gives it (made untitled here, never renamed). */
  awaitsTitle(conversationUid: string): boolean
  /** Sets that title, unless the conversation no longer awaits one (renamed meanwhile): null then. */
  setFirstExchangeTitle(conversationUid: string, title: string): ConversationSummary | null
  /** The conversation's summaries of older messages, oldest first. */
  summaries(conversationUid: string): StoredSummary[]
  /** Stores a summary sent in place of the messages through `throughMessageId`; the messages stay as they are. */
  addSummary(conversationUid: string, summary: NewSummary): StoredSummary
  /** Appends `content` as a new version of the user's message `messageUid`; the old one and its path are hidden. */
  editMessage(conversationUid: string, messageUid: string, content: string): MessageView
  /**
   * Shows version `index` (from 1) of a message on the active path, with the path beneath it as last seen; returns
   * the id of the version now shown.
   */
  switchBranch(conversationUid: string, messageUid: string, index: number): string
}

/** What a summary of older messages says, and which messages it stands for: the first through `throughMessageId`. */
export interface NewSummary {
  text: string
  throughMessageId: string
  /** The profile and model that wrote it. */
  profileId: string | null
  model: string | null
}

export interface StoredSummary extends NewSummary {
  id: string
  createdAt: string
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
  /** The model's context window in tokens when the profile names one (`context_window`, `contextWindow`, `num_ctx`). */
  contextWindow?: number | null
}

/** The profile settings and the key (from the keychain, for the request only) that a chat turn reads. */
export interface ChatProfileSource {
  chatSettings(uid: string): ProfileChatSettings
  /** The default profile's id (without reading any key), or null when there are no profiles. */
  defaultId(): string | null
  apiKey(uid: string): Promise<string | null>
  /**
   * The base URL as the user wrote it, credentials included, from the keychain when the stored one is redacted
   * (shared/secret-policy); for the request only. Null: the stored base URL is the one to use.
   */
  requestBaseUrl(uid: string): Promise<string | null>
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
  /** Marks the server to start when the app opens (stored in its record, as its other settings are). */
  setStartAtLaunch(uid: string, on: boolean): void | Promise<void>
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
  /** The values of its `${input:…}` references the user saved in the keychain, by input id. */
  savedInputs: Record<string, string>
}

export interface McpConnectionSource {
  connection(uid: string): Promise<McpConnectionConfig>
  /** Saves values of the server's `${input:…}` references in the keychain (the database keeps only refs). */
  saveInputs(uid: string, values: Record<string, string>): Promise<void>
}

/** Agents in creation order (imported ones too); they hold no secret. Deleting one keeps its conversations. */
export interface AgentStore {
  list(): Promise<AgentView[]>
  get(uid: string): Promise<AgentView>
  create(input: AgentInput): Promise<AgentView>
  /** Changes only the given fields; `servers`, when given, replaces the whole list. */
  update(uid: string, patch: Partial<AgentInput>): Promise<AgentView>
  /** A copy named "<name> (copy)", with the same prompt, profile, servers and tools. */
  duplicate(uid: string): Promise<AgentView>
  delete(uid: string): Promise<void>
}

export interface Store {
  readonly backend: StorageBackend
  /** Chat's methods refuse on the json backend (chat needs the SQLite store). */
  readonly conversations: ConversationStore & ChatTranscriptStore
  readonly profiles: ProfileStore & ChatProfileSource
  readonly mcp: McpStore & McpConnectionSource
  /** Every method refuses on the json backend (agents live in the SQLite store only). */
  readonly agents: AgentStore
  /** Writes, errors and fallbacks on each side since the store was opened (see StoreStats for the kept totals). */
  counters(): StoreCounters
  /** Makes every pending write durable (the hybrid mirror); a no-op for backends that write through. `force`: the
   * database was changed by someone else (an import), so the mirror is written even with no change of its own. */
  flush(options?: { force?: boolean }): Promise<void>
  /** Flushes, then releases files and connections. */
  close(): Promise<void>
}
