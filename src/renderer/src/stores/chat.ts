// Chat turns in the window: sending a message, the replies as they stream in (one entry per reply, so only the
// streaming reply re-renders on each chunk), stopping a reply and trying a failed one again. A reply that calls tools
// holds its text and its tool calls' cards in the order they came (the replies after them included). The servers a
// conversation's last turn could not start for want of their `${input:…}` values are kept, for the chat to ask.
import { flushSync } from 'react-dom'
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
/**
 * A sent message and its reply are shown at the click, under ids of the window's own, and keep those as their keys in
 * the message list once the main process names them (stored id → the key shown): the rows are not made again.
 */
const shownKeys = new Map<string, string>()
let shownCount = 0

/** A sent message and its reply, named by the main process while the reply streams under the id it was shown with. */
interface Named {
  conversationId: string
  replyId: string
  /** Shown id → the message as stored. */
  stored: ReadonlyMap<string, MessageView>
}
/**
 * By shown reply id. The list keeps the shown ids until the reply ends (the rows are not rendered again while its first
 * words are on their way); the live reply answers to its stored id as well, for a list read again meanwhile.
 */
const named = new Map<string, Named>()

/** Whether `id` is the stored id a live reply also answers to while the list shows it under its shown id. */
function isAlias(id: string): boolean {
  for (const turn of named.values()) if (turn.replyId === id) return true
  return false
}

/** The list shows the stored ids of a sent message and its reply (now or when the reply ends); the reply's id in it. */
function showStored(shownId: string): string {
  const turn = named.get(shownId)
  if (!turn) return shownId
  named.delete(shownId)
  const { replies } = useChat.getState()
  const live = replies[shownId]
  if (live) useChat.setState({ replies: { ...without(replies, shownId), [turn.replyId]: live } })
  useConversations.getState().replaceShown(turn.conversationId, turn.stored)
  return turn.replyId
}

/** The key a message has in the message list. */
export function messageListKey(id: string): string {
  return shownKeys.get(id) ?? id
}

let listening = false

function apply(event: ChatStreamView): void {
  const listed = replyOfStream.get(event.streamId)
  if (listed === undefined) {
    const buffered = early.get(event.streamId) ?? []
    buffered.push(event)
    early.set(event.streamId, buffered)
    while (early.size > EARLY_STREAMS) early.delete(early.keys().next().value as string)
    return
  }
  const reply = useChat.getState().replies[listed]
  if (!reply || reply.status !== 'streaming') return
  const next: LiveReply = { ...reply, text: reply.text + event.delta, parts: nextParts(reply.parts, event) }
  let replyId = listed
  if (event.done) {
    next.status = event.status ?? 'complete'
    next.error = event.status === 'error' ? (event.error ?? 'The reply failed.') : null
    next.stored = event.reply ?? null
    replyOfStream.delete(event.streamId)
    replyId = showStored(listed)
    const replies = useChat.getState().replies
    useChat.setState((state) => ({
      inputsNeeded: { ...state.inputsNeeded, [reply.conversationId]: event.inputsNeeded ?? [] }
    }))
    // A turn that called tools is shown as stored from now on: its replies and calls, each a message of its own
    // (as a later read shows them; a failed one keeps its Retry).
    if (event.turn && next.status !== 'error') {
      useChat.setState({ replies: without(replies, replyId) })
      useConversations.getState().replaceMessagesFrom(reply.conversationId, replyId, event.turn, null)
      return
    }
  }
  // A reply's first words render within the task that brought them, not a scheduler's turn later.
  const first = reply.text === '' && next.text !== ''
  const alias = named.get(replyId)?.replyId
  const show = (): void =>
    useChat.setState((state) => ({
      replies: { ...state.replies, [replyId]: next, ...(alias === undefined ? {} : { [alias]: next }) }
    }))
  if (first) flushSync(show)
  else show()
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

/** A reply that has just started, as the window follows it. */
function liveReply(
  streamId: string,
  conversationId: string,
  userText: string,
  profileId: string,
  model: string
): LiveReply {
  return {
    streamId,
    conversationId,
    userText,
    profileId,
    model,
    text: '',
    parts: [],
    status: 'streaming',
    error: null,
    stored: null
  }
}

function without(replies: Record<string, LiveReply>, id: string): Record<string, LiveReply> {
  return Object.fromEntries(Object.entries(replies).filter(([key]) => key !== id))
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
    listen()
    const streamId = crypto.randomUUID()
    const answer = call('chat:send', { conversationId, text, streamId, ...(profileId ? { profileId } : {}) })
    // Shown at once (the call is on its way first), named by the window until the main process answers; the reply's
    // first chunks may come before that answer, and show.
    shownCount += 1
    const now = new Date().toISOString()
    const user: MessageView = { id: `shown-${shownCount}-user`, role: 'user', text, createdAt: now }
    const shownReply: MessageView = {
      id: `shown-${shownCount}-reply`,
      role: 'assistant',
      text: '',
      createdAt: now
    }
    replyOfStream.set(streamId, shownReply.id)
    set({
      replies: {
        ...get().replies,
        [shownReply.id]: liveReply(streamId, conversationId, text, profileId ?? '', '')
      }
    })
    useConversations.getState().appendMessages(conversationId, [user, shownReply])
    let sent: ChatSendView
    try {
      sent = await answer
    } catch (error) {
      replyOfStream.delete(streamId)
      set({ replies: without(get().replies, shownReply.id) })
      useConversations.getState().removeShown(conversationId, [user.id, shownReply.id])
      throw error
    }
    shownKeys.set(sent.userMessage.id, user.id)
    shownKeys.set(sent.replyId, shownReply.id)
    named.set(shownReply.id, {
      conversationId,
      replyId: sent.replyId,
      stored: new Map([
        [user.id, sent.userMessage],
        [shownReply.id, startedReply(sent)]
      ])
    })
    // The reply names its profile and model (a failed one retries with them), whether it streams or already ended.
    const live = get().replies[shownReply.id]
    const streaming = live?.status === 'streaming'
    if (live) {
      const withModel = { ...live, profileId: sent.profile.id, model: sent.profile.model }
      const alias = streaming ? { [sent.replyId]: withModel } : {}
      set({ replies: { ...get().replies, [shownReply.id]: withModel, ...alias } })
    }
    if (!streaming) showStored(shownReply.id)
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
    const reply = liveReply(
      sent.streamId,
      conversationId,
      text ?? sent.userMessage.text,
      sent.profile.id,
      sent.profile.model
    )
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

/** The id of the reply streaming in a conversation, if any (as the list shows it). */
export function streamingReplyIn(state: ChatState, conversationId: string | null): string | null {
  for (const [id, reply] of Object.entries(state.replies))
    if (reply.conversationId === conversationId && reply.status === 'streaming' && !isAlias(id)) return id
  return null
}
