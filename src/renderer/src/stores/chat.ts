// Chat turns in the window: sending a message, the replies as they stream in (one entry per reply, so only the
// streaming reply re-renders on each chunk), stopping a reply and trying a failed one again. A reply that calls tools
// holds its text and its tool calls' cards in the order they came (the replies after them included). The servers a
// conversation's last turn could not start for want of their `${input:…}` values are kept, for the chat to ask.
import { create } from 'zustand'
import type {
  ChatEndStatus,
  ChatSendView,
  ChatStreamView,
  McpInputsNeededView
} from '../../../shared/chat-types'
import type { BranchPlace, ConversationSummary, MessageView, ToolCallView } from '../../../shared/types'
import { call, subscribe } from '../api'
import { useConversations } from './conversations'

export type ReplyStatus = 'streaming' | ChatEndStatus

/** A piece of a live reply: text, or a tool call's card (its whole result once it has one). */
export type LivePart =
  | { kind: 'text'; text: string }
  | { kind: 'tool'; messageId: string; call: ToolCallView; result: string | null }

/** A reply sent from this window, while it streams and after it ended. */
export interface LiveReply {
  streamId: string
  conversationId: string
  /** What the user sent, for Retry. */
  userText: string
  profileId: string
  model: string
  text: string
  /** The text and the tool calls, in order. */
  parts: LivePart[]
  status: ReplyStatus
  /** The one-line error of a failed reply. */
  error: string | null
  /** The reply as stored once it ended (its model, usage and finish reason). */
  stored: MessageView | null
}

interface ChatState {
  /** By reply (message) id. */
  replies: Record<string, LiveReply>
  /** By conversation id: the servers its last turn offered no tools of, as they need `${input:…}` values. */
  inputsNeeded: Record<string, McpInputsNeededView[]>
  /** The server was started with its values: the conversation no longer asks for them. */
  inputsGiven(serverId: string): void
  /** Sends `text` in a conversation and shows it with its reply in the open conversation. */
  send(conversationId: string, text: string, profileId?: string): Promise<ChatSendView>
  /** Stops a streaming reply; its partial text stays, marked stopped, once the last event arrives. */
  stop(replyId: string): Promise<void>
  /** Streams a new version of a reply in its place; the old one stays as another version. */
  regenerate(conversationId: string, reply: MessageView): Promise<ChatSendView>
  /** Sends `text` as a new version of the user's message, then its reply streams; the old one stays as a version. */
  edit(conversationId: string, message: MessageView, text: string): Promise<ChatSendView>
  /** Starts a turn (`start`) and follows its reply's stream events; `text`: what the user sent, for Retry. */
  follow(
    conversationId: string,
    text: string | null,
    start: () => Promise<ChatSendView>
  ): Promise<ChatSendView>
}

/** Events that arrived before their `chat:send` answer, by stream id (a few, in case of a slow answer). */
const early = new Map<string, ChatStreamView[]>()
const EARLY_STREAMS = 32
/** Stream id → reply id, for the streams this window started. */
const replyOfStream = new Map<string, string>()

let listening = false

function apply(event: ChatStreamView): void {
  const replyId = replyOfStream.get(event.streamId)
  if (replyId === undefined) {
    const buffered = early.get(event.streamId) ?? []
    buffered.push(event)
    early.set(event.streamId, buffered)
    while (early.size > EARLY_STREAMS) early.delete(early.keys().next().value as string)
    return
  }
  const replies = useChat.getState().replies
  const reply = replies[replyId]
  if (!reply || reply.status !== 'streaming') return
  const next: LiveReply = { ...reply, text: reply.text + event.delta, parts: nextParts(reply.parts, event) }
  if (event.done) {
    next.status = event.status ?? 'complete'
    next.error = event.status === 'error' ? (event.error ?? 'The reply failed.') : null
    next.stored = event.reply ?? null
    replyOfStream.delete(event.streamId)
    useChat.setState((state) => ({
      inputsNeeded: { ...state.inputsNeeded, [reply.conversationId]: event.inputsNeeded ?? [] }
    }))
    // A turn that called tools is shown as stored from now on: its replies and calls, each a message of its own
    // (as a later read shows them; a failed one keeps its Retry).
    if (event.turn && next.status !== 'error') {
      useChat.setState({
        replies: Object.fromEntries(Object.entries(replies).filter(([id]) => id !== replyId))
      })
      useConversations.getState().replaceMessagesFrom(reply.conversationId, replyId, event.turn, null)
      return
    }
  }
  useChat.setState({ replies: { ...replies, [replyId]: next } })
}

/** The parts after an event: its text appended to the last text part, or its tool call's card added or updated. */
function nextParts(parts: LivePart[], event: ChatStreamView): LivePart[] {
  const tool = event.tool
  if (tool) {
    const at = parts.findIndex((part) => part.kind === 'tool' && part.messageId === tool.messageId)
    const card: LivePart = {
      kind: 'tool',
      messageId: tool.messageId,
      call: tool.call,
      result: tool.result ?? null
    }
    return at < 0 ? [...parts, card] : parts.map((part, index) => (index === at ? card : part))
  }
  if (event.delta === '') return parts
  const last = parts[parts.length - 1]
  if (last?.kind === 'text') return [...parts.slice(0, -1), { kind: 'text', text: last.text + event.delta }]
  return [...parts, { kind: 'text', text: event.delta }]
}

/** A conversation titled from its first exchange: the list and the open conversation show the new title. */
function showTitle(conversation: ConversationSummary): void {
  const { items, selected } = useConversations.getState()
  const titled = (item: ConversationSummary): ConversationSummary =>
    item.id === conversation.id ? { ...item, title: conversation.title } : item
  useConversations.setState({ items: items.map(titled), ...(selected ? { selected: titled(selected) } : {}) })
}

function listen(): void {
  if (listening) return
  listening = true
  subscribe('chat:stream', apply)
  subscribe('chat:titled', showTitle)
}

/** The place a new version takes among the versions of the message it replaces: the last. */
function nextVersion(replaced: MessageView): BranchPlace {
  const count = (replaced.branch?.count ?? 1) + 1
  return { index: count, count }
}

/** The empty reply a turn's answer names, as the message list shows it until it is read again. */
function startedReply(sent: ChatSendView, branch?: BranchPlace): MessageView {
  return {
    id: sent.replyId,
    role: 'assistant',
    text: '',
    createdAt: sent.userMessage.createdAt,
    ...(branch ? { branch } : {})
  }
}

export const useChat = create<ChatState>()((set, get) => ({
  replies: {},
  inputsNeeded: {},

  inputsGiven(serverId) {
    set({
      inputsNeeded: Object.fromEntries(
        Object.entries(get().inputsNeeded).map(([id, servers]) => [
          id,
          servers.filter((server) => server.serverId !== serverId)
        ])
      )
    })
  },

  async send(conversationId, text, profileId) {
    const sent = await get().follow(conversationId, text, () =>
      call('chat:send', { conversationId, text, ...(profileId ? { profileId } : {}) })
    )
    useConversations.getState().appendMessages(conversationId, [sent.userMessage, startedReply(sent)])
    return sent
  },

  async regenerate(conversationId, replaced) {
    const sent = await get().follow(conversationId, null, () =>
      call('chat:regenerate', { conversationId, messageId: replaced.id })
    )
    useConversations
      .getState()
      .replaceMessagesFrom(conversationId, replaced.id, [startedReply(sent, nextVersion(replaced))], null)
    return sent
  },

  async edit(conversationId, replaced, text) {
    const sent = await get().follow(conversationId, text, () =>
      call('chat:edit', { conversationId, messageId: replaced.id, text })
    )
    useConversations
      .getState()
      .replaceMessagesFrom(
        conversationId,
        replaced.id,
        [{ ...sent.userMessage, branch: nextVersion(replaced) }, startedReply(sent)],
        null
      )
    return sent
  },

  async follow(conversationId, text, start) {
    listen()
    const sent = await start()
    const reply: LiveReply = {
      streamId: sent.streamId,
      conversationId,
      userText: text ?? sent.userMessage.text,
      profileId: sent.profile.id,
      model: sent.profile.model,
      text: '',
      parts: [],
      status: 'streaming',
      error: null,
      stored: null
    }
    set({ replies: { ...get().replies, [sent.replyId]: reply } })
    replyOfStream.set(sent.streamId, sent.replyId)
    const buffered = early.get(sent.streamId) ?? []
    early.delete(sent.streamId)
    for (const event of buffered) apply(event)
    return sent
  },

  async stop(replyId) {
    const reply = get().replies[replyId]
    if (!reply || reply.status !== 'streaming') return
    await call('chat:stop', { streamId: reply.streamId })
  }
}))

/** The id of the reply streaming in a conversation, if any. */
export function streamingReplyIn(state: ChatState, conversationId: string | null): string | null {
  for (const [id, reply] of Object.entries(state.replies))
    if (reply.conversationId === conversationId && reply.status === 'streaming') return id
  return null
}
