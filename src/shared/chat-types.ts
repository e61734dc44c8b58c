// Chat as the renderer sees it: what `chat:send` answers at once, and the `chat:stream` events that carry the reply
// as it arrives and then its end state. Never a key. No Node or DOM imports here.
import type { MessageView, ToolCallView } from './types'

/** A tool call as its card shows it: the stored call without what only the next request needs. */
export function toolCallView(call: ToolCallView): ToolCallView {
  const { callId, serverId, serverName, tool, arguments: args, status, error, durationMs } = call
  return { callId, serverId, serverName, tool, arguments: args, status, error, durationMs }
}

/** The profile a turn uses (what the window shows of it). */
export interface ChatProfileView {
  id: string
  name: string
  provider: string
  model: string
}

/** `chat:send`'s answer: the user's message is stored and the reply has started; it streams as `chat:stream`. */
export interface ChatSendView extends Partial<ChatContextUse> {
  streamId: string
  conversationId: string
  userMessage: MessageView
  /** The reply's message id (stored empty, marked streaming, filled as it arrives). */
  replyId: string
  profile: ChatProfileView
}

/** How a reply ended: complete, stopped by the user (the partial text kept), or failed (the text so far kept). */
export type ChatEndStatus = 'complete' | 'stopped' | 'error'

/** What the user chose on a tool call's approval card. */
export const TOOL_APPROVAL_CHOICES = ['once', 'conversation', 'always', 'deny'] as const
export type ToolApprovalChoice = (typeof TOOL_APPROVAL_CHOICES)[number]

/** A tool call's new state on a stream: its message, its card, and its whole result once it has one. */
export interface ToolStreamView {
  messageId: string
  call: ToolCallView
  result?: string
}

/** A server in a turn's scope that offered no tools: it needs `${input:…}` values the user has not given yet. */
export interface McpInputsNeededView {
  serverId: string
  serverName: string
}

/** A standing permission to run a tool without asking, as the MCP screen lists it. */
export interface ToolGrantView {
  id: string
  serverId: string
  /** The server's name, or null when the server was deleted since. */
  serverName: string | null
  tool: string
  /** Null: always; else the conversation it holds in, with its title when it still exists. */
  conversationId: string | null
  conversationTitle: string | null
  createdAt: string
}

/** `mcp:grants`' answer: the grants, and the servers whose read-only tools run without asking. */
export interface ToolGrantsView {
  grants: ToolGrantView[]
  readOnlyServerIds: string[]
}

/** One `chat:stream` event; the last one of a stream has `done` and the end state. */
export interface ChatStreamView {
  streamId: string
  conversationId: string
  messageId: string
  /** The text that arrived since the stream's previous event. */
  delta: string
  done: boolean
  /** On the last event only. */
  status?: ChatEndStatus
  /** On the last event of a failed reply: the one-line error. */
  error?: string
  /** On the last event: the reply as stored, with its state, model and usage. */
  reply?: MessageView
  /** On the last event: which older messages the request left out or sent as a summary. */
  context?: ChatContextUse
  /**
   * A tool call's new state (with an empty delta): awaiting approval, running, or how it ended. The stream's
   * `messageId` stays the turn's first reply; the replies after tool calls are stored as messages of their own.
   */
  tool?: ToolStreamView
  /** On the last event: the user stopped the turn while a tool call waited or ran. */
  stoppedInTool?: boolean
  /** On the last event: the scope's servers that offered no tools because they need `${input:…}` values. */
  inputsNeeded?: McpInputsNeededView[]
  /**
   * On the last event of a turn that called tools: every message it stored after the user's (its replies and its
   * tool calls, each a message of its own, as the conversation shows them once read again).
   */
  turn?: MessageView[]
}

/** Which older messages a request leaves out because the model's context window is full. */
export interface ChatContextUse {
  /** Older messages not sent (neither sent nor summarised). */
  omittedMessages: number
  /** Older messages a summary is sent in place of. */
  summarisedMessages: number
}

/** `chat:context`'s answer: what the next request would take of the model's context window. */
export interface ChatContextView extends ChatContextUse {
  /** Estimated tokens the conversation needs in the next request, with the draft (about four characters a token):
   * more than the window when older messages are not sent. */
  usedTokens: number
  windowTokens: number
}

/** `chat:summarise`'s answer: whether a summary was written, and the window as it stands after it. */
export interface ChatSummariseView {
  summarised: boolean
  context: ChatContextView
}

/** What "Test connection" shows: one line, success or the failure and its fix. Never a key. */
export interface ConnectionCheckView {
  ok: boolean
  line: string
  /** What failed (e.g. `missing-key`, `auth`, `unreachable`), null on success. */
  kind: string | null
  /** How long the answer took, on success. */
  ms: number | null
}

/** "Fetch models": a saved profile's id, or the edit form's provider, base URL and typed key (each absent field
 *  taken from the saved profile; an empty key means none). */
export interface ModelListRequest {
  id?: string | null
  name?: string
  provider?: string
  baseUrl?: string | null
  apiKey?: string
}

/** The models the endpoint lists, sorted, with one line (how many, or why there are none). Never a key. */
export interface ModelListView {
  ok: boolean
  models: string[]
  line: string
}
